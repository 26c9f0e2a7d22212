import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ExitCode } from '../../src/errors.ts';
import { type ReplayServer, startReplayServer } from '../support/replay-server.ts';
import { kapi } from '../support/run-cli.ts';
import { loadStatusCapture } from './explain-capture.ts';

const capture = new URL('../data/kube-v1.36.3', import.meta.url).pathname;
/** The capture has one stale group-version (broken.example.com/v1), so every listing is partial. */
const partial = ExitCode.partial;

/** Every file and folder under a directory, with its mode. */
function walk(dir: string): Array<{ path: string; mode: number; directory: boolean }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => {
    const stat = statSync(join(dir, name));
    return { path: join(dir, name), mode: stat.mode & 0o777, directory: stat.isDirectory() };
  });
}

describe('discovery cache: revalidated with If-None-Match, private, keyed by server and credentials', () => {
  let server: ReplayServer;
  let cache: string;
  before(async () => {
    const routes = loadStatusCapture(capture);
    for (const [path, etag] of [
      ['/api', '"core-etag-1"'],
      ['/apis', '"apis-etag-1"'],
    ] as const) {
      const set = routes.get(path);
      if (set?.aggregated) set.aggregated = { ...set.aggregated, headers: { etag } };
    }
    server = await startReplayServer(routes);
  });
  after(() => server.close());
  const fresh = () => {
    if (cache) rmSync(cache, { recursive: true, force: true });
    cache = mkdtempSync(join(tmpdir(), 'kapi-cache-'));
    server.requests.length = 0;
    return { XDG_CACHE_HOME: cache };
  };
  after(() => rmSync(cache, { recursive: true, force: true }));

  test('the second run asks If-None-Match, gets 304 for both roots and prints the same bytes', async () => {
    const env = fresh();
    const first = await kapi(['api-resources', '--server', server.url], env);
    assert.equal(first.code, partial, first.stderr);
    const roots = () => server.requests.filter((r) => r.path.startsWith('/api?') || r.path.startsWith('/apis?'));
    assert.deepEqual(
      roots().map((r) => r.ifNoneMatch),
      [undefined, undefined],
    );
    server.requests.length = 0;
    const second = await kapi(['api-resources', '--server', server.url], env);
    assert.equal(second.code, partial, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.deepEqual(
      roots().map((r) => r.ifNoneMatch),
      ['"core-etag-1"', '"apis-etag-1"'],
    );
    assert.equal(server.requests.length, 2, 'only the two roots, answered 304');
    const trace = await kapi(['api-versions', '--server', server.url, '-v=6'], env);
    assert.match(trace.stderr, /url="http:\/\/127\.0\.0\.1:\d+\/apis\?timeout=32s" status="304 Not Modified"/);
  });

  test('a changed ETag is a changed answer: the server is asked again and its new body used', async () => {
    const env = fresh();
    await kapi(['api-versions', '--server', server.url], env);
    const apis = server.routes.get('/apis');
    const original = apis?.aggregated;
    assert.ok(apis && original);
    apis.aggregated = { ...original, headers: { etag: '"apis-etag-2"' } };
    try {
      server.requests.length = 0;
      const again = await kapi(['api-versions', '--server', server.url], env);
      assert.equal(again.code, partial, again.stderr);
      assert.ok(again.stdout.includes('apps/v1'));
      assert.deepEqual(
        server.requests.filter((r) => r.path.startsWith('/apis?')).map((r) => r.ifNoneMatch),
        ['"apis-etag-1"'],
      );
    } finally {
      apis.aggregated = original;
    }
  });

  test('--server with userinfo and --cached: no password anywhere under the cache, files 0600 in 0700 folders', async () => {
    const env = fresh();
    const withUserinfo = server.url.replace('http://', 'http://admin:PASS@');
    for (const args of [[], ['--cached']]) {
      const result = await kapi(['api-resources', '--server', withUserinfo, ...args], env);
      assert.equal(result.code, partial, result.stderr);
    }
    const entries = walk(cache);
    assert.ok(entries.some((e) => e.path.endsWith('surface.json')));
    for (const entry of entries) {
      assert.ok(!entry.path.includes('PASS') && !entry.path.includes('admin'), entry.path);
      // Node >= 22 keeps its compile cache inside kapi's 0700 compile-cache folder; what is inside is Node's.
      const nodes = entry.path.includes('/compile-cache/');
      if (!nodes) assert.equal(entry.mode, entry.directory ? 0o700 : 0o600, entry.path);
      if (!entry.directory) assert.ok(!readFileSync(entry.path, 'latin1').includes('PASS'), `${entry.path} holds the password`);
    }
  });

  test('two users of one server never share a cache folder; --cached reads only its own', async () => {
    const env = fresh();
    for (const token of ['alice-token', 'bob-token']) {
      const result = await kapi(['api-versions', '--server', server.url, '--token', token], env);
      assert.equal(result.code, partial, result.stderr);
    }
    const folders = readdirSync(join(cache, 'kapi', 'discovery'));
    assert.equal(folders.length, 2, folders.join(' '));
    for (const folder of folders) {
      assert.match(folder, /^127\.0\.0\.1_\d+-[0-9a-f]{16}$/);
      assert.ok(!folder.includes('token'));
    }
    server.requests.length = 0;
    const cached = await kapi(['api-resources', '--server', server.url, '--token', 'carol-token', '--cached'], env);
    assert.equal(cached.code, partial, cached.stderr);
    assert.ok(server.requests.length > 0, 'a third user has no cache and asks the server');
  });
});
