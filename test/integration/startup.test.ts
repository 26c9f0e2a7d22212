import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadFolderCapture, startReplayServer } from '../support/replay-server.ts';
import { kapi, runCommand } from '../support/run-cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}/oclif.manifest.json`, 'utf8')) as { commands: Record<string, unknown> };
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version: string };

/** oclif's own main, run on the built package: what kapi's launcher must print byte for byte. */
function oclif(args: string[], env: NodeJS.ProcessEnv = {}) {
  const script = `import('@oclif/core').then((o) => o.run(${JSON.stringify(args)}, ${JSON.stringify(`${root}/bin/run.js`)}))`;
  return runCommand(process.execPath, ['--input-type=module', '-e', script], env);
}

describe('start-up: --version and --help answered by the launcher are oclif’s answers', () => {
  test('--version prints oclif’s user agent', async () => {
    const [ours, theirs] = await Promise.all([kapi(['--version']), oclif(['--version'])]);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(ours.stdout, `kapi/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`);
    assert.equal(ours.stdout, theirs.stdout);
  });

  for (const args of [[], ['--help'], ...Object.keys(manifest.commands).map((id) => [id, '--help'])]) {
    test(`kapi ${args.join(' ') || '(no arguments)'} prints oclif's help`, async () => {
      const [ours, theirs] = await Promise.all([kapi(args), oclif(args)]);
      assert.equal(theirs.code, 0, theirs.stderr);
      assert.equal(ours.stderr, '');
      assert.equal(ours.stdout, theirs.stdout);
    });
  }

  test('help in other shapes (hoisted global flags, OCLIF_COLUMNS) is still oclif’s', async () => {
    const cases: Array<[string[], string[], NodeJS.ProcessEnv]> = [
      [['--context', 'x', 'api-resources', '--help'], ['api-resources', '--help'], {}],
      [['api-versions', '--help'], ['api-versions', '--help'], { OCLIF_COLUMNS: '120' }],
    ];
    for (const [args, oclifArgs, env] of cases) {
      const [ours, theirs] = await Promise.all([kapi(args, env), oclif(oclifArgs, env)]);
      assert.equal(ours.code, 0, ours.stderr);
      assert.equal(ours.stdout, theirs.stdout);
    }
  });

  test('an unknown command is oclif’s error, exit 2', async () => {
    const result = await kapi(['no-such-command']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /command no-such-command not found/);
  });

  test('a name an object inherits (constructor, __proto__, toString) is an unknown command too', async () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      const result = await kapi([name]);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr, `error: command ${name} not found; see 'kapi --help'\n`);
    }
  });
});

describe('a command runs without oclif: only its parser', () => {
  const dist = join(root, 'dist');
  /** The files a module imports statically (not through import()), and theirs. */
  function staticGraph(start: string): string[] {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const match of readFileSync(join(dist, file), 'utf8').matchAll(
        /(?:^|[;}\n])\s*import\s*(?:[\w$*{}\s,]+from\s*)?["']\.\/([^"']+)["']/g,
      )) {
        visit(match[1] as string);
      }
    };
    visit(start);
    return [...seen];
  }
  /** The file a dynamic import() in `file` loads, found by what precedes it (the bundle is minified). */
  const dynamicImport = (file: string, before: string) =>
    new RegExp(`${before}import\\("\\./([^"]+)"\\)`).exec(readFileSync(join(dist, file), 'utf8'))?.[1];
  const launcher = dynamicImport('kapi.js', String.raw`\{runCli:[\w$]+\}=await `);

  // `kapi help X` is answered as `kapi X --help`: help has no bundle of its own.
  for (const id of Object.keys(manifest.commands).filter((id) => id !== 'help')) {
    test(`kapi ${id}: the launcher and the command's one bundle load oclif's parser, never oclif's config`, () => {
      assert.ok(launcher, 'the launcher chunk');
      assert.match(readFileSync(join(dist, launcher), 'utf8'), /"\.\/kapi-"\+[\w$]+\+"\.js"/, 'the launcher loads dist/kapi-<id>.js');
      const command = `kapi-${id}.js`;
      assert.deepEqual(staticGraph(command), [command], `${command} is one bundle`);
      const files = [...new Set([...staticGraph('kapi.js'), ...staticGraph(launcher), command])];
      const text = files.map((file) => readFileSync(join(dist, file), 'utf8')).join('\n');
      assert.match(text, /Nonexistent flag/, "oclif's parser is there");
      // scopedEnvVar is oclif's Config (and its Command): loaded only for help and unknown commands.
      assert.doesNotMatch(text, /scopedEnvVar/, `oclif's config is loaded with ${id}`);
    });
  }

  /** The built-in modules a kapi run loaded (process.moduleLoadList, written at exit by a --require probe). */
  async function loadedBuiltins(args: string[]): Promise<string[]> {
    const dir = mkdtempSync(join(tmpdir(), 'kapi-loaded-'));
    try {
      const probe = join(dir, 'probe.cjs');
      const list = join(dir, 'loaded.txt');
      writeFileSync(
        probe,
        `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));`,
      );
      const result = await kapi(args, { NODE_OPTIONS: `--require ${probe}` });
      assert.equal(result.code, 0, result.stderr);
      return readFileSync(list, 'utf8')
        .split('\n')
        .flatMap((line) => (line.startsWith('NativeModule ') ? [line.slice('NativeModule '.length)] : []));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test('an offline run loads no HTTP, TLS, zlib, crypto, child_process or fs/promises: the transport, hashing and exec plugins come with the first request', async () => {
    const loaded = await loadedBuiltins(['api-resources', '--snapshot', 'builtin']);
    assert.ok(loaded.includes('fs'), 'the probe ran');
    for (const name of ['http', 'https', 'tls', 'zlib', 'crypto', 'child_process', 'fs/promises', 'readline'])
      assert.ok(!loaded.includes(name), `${name} was loaded`);
  });

  test('a live run without an exec credential plugin loads no child_process', async () => {
    const server = await startReplayServer(loadFolderCapture(join(root, 'test/data/k0s-v1.21.0-capture')));
    try {
      const loaded = await loadedBuiltins(['api-resources', '--server', server.url, '-o', 'name']);
      assert.ok(loaded.includes('http'), 'the probe ran a live command');
      assert.ok(!loaded.includes('child_process'), 'child_process was loaded');
    } finally {
      await server.close();
    }
  });

  test("oclif's own main still runs a command class (static run), with the same output", async () => {
    const args = ['api-resources', '--snapshot', 'builtin', '-o', 'name'];
    const [ours, theirs] = await Promise.all([kapi(args), oclif(args)]);
    assert.equal(theirs.code, 0, theirs.stderr);
    assert.equal(theirs.stdout, ours.stdout);
  });
});
