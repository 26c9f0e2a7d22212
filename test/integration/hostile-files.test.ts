import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadFolderCapture, type ReplayServer, startReplayServer } from '../support/replay-server.ts';
import { kapi } from '../support/run-cli.ts';

/**
 * Issue 21 items 3, 4 and 11: cache folders other users can write are ignored, files that are not
 * regular files never hang a read, output files replace a symbolic link instead of writing
 * through it, and a context name too long for a file name does not stop a fleet's snapshot.
 */
const k0sCapture = new URL('../data/k0s-v1.21.0-capture', import.meta.url).pathname;

/** The one surface.json under a cache root. */
function cacheEntry(cache: string): string {
  const found = readdirSync(cache, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('surface.json'));
  assert.equal(found.length, 1, found.join(', '));
  return join(cache, found[0] as string);
}

/** Adds a resource to the cached surface, as another user who can write the folder would. */
function plantForgedResource(file: string): void {
  const entry = JSON.parse(readFileSync(file, 'utf8'));
  const core = entry.surface.groups.find((group: { name: string }) => group.name === '');
  core.versions[0].resources.push({ ...core.versions[0].resources[0], name: 'forgedthings', kind: 'Forged' });
  writeFileSync(file, JSON.stringify(entry));
}

describe('hostile files and folders', () => {
  let server: ReplayServer;
  let dir: string;
  before(async () => {
    server = await startReplayServer(loadFolderCapture(k0sCapture));
    dir = mkdtempSync(join(tmpdir(), 'kapi-hostile-files-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A cache with one entry for the server, written by kapi itself. */
  async function primedCache(name: string): Promise<{ env: { XDG_CACHE_HOME: string }; file: string }> {
    const cache = join(dir, name);
    const env = { XDG_CACHE_HOME: cache };
    const first = await kapi(['api-resources', '--server', server.url], env);
    assert.equal(first.code, 0, first.stderr);
    return { env, file: cacheEntry(cache) };
  }

  for (const [label, spoil, why] of [
    [
      'writable by others (0777)',
      (folder: string) => chmodSync(folder, 0o777),
      /it is writable by group or others \(mode 777; chmod 700 it\)/,
    ],
    ['owned by another user', (folder: string) => chownSync(folder, 65534, 65534), /it is owned by uid 65534, not by you/],
  ] as const) {
    test(`a kapi/ cache folder ${label} is ignored, said once, neither read nor written`, async () => {
      const { env, file } = await primedCache(`cache-${label.replace(/\W+/g, '-')}`);
      plantForgedResource(file);
      const trusted = await kapi(['api-resources', '--cached', '--server', server.url], env);
      assert.match(trusted.stdout, /^forgedthings /m, 'the planted entry is read while the folder is private');
      spoil(join(env.XDG_CACHE_HOME, 'kapi'));
      const before = readFileSync(file, 'utf8');
      for (const args of [['api-resources', '--cached'], ['api-resources'], ['explain', 'pods']]) {
        const result = await kapi([...args, '--server', server.url], env);
        assert.equal(result.code, 0, result.stderr);
        assert.doesNotMatch(result.stdout, /forgedthings/);
        const warnings = result.stderr.split('\n').filter((line) => line.startsWith('Warning: ignoring the cache folder'));
        assert.equal(warnings.length, 1, result.stderr);
        assert.match(warnings[0] as string, why);
      }
      assert.equal(readFileSync(file, 'utf8'), before, 'nothing was written there');
      assert.deepEqual(
        readdirSync(env.XDG_CACHE_HOME, { recursive: true, encoding: 'utf8' }).filter((name) => name.includes('openapi')),
        [],
      );
    });
  }

  test('a FIFO as the cache file is a miss, not a wait', async () => {
    const { env, file } = await primedCache('cache-fifo');
    rmSync(file);
    execFileSync('mkfifo', [file]);
    const started = Date.now();
    const result = await kapi(['api-resources', '--cached', '--server', server.url], env, 20_000);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^pods /m);
    assert.ok(Date.now() - started < 15_000);
  });

  test('a FIFO with no writer as the snapshot fails at once with exit 4', async () => {
    const fifo = join(dir, 'snapshot.fifo');
    execFileSync('mkfifo', [fifo]);
    const result = await kapi(['api-resources', '--snapshot', fifo], {}, 20_000);
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /^error: failed to read snapshot /);
  });

  test('atlas --html, audit --html and snapshot --output-dir replace a symbolic link, never write through it', async () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me\n');
    const out = join(dir, 'out');
    mkdirSync(out);
    for (const name of ['atlas.html', 'audit.html', 'default.json']) symlinkSync(victim, join(out, name));
    const runs = [
      ['atlas', '--html', join(out, 'atlas.html'), '--snapshot', 'builtin'],
      ['audit', '--html', join(out, 'audit.html'), '--snapshot', 'builtin'],
      ['snapshot', '--output-dir', out, '--server', server.url],
    ];
    for (const args of runs) {
      const result = await kapi(args);
      assert.ok(result.code === 0 || result.code === 10, `${args.join(' ')}: ${result.stderr}`);
    }
    assert.equal(readFileSync(victim, 'utf8'), 'keep me\n');
    for (const name of ['atlas.html', 'audit.html', 'default.json']) {
      assert.ok(lstatSync(join(out, name)).isFile(), name);
      assert.ok(statSync(join(out, name)).size > 1000, name);
    }
    assert.deepEqual(readdirSync(out).sort(), ['atlas.html', 'audit.html', 'default.json'], 'no temporary file is left');
  });

  test('snapshot --output-dir with a 300-character context name: a shortened unique file, every context captured', async () => {
    const long = `ctx-${'x'.repeat(296)}`;
    const longer = `ctx-${'x'.repeat(296)}-2`;
    const config = join(dir, 'long-contexts.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'short',
        clusters: [{ name: 'c', cluster: { server: server.url } }],
        users: [{ name: 'u', user: {} }],
        contexts: [long, 'short', longer].map((name) => ({ name, context: { cluster: 'c', user: 'u' } })),
      }),
    );
    const out = join(dir, 'long-out');
    const result = await kapi(['snapshot', '--all-contexts', '--kubeconfig', config, '--output-dir', out]);
    assert.equal(result.code, 0, result.stderr);
    const files = readdirSync(out).sort();
    assert.equal(files.length, 3, files.join('\n'));
    assert.ok(files.includes('short.json'));
    for (const file of files) assert.ok(file.length <= 205, file);
    assert.match(files[0] as string, /^ctx-x{179}-[0-9a-f]{16}\.json$/);
  });
});
