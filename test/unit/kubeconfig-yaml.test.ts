import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { readKubeconfigYaml } from '../../src/cluster/kubeconfig-yaml.ts';

const folder = new URL('../data/kubeconfigs/', import.meta.url);
const kubeconfigs = readdirSync(folder)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ name, text: readFileSync(new URL(name, folder), 'utf8') }));

/** js-yaml's answer, as client-node's KubeConfig.loadFromString gets it (or the error it throws). */
const jsYaml = (text: string): { value?: unknown; error?: string } => {
  try {
    return { value: load(text) };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

/** Whenever the fast reading answers, js-yaml reads the same text without error, to the same value. */
function agrees(text: string): boolean {
  const fast = readKubeconfigYaml(text);
  if (fast === undefined) return false;
  const slow = jsYaml(text);
  assert.equal(slow.error, undefined, `js-yaml refuses what the fast reading took:\n${text}`);
  assert.deepStrictEqual(fast, slow.value, text);
  return true;
}

/** Text edits that move a kubeconfig in and out of the subset: YAML's indicators, numbers, quotes, indentation. */
const fragments = [
  ':',
  ': ',
  '-',
  '- ',
  ' ',
  '  ',
  '#',
  ' #',
  "'",
  "''",
  '"',
  '\\',
  '{',
  '}',
  '{}',
  '[]',
  '[',
  '&a ',
  '*a',
  '!!str ',
  '|',
  '>',
  '%',
  '@',
  '\t',
  '\r',
  '\n',
  '\n- ',
  '\n  ',
  '~',
  'null',
  'Null',
  'true',
  'True',
  'TRUE',
  'false',
  'yes',
  'on',
  '0',
  '1',
  '-1',
  '0x1F',
  '0o17',
  '1e3',
  '.5',
  '.inf',
  '-.inf',
  '.NaN',
  '2026-12-03',
  '2026-12-03T18:00:00Z',
  '<<',
  '<<: *a',
  '__proto__',
  '---',
  '...',
  '--flag',
  '-v',
  '?',
  ',',
  'é',
  '\u00a0',
  '\ufeff',
];
const edit = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'replace', 'duplicate-line', 'indent', 'dedent', 'swap-lines', 'value'),
  at: fc.nat(),
  fragment: fc.constantFrom(...fragments),
});
type Edit = { kind: string; at: number; fragment: string };

function apply(text: string, edits: Edit[]): string {
  for (const { kind, at, fragment } of edits) {
    const lines = text.split('\n');
    const line = at % lines.length;
    const position = at % (text.length + 1);
    if (kind === 'insert') text = text.slice(0, position) + fragment + text.slice(position);
    else if (kind === 'delete') text = text.slice(0, position) + text.slice(position + 1 + (at % 3));
    else if (kind === 'replace') text = text.slice(0, position) + fragment + text.slice(position + fragment.length);
    else if (kind === 'duplicate-line') lines.splice(line, 0, lines[line] as string);
    else if (kind === 'indent') lines[line] = ` ${lines[line]}`;
    else if (kind === 'dedent') lines[line] = (lines[line] as string).replace(/^ /, '');
    else if (kind === 'swap-lines') lines.splice(line, 2, ...lines.slice(line, line + 2).reverse());
    // A whole value replaced: the scalars YAML's core schema resolves to something else than a string.
    else lines[line] = (lines[line] as string).replace(/: .*$/, `: ${fragment}`);
    if (kind !== 'insert' && kind !== 'delete' && kind !== 'replace') text = lines.join('\n');
  }
  return text;
}

describe('readKubeconfigYaml: the fast reading of a kubeconfig gives what js-yaml gives, or nothing', () => {
  it('reads the usual kubeconfigs (kubectl, kind, an exec plugin, tokens, files) to js-yaml’s value', () => {
    assert.ok(kubeconfigs.length >= 3);
    for (const { name, text } of kubeconfigs) assert.ok(agrees(text), `${name} left to js-yaml`);
  });

  it('on 4,000 edited kubeconfigs: an answer is always js-yaml’s, and many still take the fast path', () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.nat(kubeconfigs.length - 1), fc.array(edit, { minLength: 1, maxLength: 3 }), (index, edits) => {
        if (agrees(apply(kubeconfigs[index]?.text as string, edits))) fast++;
      }),
      { seed: 20261203, numRuns: 4000 },
    );
    assert.ok(fast > 500, `only ${fast} edited kubeconfigs took the fast path`);
  });

  const left: Array<[string, string]> = [
    ['a flow mapping', 'clusters:\n- name: a\n  cluster: { server: "https://x" }\n'],
    ['an anchor and an alias', 'a: &x b\nc: *x\n'],
    ['a number', 'a: 1\n'],
    ['a date', 'a: 2026-12-03\n'],
    ['a block scalar', 'a: |\n  b\n'],
    ['a comment after a value', 'a: b # c\n'],
    ['a duplicate key', 'a: b\na: c\n'],
    ['a key js-yaml reads as a boolean', 'True: b\n'],
    ['a tab', 'a:\tb\n'],
    ['Windows line ends', 'a: b\r\nc: d\r\n'],
    ['a byte order mark', '\ufeffa: b\n'],
    ['a document marker', '---\na: b\n'],
    ['an escape in double quotes', 'a: "b\\nc"\n'],
    ['a plain scalar on two lines', 'a: b\n  c\n'],
    ['a sequence at the top', '- a\n'],
    ['only comments', '# nothing\n'],
    ['a __proto__ key', '__proto__: a\n'],
    ['a merge key', 'a:\n  <<: {b: c}\n'],
  ];
  for (const [name, text] of left) {
    it(`${name}: left to js-yaml`, () => {
      assert.equal(readKubeconfigYaml(text), undefined);
    });
  }
});
