import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { helpKey } from '../../src/launch/quick.ts';
import { helpArgs } from '../../src/launch/run.ts';

describe('helpKey: the help requests the launcher answers without oclif', () => {
  const cases: Array<[string[], string | undefined]> = [
    [[], ''],
    [['--help'], ''],
    [['api-resources', '--help'], 'api-resources'],
    [['--help', 'api-resources'], undefined],
    [['api-resources', '-o', 'wide', '--help'], undefined],
    [['--context', 'x', 'api-resources', '--help'], undefined],
    [['api-resources'], undefined],
    [['--version'], undefined],
    [['-h'], undefined],
    // kubectl's help command: `help` is the root help, `help X` is X's, `help help` and `help --help` help's own.
    [['help'], ''],
    [['help', 'explain'], 'explain'],
    [['help', 'help'], 'help'],
    [['help', '--help'], 'help'],
    [['help', '-o'], undefined],
    [['help', 'explain', '--snapshot'], undefined],
  ];
  for (const [argv, expected] of cases) {
    test(`${JSON.stringify(argv)} -> ${JSON.stringify(expected)}`, () => assert.equal(helpKey(argv), expected));
  }
});

describe('helpArgs: what `kapi help WORDS` stands for', () => {
  const cases: Array<[string[], string[]]> = [
    [[], ['--help']],
    [['explain'], ['explain', '--help']],
    [
      ['explain', '-o', 'json'],
      ['explain', '-o', 'json', '--help'],
    ],
    [['help'], ['help', '--help']],
    [
      ['help', 'explain'],
      ['help', '--help'],
    ],
    [['--help'], ['help', '--help']],
    [['-h'], ['help', '--help']],
    [['bogus'], ['bogus', '--help']],
  ];
  for (const [words, expected] of cases) {
    test(`help ${words.join(' ')} -> ${expected.join(' ')}`, () => assert.deepEqual(helpArgs(words), expected));
  }
});

describe('commandLoaders', () => {
  test('loads every command oclif knows, and only those, but help (the launcher answers it as --help)', async () => {
    const { COMMANDS } = await import('../../src/commands.ts');
    const { commandLoaders } = await import('../../src/launch/commands.ts');
    assert.deepEqual(
      Object.keys(commandLoaders).sort(),
      Object.keys(COMMANDS)
        .filter((id) => id !== 'help')
        .sort(),
    );
    for (const [id, load] of Object.entries(commandLoaders)) assert.equal(await load(), COMMANDS[id as keyof typeof COMMANDS], id);
  });
});

describe('globalValueFlags', () => {
  test('are the global flags that take a value, in both spellings', async () => {
    const { globalFlags } = await import('../../src/cli/flags.ts');
    const { globalValueFlags } = await import('../../src/launch/run.ts');
    const expected = Object.entries(globalFlags).flatMap(([name, flag]) =>
      flag.type === 'option' ? [`--${name}`, ...('char' in flag && flag.char ? [`-${flag.char}`] : [])] : [],
    );
    assert.deepEqual([...globalValueFlags].sort(), expected.sort());
  });
});
