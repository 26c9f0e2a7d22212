// scripts/test-tmpdir.mjs: npm test runs its suites under a temporary folder of its own and fails when
// they leave anything of kapi's in it. Tried here on planted leftovers, with node as the "suites".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const guard = fileURLToPath(new URL('../../scripts/test-tmpdir.mjs', import.meta.url));
const parent = mkdtempSync(join(tmpdir(), 'kapi-tmpdir-guard-'));
after(() => rmSync(parent, { recursive: true, force: true }));

/** Runs the guard around `node -e script` with `parent` as the system temp folder. */
function guarded(script: string) {
  const result = spawnSync(process.execPath, [guard, process.execPath, '-e', script], {
    env: { ...process.env, TMPDIR: parent },
    encoding: 'utf8',
  });
  return { code: result.status, stderr: result.stderr };
}

/** Node code that creates `entries` in os.tmpdir(): a name ending in / is a folder (with a file in it). */
const plant = (...entries: string[]) =>
  `const { mkdirSync, writeFileSync } = require('node:fs'); const { join } = require('node:path'); const t = require('node:os').tmpdir();` +
  entries
    .map((entry) =>
      entry.endsWith('/')
        ? `mkdirSync(join(t, ${JSON.stringify(entry)}), { recursive: true }); writeFileSync(join(t, ${JSON.stringify(entry)}, 'f'), 'x'.repeat(2048));`
        : `writeFileSync(join(t, ${JSON.stringify(entry)}), 'x');`,
    )
    .join('');

describe('scripts/test-tmpdir.mjs', () => {
  it('a run that leaves nothing but tsx’s and Node’s caches passes, and its folder is gone', () => {
    const result = guarded(
      plant('tsx-0/', 'node-compile-cache/', 'scratch/') + `require('node:fs').rmSync(join(t, 'scratch'), { recursive: true });`,
    );
    assert.deepEqual(result, { code: 0, stderr: '' });
    assert.deepEqual(readdirSync(parent), []);
  });

  it('the suites run with TMPDIR, TMP and TEMP all set to the run’s own folder under the system one', () => {
    const script =
      `const { env } = process; const ok = env.TMPDIR === env.TMP && env.TMP === env.TEMP && require('node:path').dirname(env.TMPDIR) === ${JSON.stringify(parent)} && require('node:os').tmpdir() === env.TMPDIR;` +
      `process.exit(ok && /kapi-test-run-/.test(env.TMPDIR) ? 0 : 9);`;
    assert.deepEqual(guarded(script), { code: 0, stderr: '' });
  });

  it('a planted leftover fails a passing run (exit 1), listed with its size; the folder is removed all the same', () => {
    const result = guarded(plant('kapi-bad-documents-x1/', 'kapi-snapshot.json', 'tsx-0/', 'node-compile-cache/', 'other\u001b[2J'));
    assert.equal(result.code, 1);
    const lines = result.stderr.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^error: the tests left 3 entries in their temporary folder .*kapi-test-run-\w+ \(now removed; /);
    assert.deepEqual(lines.slice(1), ['  kapi-bad-documents-x1/ (2 KiB)', '  kapi-snapshot.json (1 B)', '  "other\\u001b[2J" (1 B)']);
    assert.deepEqual(readdirSync(parent), []);
  });

  it('failing suites keep their exit code, and what they left is still listed', () => {
    const result = guarded(`${plant('kapi-e2e-state-x/')} process.exit(3);`);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /^ {2}kapi-e2e-state-x\/ \(2 KiB\)$/m);
    assert.deepEqual(readdirSync(parent), []);
  });

  it('failing suites that leave nothing keep their exit code and add no message', () => {
    assert.deepEqual(guarded('process.exit(4)'), { code: 4, stderr: '' });
  });
});
