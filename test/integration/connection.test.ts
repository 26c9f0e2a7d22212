import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ExitCode } from '../../src/errors.ts';
import { loadFolderCapture, type ReplayServer, type RouteSet, startReplayServer } from '../support/replay-server.ts';
import { kapi, kubectl } from '../support/run-cli.ts';

const k0sCapture = new URL('../data/k0s-v1.21.0-capture', import.meta.url).pathname;

/** The header lines a request carried whose names match, in the order sent, as [name, value] pairs. */
function headerLines(rawHeaders: string[], name: RegExp): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (name.test(rawHeaders[index] as string)) pairs.push([(rawHeaders[index] as string).toLowerCase(), rawHeaders[index + 1] as string]);
  }
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe("kubectl's connection flags, against a loopback server that records headers", () => {
  let server: ReplayServer;
  before(async () => {
    server = await startReplayServer(loadFolderCapture(k0sCapture));
  });
  after(() => server.close());

  /** The matching header lines of the first request each client sent. */
  async function sentBy(args: string[], name: RegExp): Promise<{ kapi: Array<[string, string]>; kubectl: Array<[string, string]> }> {
    server.requests.length = 0;
    const ours = await kapi(['api-versions', '--server', server.url, ...args]);
    assert.equal(ours.code, 0, ours.stderr);
    const kapiLines = headerLines(server.requests[0]?.rawHeaders ?? [], name);
    server.requests.length = 0;
    const theirs = await kubectl(['api-versions', '--server', server.url, ...args]);
    assert.equal(theirs.code, 0, theirs.stderr);
    return { kapi: kapiLines, kubectl: headerLines(server.requests[0]?.rawHeaders ?? [], name) };
  }

  test('--as, --as-group (repeated) and --as-uid send the impersonation headers client-go sends', async () => {
    const sent = await sentBy(['--as', 'alice', '--as-group', 'dev', '--as-group', 'ops', '--as-uid', '42'], /^impersonate-/i);
    assert.deepEqual(sent.kapi, [
      ['impersonate-group', 'dev'],
      ['impersonate-group', 'ops'],
      ['impersonate-uid', '42'],
      ['impersonate-user', 'alice'],
    ]);
    assert.deepEqual(sent.kapi, sent.kubectl);
  });

  test('--as-group without --as is refused, as client-go refuses it', async () => {
    const result = await kapi(['api-versions', '--server', server.url, '--as-group', 'dev']);
    assert.equal(result.code, ExitCode.usage);
    assert.equal(result.stderr, 'error: --as-group and --as-uid need --as: requesting uid or groups without impersonating a user\n');
  });

  test('credentials in the server URL are sent as basic auth, as Go sends them, and never shown or stored', async () => {
    const withPassword = server.url.replace('http://', 'http://admin:S3CRET@');
    const sent = await sentBy([], /^authorization$/i);
    assert.deepEqual(sent.kapi, []);
    server.requests.length = 0;
    const dir = mkdtempSync(join(tmpdir(), 'kapi-userinfo-'));
    try {
      const env = { XDG_CACHE_HOME: join(dir, 'cache') };
      const listed = await kapi(['api-resources', '--server', withPassword, '--cached'], env);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(headerLines(server.requests[0]?.rawHeaders ?? [], /^authorization$/i), [
        ['authorization', `Basic ${Buffer.from('admin:S3CRET').toString('base64')}`],
      ]);
      server.requests.length = 0;
      await kubectl(['api-versions', '--server', withPassword]);
      assert.deepEqual(headerLines(server.requests[0]?.rawHeaders ?? [], /^authorization$/i), [
        ['authorization', `Basic ${Buffer.from('admin:S3CRET').toString('base64')}`],
      ]);

      const snapshot = await kapi(['snapshot', '--server', withPassword], env);
      const outputs = [
        snapshot,
        await kapi(['audit', '-o', 'json', '--server', withPassword], env),
        await kapi(['audit', '-o', 'yaml', '--server', withPassword], env),
        await kapi(['groups', '-o', 'json', '--server', withPassword], env),
        await kapi(['diff', 'live', 'builtin:v1.21.0-k0s', '--server', withPassword], env),
        await kapi(['api-versions', '-v', '8', '--server', withPassword], env),
        await kapi(['api-versions', '--trace', 'json', '--server', withPassword], env),
        await kapi(['api-resources', '--server', `${withPassword.replace(/:\d+$/, ':1')}`], env),
      ];
      for (const output of outputs) {
        assert.doesNotMatch(output.stdout + output.stderr, /S3CRET|admin:/);
      }
      assert.match(outputs[7]?.stderr ?? '', /^error: failed to GET http:\/\/127\.0\.0\.1:1\/api\?timeout=32s: connect ECONNREFUSED/);
      assert.equal(JSON.parse(snapshot.stdout).surface.source.server, server.url);
      const files = (root: string): string[] =>
        readdirSync(root, { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory() ? [entry.name, ...files(join(root, entry.name))] : [entry.name, readFileSync(join(root, entry.name), 'utf8')],
        );
      for (const text of files(join(dir, 'cache'))) assert.doesNotMatch(text, /S3CRET/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--username and --password send basic auth', async () => {
    server.requests.length = 0;
    const result = await kapi(['api-versions', '--server', server.url, '--username', 'admin', '--password', 'p@ss']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(headerLines(server.requests[0]?.rawHeaders ?? [], /^authorization$/i), [
      ['authorization', `Basic ${Buffer.from('admin:p@ss').toString('base64')}`],
    ]);
  });

  test('--disable-compression asks for no gzip, as kubectl does', async () => {
    const sent = await sentBy(['--disable-compression'], /^accept-encoding$/i);
    assert.deepEqual(sent.kapi, []);
    const plain = await sentBy([], /^accept-encoding$/i);
    assert.deepEqual(plain.kapi, [['accept-encoding', 'gzip']]);
    assert.deepEqual(plain.kapi, plain.kubectl);
  });

  test('--server host:port without a scheme is taken as http, as kubectl takes it', async () => {
    const hostPort = server.url.replace('http://', '');
    const [ours, theirs] = await Promise.all([
      kapi(['api-resources', '--kubectl-compat', '--server', hostPort]),
      kubectl(['api-resources', '--server', hostPort]),
    ]);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(ours.stdout, theirs.stdout);
  });

  test('--server host:port is http even with TLS settings, as in kubectl (it decides TLS from the address alone)', async () => {
    const result = await kapi(['api-versions', '--server', '127.0.0.1:1', '--insecure-skip-tls-verify']);
    assert.equal(result.code, ExitCode.unreachable);
    assert.match(result.stderr, /^error: failed to GET http:\/\/127\.0\.0\.1:1\/api\?timeout=32s: connect ECONNREFUSED/);
  });
});

describe('redirects are followed as kubectl (Go) follows them', () => {
  const moved = (routes: Map<string, RouteSet>, from: string, to: string, status = 302) =>
    routes.set(from, { plain: { status, contentType: 'text/plain', body: '', headers: { location: to } } });

  test('301, 302, 307 and 308 on discovery: the same answer as kubectl', async () => {
    const routes = loadFolderCapture(k0sCapture);
    routes.set('/moved/api', routes.get('/api') as RouteSet);
    routes.set('/moved/apis', routes.get('/apis') as RouteSet);
    routes.set('/moved/apis/apps/v1', routes.get('/apis/apps/v1') as RouteSet);
    moved(routes, '/api', '/moved/api', 301);
    moved(routes, '/apis', '/moved/apis', 307);
    moved(routes, '/apis/apps/v1', '/moved/apis/apps/v1', 308);
    const server = await startReplayServer(routes);
    try {
      const [ours, theirs] = await Promise.all([
        kapi(['api-resources', '--kubectl-compat', '--server', server.url]),
        kubectl(['api-resources', '--server', server.url]),
      ]);
      assert.equal(theirs.code, 0, theirs.stderr);
      assert.equal(ours.code, 0, ours.stderr);
      assert.equal(ours.stdout, theirs.stdout);
    } finally {
      await server.close();
    }
  });

  test('a redirect loop stops after 10 redirects with exit 7', async () => {
    const routes = loadFolderCapture(k0sCapture);
    moved(routes, '/api', '/loop');
    moved(routes, '/loop', '/api');
    const server = await startReplayServer(routes);
    try {
      const result = await kapi(['api-resources', '--server', server.url]);
      assert.equal(result.code, ExitCode.server);
      assert.equal(result.stderr, `error: failed to GET ${server.url}/api: stopped after 10 redirects\n`);
      assert.equal(server.requests.length, 11);
    } finally {
      await server.close();
    }
  });

  test('credentials follow a redirect to the same host only (Go drops Authorization for another host)', async () => {
    const other = await startReplayServer(loadFolderCapture(k0sCapture), 'localhost');
    const routes = loadFolderCapture(k0sCapture);
    routes.set('/moved/api', routes.get('/api') as RouteSet);
    moved(routes, '/api', '/moved/api');
    moved(routes, '/apis', `${other.url}/apis`);
    const server = await startReplayServer(routes);
    try {
      const result = await kapi(['api-versions', '--server', server.url, '--token', 'T0KEN']);
      assert.equal(result.code, 0, result.stderr);
      const auth = (request: ReplayServer['requests'][number] | undefined) => request?.headers.authorization;
      const byPath = (s: ReplayServer, path: string) => s.requests.find((request) => request.path.startsWith(path));
      assert.equal(auth(byPath(server, '/api?')), 'Bearer T0KEN');
      assert.equal(auth(byPath(server, '/moved/api')), 'Bearer T0KEN');
      assert.equal(auth(byPath(server, '/apis?')), 'Bearer T0KEN');
      assert.ok(byPath(other, '/apis'), 'the other host was asked');
      assert.equal(auth(byPath(other, '/apis')), undefined);
    } finally {
      await server.close();
      await other.close();
    }
  });
});
