import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ExitCode } from '../../src/errors.ts';
import { loadFolderCapture, type ReplayServer, startReplayServer, statusRoute } from '../support/replay-server.ts';
import { kapi, kubectl } from '../support/run-cli.ts';

const k0sCapture = new URL('../data/k0s-v1.21.0-capture', import.meta.url).pathname;

describe('api-resources and api-versions match kubectl on a replayed legacy server', () => {
  let server: ReplayServer;
  before(async () => {
    server = await startReplayServer(loadFolderCapture(k0sCapture));
  });
  after(() => server.close());

  const variations = [
    [],
    ['-o', 'wide'],
    ['-o', 'name'],
    ['--no-headers'],
    ['--api-group='],
    ['--api-group=apps'],
    ['--namespaced=false'],
    ['--namespaced'],
    // Go's boolean spellings, and empty list values meaning no filter (issue 21, item 15)
    ['--namespaced=False'],
    ['--namespaced=0'],
    ['--namespaced=T'],
    ['--namespaced=1'],
    ['--verbs='],
    ['--categories='],
    ['--verbs=', '--verbs=list'],
    ['--verbs=list,watch'],
    ['--categories=all'],
    ['--sort-by=kind'],
    ['--sort-by=name'],
  ];
  for (const args of variations) {
    test(`api-resources ${args.join(' ') || '(default)'}`, async () => {
      // -o wide: kapi appends SERVED BY; --kubectl-compat prints kubectl's columns exactly.
      const [ours, theirs] = await Promise.all([
        kapi(['api-resources', '--kubectl-compat', '--server', server.url, ...args]),
        kubectl(['api-resources', '--server', server.url, ...args]),
      ]);
      assert.equal(theirs.code, 0, theirs.stderr);
      assert.equal(ours.stderr, '');
      assert.equal(ours.code, 0);
      assert.equal(ours.stdout, theirs.stdout);
    });
  }

  test('api-resources -o wide without --kubectl-compat adds SERVED BY as the last column', async () => {
    const [ours, theirs] = await Promise.all([
      kapi(['api-resources', '-o', 'wide', '--server', server.url]),
      kubectl(['api-resources', '-o', 'wide', '--server', server.url]),
    ]);
    const ourLines = ours.stdout.trimEnd().split('\n');
    const theirLines = theirs.stdout.trimEnd().split('\n');
    assert.equal(ourLines.length, theirLines.length);
    const servedByAt = (ourLines[0] as string).indexOf('SERVED BY');
    assert.ok(servedByAt > 0);
    for (const [index, line] of ourLines.entries()) {
      assert.equal(line.slice(0, servedByAt).trimEnd(), (theirLines[index] as string).trimEnd());
    }
    // The capture has no APIService or CRD lists, so who serves what is unknown, and said once.
    assert.match(ourLines[1] as string, /Unknown$/);
    assert.equal(
      ours.stderr,
      'Notice: served-by is unknown: the server does not serve apiservices.apiregistration.k8s.io; the server does not serve customresourcedefinitions.apiextensions.k8s.io\n',
    );
  });

  test('api-versions', async () => {
    const [ours, theirs] = await Promise.all([
      kapi(['api-versions', '--server', server.url]),
      kubectl(['api-versions', '--server', server.url]),
    ]);
    assert.equal(theirs.code, 0);
    assert.equal(ours.code, 0);
    assert.equal(ours.stdout, theirs.stdout);
  });

  test('discovery in legacy mode asks /api, /apis, then each group-version once', async () => {
    server.requests.length = 0;
    await kapi(['api-resources', '--server', server.url]);
    const paths = server.requests.map((request) => request.path);
    assert.equal(paths[0], '/api?timeout=32s');
    assert.equal(paths[1], '/apis?timeout=32s');
    assert.equal(paths.length, 2 + 39);
    assert.equal(new Set(paths).size, paths.length);
    assert.match(server.requests[0]?.accept ?? '', /^application\/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,/);
  });
});

test('--cached answers from the discovery kapi saved, without asking the server', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'kapi-cache-'));
  const server = await startReplayServer(loadFolderCapture(k0sCapture));
  try {
    const env = { XDG_CACHE_HOME: cache };
    const fresh = await kapi(['api-resources', '--server', server.url], env);
    assert.equal(fresh.code, 0);
    server.requests.length = 0;
    const cached = await kapi(['api-resources', '--cached', '--server', server.url], env);
    assert.equal(cached.stdout, fresh.stdout);
    assert.deepEqual(server.requests, []);
  } finally {
    await server.close();
    rmSync(cache, { recursive: true, force: true });
  }
});

describe('partial and failed discovery', () => {
  test('a group-version answering 503 still prints the rest, warns once and exits with the partial code', async () => {
    const routes = loadFolderCapture(k0sCapture);
    routes.set('/apis/batch/v1', { plain: statusRoute(503, 'ServiceUnavailable', 'service unavailable') });
    const server = await startReplayServer(routes);
    try {
      const [ours, compat, theirs] = await Promise.all([
        kapi(['api-resources', '--server', server.url]),
        kapi(['api-resources', '--kubectl-compat', '--server', server.url]),
        kubectl(['api-resources', '--server', server.url]),
      ]);
      // kapi's own exit code for a partial answer is 3 (documented); under --kubectl-compat it is
      // kubectl's (issue 21 item 17), with the same stdout either way.
      assert.equal(ours.code, ExitCode.partial);
      assert.equal(ours.stdout, theirs.stdout);
      assert.doesNotMatch(ours.stdout, /batch\/v1\s/);
      assert.match(ours.stdout, /cronjobs\s.*batch\/v1beta1/);
      assert.equal(ours.stderr, 'Warning: batch/v1 could not be discovered: 503 Service Unavailable: service unavailable\n');
      assert.equal(theirs.code, 1);
      assert.equal(compat.code, theirs.code);
      assert.equal(compat.stdout, theirs.stdout);
    } finally {
      await server.close();
    }
  });

  const failures: Array<{
    name: string;
    route?: Parameters<typeof statusRoute>;
    malformed?: boolean;
    hang?: boolean;
    code: number;
    message: RegExp;
  }> = [
    {
      name: '401',
      route: [401, 'Unauthorized', 'Unauthorized'],
      code: ExitCode.auth,
      message:
        /^error: failed to GET http:\/\/127\.0\.0\.1:\d+\/api\?timeout=32s: 401 Unauthorized \(the server rejected the credentials; check the kubeconfig user or --token\)\n$/,
    },
    {
      name: '403',
      route: [403, 'Forbidden', 'forbidden: User "system:anonymous" cannot get path "/api"'],
      code: ExitCode.auth,
      message:
        /^error: failed to GET http:\/\/127\.0\.0\.1:\d+\/apis\?timeout=32s: 403 Forbidden: forbidden: User "system:anonymous" cannot get path "\/api"\n$/,
    },
    {
      name: 'malformed JSON',
      malformed: true,
      code: ExitCode.server,
      message: /^error: failed to GET http:\/\/127\.0\.0\.1:\d+\/api\?timeout=32s: the response is not valid JSON \(.+\)\n$/,
    },
    {
      name: 'a server that never answers',
      hang: true,
      code: ExitCode.unreachable,
      message:
        /^error: failed to GET http:\/\/127\.0\.0\.1:\d+\/api\?timeout=1s: no response within 1s \(--request-timeout\); is the cluster running\? use --snapshot builtin to work offline\n$/,
    },
  ];
  for (const failure of failures) {
    test(`${failure.name}: one line, exit ${failure.code}, no stack trace`, async () => {
      const routes = loadFolderCapture(k0sCapture);
      const root = failure.name === '403' ? '/apis' : '/api';
      if (failure.route) routes.set(root, { plain: statusRoute(...failure.route) });
      if (failure.malformed)
        routes.set(root, { plain: { status: 200, contentType: 'application/json', body: '{"kind": "APIVersions", "versions": [' } });
      if (failure.hang) routes.set(root, { plain: { status: 200, contentType: 'application/json', body: '', hang: true } });
      const server = await startReplayServer(routes);
      try {
        const result = await kapi(['api-resources', '--server', server.url, '--request-timeout', failure.hang ? '1s' : '32s']);
        assert.equal(result.code, failure.code);
        assert.match(result.stderr, failure.message);
        assert.equal(result.stdout, '');
      } finally {
        await server.close();
      }
    });
  }

  test('a server that is down', async () => {
    const result = await kapi(['api-resources', '--server', 'http://127.0.0.1:1']);
    assert.equal(result.code, ExitCode.unreachable);
    assert.equal(
      result.stderr,
      'error: failed to GET http://127.0.0.1:1/api?timeout=32s: connect ECONNREFUSED 127.0.0.1:1; is the cluster running? use --snapshot builtin to work offline\n',
    );
  });

  test('no kubeconfig at all', async () => {
    const result = await kapi(['api-resources'], { KUBECONFIG: '', HOME: '/nonexistent' });
    assert.equal(result.code, ExitCode.config);
    assert.equal(
      result.stderr,
      'error: no kubeconfig found (KUBECONFIG, ~/.kube/config or in-cluster): pass --kubeconfig or --server, or use --snapshot builtin to work offline\n',
    );
  });
});
