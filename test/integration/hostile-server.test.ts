import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { storedSchemas } from '../../src/snapshot/store.ts';
import { rawControl } from '../support/raw-control.ts';
import { loadFolderCapture, type ReplayServer, type RouteSet, startReplayServer, statusRoute } from '../support/replay-server.ts';
import { kapi } from '../support/run-cli.ts';

/**
 * A server that tries to take over the terminal: a resource named with an
 * OSC title sequence and a clear-screen, a short name with a newline that
 * would forge a table row, a kind with U+202E, an APIService and OpenAPI
 * descriptions with escape sequences, and Status messages with them. No output
 * of kapi may carry a raw control character to the terminal.
 */
const k0sCapture = new URL('../data/k0s-v1.21.0-capture', import.meta.url).pathname;
const snapshotsDir = new URL('../../snapshots/', import.meta.url).pathname;

const hostileName = 'w\u001b]0;PWNED\u0007\u001b[2J';
const hostileShortName = 'ev\nforged   row   v1   true   Forged';
const hostileKind = 'Evil\u202eKind';
const hostileText = 'clears\u001b[2J the screen\u009b31m, \u202ereversed\u2066, bell\u0007, del\u007f';

function json(body: unknown) {
  return { status: 200, contentType: 'application/json', body: JSON.stringify(body) };
}

function hostileRoutes(): Map<string, RouteSet> {
  const routes = loadFolderCapture(k0sCapture);
  const core = JSON.parse(String(routes.get('/api/v1')?.plain?.body)) as { resources: unknown[] };
  core.resources.push({
    name: hostileName,
    singularName: '',
    namespaced: true,
    kind: hostileKind,
    verbs: ['get', 'list\u001b[8m'],
    shortNames: [hostileShortName],
    categories: ['all\u0085'],
  });
  routes.set('/api/v1', { plain: json(core) });
  routes.set('/apis/batch/v1', { plain: statusRoute(503, 'ServiceUnavailable', `down ${hostileText}`) });
  routes.set('/apis/apiregistration.k8s.io/v1/apiservices', {
    plain: json({
      kind: 'APIServiceList',
      apiVersion: 'apiregistration.k8s.io/v1',
      items: [
        {
          metadata: { name: 'v1beta1.metrics.k8s.io', creationTimestamp: '2026-01-01T00:00:00Z' },
          spec: {
            group: 'metrics.k8s.io',
            version: 'v1beta1',
            service: { namespace: 'kube-system', name: hostileName, port: 443 },
            groupPriorityMinimum: 100,
            versionPriority: 100,
            insecureSkipTLSVerify: true,
          },
          status: { conditions: [{ type: 'Available', status: 'False', reason: `Failed\u001b[5m`, message: hostileText }] },
        },
      ],
    }),
  });
  routes.set('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
    plain: json({ kind: 'CustomResourceDefinitionList', apiVersion: 'apiextensions.k8s.io/v1', items: [] }),
  });
  const v2 = JSON.parse(String(routes.get('/openapi/v2')?.plain?.body)) as {
    definitions: Record<string, { description: string; properties: Record<string, unknown> }>;
  };
  const configMap = v2.definitions['io.k8s.api.core.v1.ConfigMap'] as { description: string; properties: Record<string, unknown> };
  configMap.description = hostileText;
  configMap.properties[hostileName] = { type: `string\u001b[2J`, description: hostileText };
  routes.set('/openapi/v2', { plain: json(v2) });
  return routes;
}

/** The bundled v1.36.3 snapshot with schemas whose ConfigMap is hostile (OpenAPI v3 text). */
function hostileSnapshot(dir: string): string {
  const snapshot = JSON.parse(readFileSync(join(snapshotsDir, 'v1.36.3.json'), 'utf8'));
  // Written out in full from the store, as `kapi snapshot --with-schemas` would have written them.
  const schemas = JSON.parse(JSON.stringify(storedSchemas(snapshotsDir, 'v1.36.3')));
  const configMap = schemas.openapiV3['/openapi/v3/api/v1'].components.schemas['io.k8s.api.core.v1.ConfigMap'];
  configMap.description = hostileText;
  configMap.properties[hostileName] = { type: 'string', description: hostileText, enum: [hostileName, 'b'] };
  const file = join(dir, 'hostile.json');
  writeFileSync(file, JSON.stringify({ ...snapshot, schemas }));
  return file;
}

describe('a hostile server cannot reach the terminal', () => {
  let server: ReplayServer;
  let dir: string;
  let snapshot: string;
  before(async () => {
    server = await startReplayServer(hostileRoutes());
    dir = mkdtempSync(join(tmpdir(), 'kapi-hostile-'));
    snapshot = hostileSnapshot(dir);
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const runs: Array<[string, () => string[]]> = [
    ['api-resources', () => ['api-resources']],
    ['api-resources -o wide', () => ['api-resources', '-o', 'wide']],
    ['api-resources -o name', () => ['api-resources', '-o', 'name']],
    ['api-resources -o csv', () => ['api-resources', '-o', 'csv']],
    ['api-resources -o markdown', () => ['api-resources', '-o', 'markdown']],
    ['api-resources -o json', () => ['api-resources', '-o', 'json']],
    ['api-resources -o yaml', () => ['api-resources', '-o', 'yaml']],
    ['api-resources --subresources -o wide', () => ['api-resources', '--subresources', '-o', 'wide']],
    ['api-versions', () => ['api-versions']],
    ['groups', () => ['groups']],
    ['groups -o wide', () => ['groups', '-o', 'wide']],
    ['groups -o csv', () => ['groups', '-o', 'csv']],
    ['groups -o markdown', () => ['groups', '-o', 'markdown']],
    ['groups --conflicts', () => ['groups', '--conflicts']],
    ['apiservices', () => ['apiservices']],
    ['apiservices -o wide', () => ['apiservices', '-o', 'wide']],
    ['apiservices -o yaml', () => ['apiservices', '-o', 'yaml']],
    ['audit', () => ['audit']],
    ['audit -o markdown', () => ['audit', '-o', 'markdown']],
    ['audit -o json', () => ['audit', '-o', 'json']],
    ['uri', () => ['uri', hostileName, 'x']],
    ['explain (OpenAPI v2)', () => ['explain', 'configmaps']],
    ['explain --recursive (OpenAPI v2)', () => ['explain', 'configmaps', '--recursive']],
    ['explain a hostile resource', () => ['explain', hostileName]],
    ['the "did you mean" hint', () => ['explain', 'configmaps.dat']],
    ['-v 8 trace', () => ['api-versions', '-v', '8']],
    ['--trace=json', () => ['api-versions', '--trace', 'json']],
  ];
  for (const [name, args] of runs) {
    test(name, async () => {
      const result = await kapi([...args(), '--server', server.url]);
      assert.doesNotMatch(result.stdout, rawControl, result.stdout);
      assert.doesNotMatch(result.stderr, rawControl, result.stderr);
      assert.doesNotMatch(result.stderr, /^\s+at /m);
      assert.ok(result.code !== 1, result.stderr);
      // A newline in a short name never starts a row of its own.
      assert.doesNotMatch(result.stdout, /^forged/m);
    });
  }

  test('the table shows the hostile values escaped, as Go quotes them, in one row', async () => {
    const result = await kapi(['api-resources', '-o', 'wide', '--kubectl-compat', '--server', server.url]);
    const row = result.stdout.split('\n').find((line) => line.startsWith('"w'));
    assert.ok(row, result.stdout);
    assert.match(
      row,
      /^"w\\x1b\]0;PWNED\\a\\x1b\[2J" +"ev\\nforged {3}row {3}v1 {3}true {3}Forged" +v1 +true +"Evil\\u202eKind" +"get,list\\x1b\[8m" +"all\\u0085"$/,
    );
    assert.equal(
      result.stderr.split('\n')[0],
      `Warning: batch/v1 could not be discovered: 503 Service Unavailable: down clears\\x1b[2J the screen\\u009b31m, \\u202ereversed\\u2066, bell\\a, del\\u007f`,
    );
  });

  test('-o json and -o yaml keep the exact values', async () => {
    const result = await kapi(['api-resources', '-o', 'json', '--server', server.url]);
    const entry = (JSON.parse(result.stdout) as Array<{ name: string; shortNames: string[]; kind: string }>).find(
      (e) => e.name === hostileName,
    );
    assert.deepEqual([entry?.shortNames, entry?.kind], [[hostileShortName], hostileKind]);
  });

  for (const [name, args] of [
    ['explain (OpenAPI v3, from a snapshot file)', ['explain', 'configmaps']],
    ['explain a field (OpenAPI v3)', ['explain', `configmaps.${hostileName}`]],
    ['explain -o markdown (OpenAPI v3)', ['explain', 'configmaps', '-o', 'markdown']],
    ['explain -o yaml (OpenAPI v3)', ['explain', 'configmaps', '-o', 'yaml']],
    ['diff against the bundled snapshot', ['diff', 'builtin:v1.21.0-k0s', '<snapshot>']],
    ['search', ['search', '--api-group=', '--description', 'screen']],
  ] as const) {
    test(name, async () => {
      const result = await kapi([...args.map((arg) => arg.replace('<snapshot>', snapshot)), '--snapshot', snapshot]);
      assert.doesNotMatch(result.stdout, rawControl, result.stdout);
      assert.doesNotMatch(result.stderr, rawControl, result.stderr);
      assert.ok(result.code !== 1, result.stderr);
    });
  }

  test('explain shows an escaped description and field name', async () => {
    const result = await kapi(['explain', 'configmaps', '--snapshot', snapshot]);
    assert.match(result.stdout, /^ {4}clears\\x1b\[2J the screen\\u009b31m, \\u202ereversed\\u2066, bell\\a, del\\u007f$/m);
    assert.match(result.stdout, /^ {2}"w\\x1b\]0;PWNED\\a\\x1b\[2J"\t<string>$/m);
  });
});
