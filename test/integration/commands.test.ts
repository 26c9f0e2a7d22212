import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { globalFlags } from '../../src/cli/flags.ts';
import { humanDuration } from '../../src/render/apiservices.ts';
import { readSnapshot } from '../../src/snapshot/snapshot.ts';
import { kapiVersion } from '../../src/version.ts';
import { kapi } from '../support/run-cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}/oclif.manifest.json`, 'utf8')) as {
  commands: Record<string, { flags: Record<string, unknown> }>;
};
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { files: string[] };
const optionsLine = 'Use "kapi options" for a list of global command-line options (applies to all commands).';
/** Global flags each command's help leaves to `kapi options` (all but --snapshot). */
const optionsOnly = Object.keys(globalFlags).filter((name) => name !== 'snapshot');

describe('commands kubectl users type', () => {
  test('kapi help COMMAND is kapi COMMAND --help; kapi help is kapi --help', async () => {
    const [help, flag, rootHelp, rootFlag, hoisted] = await Promise.all([
      kapi(['help', 'explain']),
      kapi(['explain', '--help']),
      kapi(['help']),
      kapi(['--help']),
      kapi(['--context', 'prod', 'help', 'explain']),
    ]);
    assert.equal(help.code, 0, help.stderr);
    assert.equal(help.stdout, flag.stdout);
    assert.equal(hoisted.stdout, flag.stdout);
    assert.equal(rootHelp.code, 0, rootHelp.stderr);
    assert.equal(rootHelp.stdout, rootFlag.stdout);
    assert.match(rootHelp.stdout, /^ {2}help +Show the help/m);
  });

  test('kapi help help and kapi help --help show help’s own help, as kubectl help help does', async () => {
    const [help, flag] = await Promise.all([kapi(['help', 'help']), kapi(['help', '--help'])]);
    assert.equal(help.code, 0, help.stderr);
    assert.equal(help.stderr, '');
    assert.match(help.stdout, /^Show the help of kapi or of one command\.\n\nUSAGE\n {2}\$ kapi help \[COMMAND\]\n/);
    assert.equal(flag.stdout, help.stdout);
  });

  test('kapi help [COMMAND] is answered by the launcher (no oclif), with the text oclif prints', async () => {
    const { quickAnswer } = await import('../../src/launch/quick.ts');
    for (const words of [[], ['explain'], ['help'], ['api-resources']]) {
      const argv = ['help', ...words];
      const quick = quickAnswer(argv, `${root}/bin/run.js`, {}, false);
      assert.equal(typeof quick, 'string', `kapi ${argv.join(' ')} is a quick answer`);
      // OCLIF_COLUMNS sends help to oclif (80 columns, as the build renders the quick answers).
      const oclif = await kapi(argv, { OCLIF_COLUMNS: '80' });
      assert.equal(oclif.code, 0, oclif.stderr);
      assert.equal(quick?.replace(/ node-v[\d.]+/, ''), oclif.stdout.replace(/ node-v[\d.]+/, ''), argv.join(' '));
    }
  });

  test('a name an object inherits is an unknown command with --help and after help too', async () => {
    for (const args of [
      ['constructor', '--help'],
      ['help', 'toString'],
      ['help', '__proto__'],
    ]) {
      const result = await kapi(args);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(
        result.stderr,
        `error: command ${args.find((arg) => arg !== 'help' && arg !== '--help')} not found; see 'kapi --help'\n`,
      );
    }
  });

  test('kapi version --client prints the client version only; kapi version --snapshot the recorded server version', async () => {
    const client = await kapi(['version', '--client']);
    assert.deepEqual(client, { code: 0, stdout: `Client Version: v${kapiVersion}\n`, stderr: '' });
    const snapshot = await kapi(['version', '--snapshot', 'builtin:v1.29']);
    assert.deepEqual(snapshot, { code: 0, stdout: `Client Version: v${kapiVersion}\nServer Version: v1.29.6\n`, stderr: '' });
  });

  test('kapi version with the cluster down prints the client version, then the error (exit 5)', async () => {
    const result = await kapi(['version', '--server', 'http://127.0.0.1:1']);
    assert.equal(result.stdout, `Client Version: v${kapiVersion}\n`);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /^error: failed to GET http:\/\/127\.0\.0\.1:1\/version\?timeout=32s: connect ECONNREFUSED/);
  });
});

describe('global flags are listed once, by kapi options', () => {
  test('kapi options lists every global flag, with its default', async () => {
    const result = await kapi(['options']);
    assert.equal(result.code, 0, result.stderr);
    for (const name of Object.keys(globalFlags)) assert.match(result.stdout, new RegExp(`^ {2}(-., )?--${name}\\b`, 'm'), name);
    assert.match(result.stdout, /^ {2}--request-timeout=<value>\n {6}\[default: 32s\]/m);
    assert.match(result.stdout, /^ {2}-n, --namespace=<value>$/m);
  });

  for (const [id, command] of Object.entries(manifest.commands)) {
    test(`kapi ${id} --help shows its own flags and points at kapi options`, async () => {
      const result = await kapi([id, '--help']);
      assert.equal(result.code, 0, result.stderr);
      // The usage line and the flag sections come before DESCRIPTION, which may still name a global flag.
      const flagPart = result.stdout.split('\nDESCRIPTION\n')[0] as string;
      for (const name of optionsOnly) assert.doesNotMatch(flagPart, new RegExp(`--${name}\\b`), `--${name} in ${id}'s help`);
      const takesGlobal = optionsOnly.some((name) => name in command.flags);
      assert.equal(result.stdout.trimEnd().endsWith(optionsLine), takesGlobal, result.stdout.slice(-300));
    });
  }

  test("no command's help names a file the package does not ship", async () => {
    const shipped = pkg.files;
    for (const id of Object.keys(manifest.commands)) {
      const result = await kapi([id, '--help']);
      for (const path of result.stdout.match(/\b[\w.-]+\/[\w./-]+\.(?:ts|js|json|md)\b/g) ?? []) {
        assert.ok(
          shipped.some((folder) => path.startsWith(`${folder}/`)),
          `${id} --help names ${path}, which the package does not ship`,
        );
      }
    }
  });
});

describe('snapshots show the age things had when they were captured', () => {
  test('apiservices --snapshot builtin: AGE counts to the capture time, not to today (issue 21 item 24)', async () => {
    const { surface } = await readSnapshot('builtin');
    const first = surface.apiServices?.[0];
    assert.ok(first?.creationTimestamp && surface.source.capturedAt);
    const expected = humanDuration(Date.parse(surface.source.capturedAt) - Date.parse(first.creationTimestamp));
    const result = await kapi(['apiservices', '--snapshot', 'builtin']);
    assert.equal(result.code, 0, result.stderr);
    const row = result.stdout.split('\n').find((line) => line.startsWith(`${first.name} `));
    assert.equal(row?.trim().split(/\s+/).at(-1), expected, result.stdout);
  });
});
