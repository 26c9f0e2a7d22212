// Rewrites the README's bad-input table from the cases that
// test/integration/bad-input.test.ts asserts: `npm run docs:bad-input`.
import { readFileSync, writeFileSync } from 'node:fs';
import { badInputCases } from '../test/integration/bad-input-cases.ts';
import { withBadInputTable } from '../test/integration/bad-input-table.ts';

const readme = new URL('../README.md', import.meta.url);
writeFileSync(readme, withBadInputTable(readFileSync(readme, 'utf8'), badInputCases));
