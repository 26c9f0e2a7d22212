import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadFolderCapture, type ReplayServer, startReplayServer } from '../support/replay-server.ts';
import { kapi } from '../support/run-cli.ts';

/**
 * Issue 21 item 5: tokens as client-go reads them (a token file is trimmed), a token that cannot
 * be sent is a configuration error naming its source, and an exec plugin that hangs is bounded,
 * in a fleet only for its own context.
 */
const k0sCapture = new URL('../data/k0s-v1.21.0-capture', import.meta.url).pathname;

function kubeconfig(server: string, users: Record<string, Record<string, unknown>>): string {
  const names = Object.keys(users);
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': names[0],
    clusters: [{ name: 'loopback', cluster: { server } }],
    users: names.map((name) => ({ name, user: users[name] })),
    contexts: names.map((name) => ({ name, context: { cluster: 'loopback', user: name } })),
  });
}

function execPlugin(dir: string, name: string, body: string): Record<string, unknown> {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: file, interactiveMode: 'Never' } };
}

const credential = (token: string) =>
  `echo '${JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } })}'`;

describe('credentials', () => {
  let server: ReplayServer;
  let dir: string;
  before(async () => {
    server = await startReplayServer(loadFolderCapture(k0sCapture));
    dir = mkdtempSync(join(tmpdir(), 'kapi-credentials-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a token file ending in a newline is trimmed, as client-go trims it', async () => {
    writeFileSync(join(dir, 'token'), 'tok-from-file\n');
    const config = join(dir, 'token-file.yaml');
    writeFileSync(config, kubeconfig(server.url, { file: { 'token-file': join(dir, 'token') } }));
    server.requests.length = 0;
    const result = await kapi(['api-versions', '--kubeconfig', config]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(server.requests[0]?.headers.authorization, 'Bearer tok-from-file');
  });

  test('a token with a line break inside is a configuration error naming its source', async () => {
    writeFileSync(join(dir, 'token2'), 'tok\r\nX-Injected: 1\n');
    const config = join(dir, 'token-crlf.yaml');
    writeFileSync(config, kubeconfig(server.url, { crlf: { 'token-file': join(dir, 'token2') } }));
    const result = await kapi(['api-versions', '--kubeconfig', config]);
    assert.equal(result.code, 4, result.stderr);
    assert.equal(
      result.stderr,
      'error: the bearer token of the kubeconfig user "crlf" holds a line break, which no HTTP header may carry\n',
    );
    const flag = await kapi(['api-versions', '--server', server.url, '--token', 'a\nb']);
    assert.equal(flag.code, 4, flag.stderr);
    assert.equal(flag.stderr, 'error: the bearer token of --token holds a line break, which no HTTP header may carry\n');
  });

  test('an exec plugin that hangs is stopped at --request-timeout', async () => {
    const config = join(dir, 'exec-hang.yaml');
    writeFileSync(config, kubeconfig(server.url, { hang: execPlugin(dir, 'hang.sh', 'sleep 60') }));
    const started = Date.now();
    const result = await kapi(['api-versions', '--kubeconfig', config, '--request-timeout', '1s'], {}, 20_000);
    assert.equal(result.code, 4, result.stderr);
    assert.equal(
      result.stderr,
      'error: failed to get credentials for the kubeconfig user: the exec credential plugin did not finish within 1s (--request-timeout)\n',
    );
    assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
  });

  test('in a fleet, a hanging exec plugin is its context’s error row; the other contexts complete', async () => {
    const config = join(dir, 'exec-fleet.yaml');
    writeFileSync(
      config,
      kubeconfig(server.url, { good: execPlugin(dir, 'good.sh', credential('exec-token')), hang: execPlugin(dir, 'hang2.sh', 'sleep 60') }),
    );
    const started = Date.now();
    const result = await kapi(['audit', '--all-contexts', '--kubeconfig', config, '--request-timeout', '2s', '-o', 'json'], {}, 30_000);
    assert.ok(Date.now() - started < 20_000, `${Date.now() - started} ms`);
    const items = (JSON.parse(result.stdout) as { items: Array<{ context: string; error?: string; report?: unknown }> }).items;
    assert.deepEqual(
      items.map((item) => [item.context, item.error ?? 'report']),
      [
        ['good', 'report'],
        [
          'hang',
          'failed to get credentials for the kubeconfig user: the exec credential plugin did not finish within 2s (--request-timeout)',
        ],
      ],
    );
    assert.ok(server.requests.some((request) => request.headers.authorization === 'Bearer exec-token'));
  });
});
