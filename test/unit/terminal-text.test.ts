import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { markdownText, toCsv, toJson, toMarkdown, toYaml } from '../../src/render/formats.ts';
import { tabwriteRows } from '../../src/render/tabwriter.ts';
import { terminalText } from '../../src/render/terminal-text.ts';

describe('terminalText: one rule for text from a server or a file', () => {
  // [class, input, as a cell (Go %q), escaped in place on a line]
  const classes: Array<[string, string, string, string]> = [
    ['plain text is unchanged', 'deployments.apps', 'deployments.apps', 'deployments.apps'],
    ['backslashes and quotes alone are unchanged', 'a\\d"b', 'a\\d"b', 'a\\d"b'],
    [
      'C0: escape sequences (OSC title, clear screen)',
      'w\u001b]0;PWNED\u0007\u001b[2J',
      '"w\\x1b]0;PWNED\\a\\x1b[2J"',
      'w\\x1b]0;PWNED\\a\\x1b[2J',
    ],
    ['C0: NUL and backspace', 'a\u0000b\bc', '"a\\x00b\\bc"', 'a\\x00b\\bc'],
    ['C0: newline, carriage return and tab', 'po\nds\r\t', '"po\\nds\\r\\t"', 'po\\nds\\r\\t'],
    ['DEL', 'd\u007f', '"d\\u007f"', 'd\\u007f'],
    ['C1: CSI and NEL', 'x\u009b2Jy\u0085', '"x\\u009b2Jy\\u0085"', 'x\\u009b2Jy\\u0085'],
    ['bidi overrides and embeddings', 'a\u202eb\u202ac\u202d', '"a\\u202eb\\u202ac\\u202d"', 'a\\u202eb\\u202ac\\u202d'],
    ['bidi isolates', '\u2066x\u2067y\u2068z\u2069', '"\\u2066x\\u2067y\\u2068z\\u2069"', '\\u2066x\\u2067y\\u2068z\\u2069'],
    ['bidi marks (LRM, RLM, ALM)', 'a\u200eb\u200fc\u061c', '"a\\u200eb\\u200fc\\u061c"', 'a\\u200eb\\u200fc\\u061c'],
    ['line and paragraph separators', 'a\u2028b\u2029', '"a\\u2028b\\u2029"', 'a\\u2028b\\u2029'],
    ['a quoted cell escapes its quotes and backslashes', 'a"\\\u001b', '"a\\"\\\\\\x1b"', 'a"\\\\x1b'],
    ['other Unicode is unchanged', 'café 世界 ✓ 🚀', 'café 世界 ✓ 🚀', 'café 世界 ✓ 🚀'],
  ];
  for (const [name, input, cell, line] of classes) {
    test(name, () => {
      assert.equal(terminalText(input), cell);
      assert.equal(terminalText(input, 'line'), line);
    });
  }

  test('prose keeps newlines and tabs and escapes the rest in place', () => {
    assert.equal(terminalText('line one\n\tline two\u001b[31m\u202e', 'prose'), 'line one\n\tline two\\x1b[31m\\u202e');
    assert.equal(terminalText('plain\nprose', 'prose'), 'plain\nprose');
  });

  test('escaping is idempotent, so a value escaped twice reads the same', () => {
    for (const [, input] of classes) {
      const once = terminalText(input);
      assert.equal(terminalText(once), once);
      assert.equal(terminalText(once, 'line'), once);
    }
  });
});

describe('renderers built on it', () => {
  const hostile = 'w\u001b]0;PWNED\u0007\u001b[2J';

  test('a newline or a tab in a cell cannot add a row or a column', () => {
    const table = tabwriteRows([
      ['NAME', 'SHORTNAMES'],
      ['pods', 'po\nforged   row'],
      ['a\tb', 'x'],
    ]);
    assert.equal(table, 'NAME     SHORTNAMES\npods     "po\\nforged   row"\n"a\\tb"   x\n');
  });

  test('csv and markdown escape cells', () => {
    assert.equal(toCsv(['name'], [[hostile]]), 'name\n"""w\\x1b]0;PWNED\\a\\x1b[2J"""\n');
    assert.equal(toMarkdown(['name'], [[`a|${hostile}`]]), '| name |\n| --- |\n| "a\\|w\\x1b]0;PWNED\\a\\x1b[2J" |\n');
  });

  test('csv: a cell a spreadsheet would evaluate gets a leading single quote (OWASP), kapi\'s "-" and numbers do not', () => {
    const cells = ['=HYPERLINK("http://x","y")', '+1+cmd', '-2+3', '@SUM(A1)', '\t=x', '\r=x', '-', '-1', '42', 'pods', 'a=b'];
    assert.equal(
      toCsv(
        ['value'],
        cells.map((cell) => [cell]),
      ),
      [
        'value',
        `"'=HYPERLINK(""http://x"",""y"")"`,
        "'+1+cmd",
        "'-2+3",
        "'@SUM(A1)",
        '"""\\t=x"""',
        '"""\\r=x"""',
        '-',
        '-1',
        '42',
        'pods',
        'a=b',
        '',
      ].join('\n'),
    );
  });

  test('markdown: <, > and & become entities in text and code cells, pipes and backticks are escaped', () => {
    const rows = [
      ['<img src=x onerror=alert(1)>', { code: '<script>alert(1)</script>' }],
      ['<a href="javascript:alert(1)">x</a> & `b`', { code: 'spec.a|b' }],
      ['line\nbreak', { code: 'plain' }],
    ];
    assert.equal(
      toMarkdown(['text', 'code'], rows),
      [
        '| text | code |',
        '| --- | --- |',
        '| &lt;img src=x onerror=alert(1)&gt; | <code>&lt;script&gt;alert(1)&lt;/script&gt;</code> |',
        '| &lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt; &amp; \\`b\\` | `spec.a\\|b` |',
        '| line break | `plain` |',
        '',
      ].join('\n'),
    );
    assert.equal(markdownText('<b>&amp;</b>', 'line'), '&lt;b&gt;&amp;amp;&lt;/b&gt;');
  });

  test('JSON keeps the exact value, with every terminal-active character escaped by the format', () => {
    const value = { name: `${hostile}\u202e\u0085\u007f\u2028` };
    const text = toJson(value);
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e\u2028]/);
    assert.deepEqual(JSON.parse(text), value);
  });

  test('YAML keeps the exact value, double-quoting and escaping such strings', () => {
    const value = { [`k\u202e`]: [`${hostile}\u202e\u0085\u007f`, 'multi\nline', 'plain'] };
    const text = toYaml(value);
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    assert.deepEqual(parse(text), value);
    assert.equal(toYaml({ a: 'plain', b: 'multi\nline' }), 'a: plain\nb: |-\n  multi\n  line\n');
  });
});

describe('one printer for stderr, one table writer', () => {
  const srcRoot = new URL('../../src/', import.meta.url).pathname;
  const sources = (readdirSync(srcRoot, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ file, text: readFileSync(join(srcRoot, file), 'utf8') }));

  test('only src/cli/stderr.ts writes to stderr, so every warning and error is made terminal-safe', () => {
    const writers = sources.filter(({ text }) => text.includes('process.stderr.write')).map(({ file }) => file);
    assert.deepEqual(writers, [join('cli', 'stderr.ts')]);
  });

  test('tables are built from cells (tabwriteRows), never from pre-joined text', () => {
    const users = sources
      .filter(({ file, text }) => file !== join('render', 'tabwriter.ts') && /\btabwrite\(/.test(text))
      .map(({ file }) => file);
    assert.deepEqual(users, []);
  });
});
