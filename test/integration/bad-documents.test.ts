// Wrong-shape documents, size limits, YAML snapshots, array/null resource lists and
// mixed discovery, against a loopback replay of the real kube-v1.36.3 capture. Each row
// is one bad input with its exit code and the first line of stderr (the README's
// bad-input table is made from rows like these).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dataDir } from '../support/fixtures.ts';
import { type ReplayServer, type RouteSet, startReplayServer } from '../support/replay-server.ts';
import { type CliResult, kapi } from '../support/run-cli.ts';
import { loadStatusCapture } from './explain-capture.ts';

const capture = join(dataDir, 'kube-v1.36.3');
const aggregatedType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const work = mkdtempSync(join(tmpdir(), 'kapi-bad-documents-'));

/** One bad input: how the capture is changed (or which file is read), the command, and what kapi must answer. */
export interface BadInputCase {
  /** The defect of issue 9 it covers. */
  defect: string;
  input: string;
  /** Changes to the replayed capture, by path. */
  routes?: Record<string, RouteSet | null>;
  /** Files to write in the case's folder first ($DIR in args). */
  files?: Record<string, string>;
  args: string[];
  exit: number;
  /** The first line of stderr, with the server as http://SERVER and the case folder as $DIR. */
  stderr: string;
  /** More checks on the whole result. */
  check?: (result: CliResult) => void;
}

const json = (body: unknown): RouteSet => ({ plain: { status: 200, contentType: 'application/json', body: JSON.stringify(body) } });
const aggregated = (body: unknown): RouteSet => ({ aggregated: { status: 200, contentType: aggregatedType, body: JSON.stringify(body) } });
const read = (file: string) => JSON.parse(readFileSync(join(capture, file), 'utf8'));

/** The aggregated /apis document with one change to the apps group. */
function apisWithApps(change: (group: { versions: Array<Record<string, unknown>> }) => void) {
  const document = read('aggregated/apis.json');
  change(document.items.find((item: { metadata: { name: string } }) => item.metadata.name === 'apps'));
  return aggregated(document);
}

/** A v2 aggregated /apis with one group-version of `count` resources: 150,000 is about 30 MB. */
function hugeAggregated(count: number): RouteSet {
  const resources = Array.from({ length: count }, (_, i) => ({
    resource: `widgets${i}`,
    responseKind: { group: '', version: '', kind: `Widget${i}` },
    scope: 'Namespaced',
    singularResource: `widget${i}`,
    verbs: ['get', 'list'],
  }));
  return aggregated({
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    items: [{ metadata: { name: 'huge.example.com' }, versions: [{ version: 'v1', resources, freshness: 'Current' }] }],
  });
}

const snapshot = (surface: unknown) =>
  JSON.stringify({ apiVersion: 'kapi.dev/v1', kind: 'ApiSurfaceSnapshot', kapiVersion: '0.1.0', surface });

export const badDocumentCases: BadInputCase[] = [
  {
    defect: '3',
    input: 'an APIResourceList with `"resources":[null]`',
    routes: { '/apis/apps/v1': json({ kind: 'APIResourceList', groupVersion: 'apps/v1', resources: [null] }) },
    args: ['api-resources', '--discovery=legacy'],
    exit: 3,
    stderr: 'Warning: apps/v1 could not be discovered: invalid APIResourceList: .resources[0]: expected object, got null',
    check: (result) => assert.match(result.stdout, /^pods +po +v1 +true +Pod$/m),
  },
  {
    defect: '3',
    input: 'an APIResourceList whose resource name is a number',
    routes: {
      '/apis/apps/v1': json({
        kind: 'APIResourceList',
        groupVersion: 'apps/v1',
        resources: [{ name: 7, namespaced: true, kind: 'CronTab', verbs: ['get'] }],
      }),
    },
    args: ['api-resources', '--discovery=legacy'],
    exit: 3,
    stderr: 'Warning: apps/v1 could not be discovered: invalid APIResourceList: .resources[0].name: expected string, got number',
  },
  {
    defect: '3',
    input: 'an APIGroupList whose group name is a number',
    routes: { '/apis': json({ kind: 'APIGroupList', groups: [{ name: 5, versions: [] }] }) },
    args: ['api-resources', '--discovery=legacy'],
    exit: 7,
    stderr: 'error: failed to GET http://SERVER/apis?timeout=32s: invalid APIGroupList: .groups[0].name: expected string, got number',
  },
  {
    defect: '3',
    input: 'an APIVersions whose `versions` is an object',
    routes: { '/api': json({ kind: 'APIVersions', versions: { v1: true } }) },
    args: ['api-resources', '--discovery=legacy'],
    exit: 7,
    stderr: 'error: failed to GET http://SERVER/api?timeout=32s: invalid APIVersions: .versions: expected array, got object',
  },
  {
    defect: '3',
    input: 'aggregated discovery with `"resources":[null]` in one version',
    routes: { '/apis': apisWithApps((group) => Object.assign(group.versions[0] as object, { resources: [null] })) },
    args: ['api-resources'],
    exit: 3,
    stderr:
      'Warning: apps/v1 could not be discovered: invalid APIGroupDiscoveryList at /apis: .items[1].versions[0].resources[0]: expected object, got null',
    check: (result) => assert.match(result.stdout, /^crontabs +ct +stable\.example\.com\/v1 +true +CronTab/m),
  },
  {
    defect: '3',
    input: 'aggregated discovery with `versions: null` (Go reads null as an empty list)',
    routes: { '/apis': apisWithApps((group) => Object.assign(group, { versions: null })) },
    args: ['api-resources'],
    exit: 3,
    stderr: 'Warning: broken.example.com/v1 could not be discovered: stale in aggregated discovery (its API server is unavailable)',
    check: (result) => assert.doesNotMatch(result.stdout, /^deployments /m),
  },
  {
    defect: '3',
    input: 'aggregated discovery whose items are strings',
    routes: { '/apis': aggregated({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', items: ['apps'] }) },
    args: ['api-resources'],
    exit: 7,
    stderr: 'error: failed to GET http://SERVER/apis?timeout=32s: invalid APIGroupDiscoveryList: .items[0]: expected object, got string',
  },
  {
    defect: '3',
    input: 'an OpenAPI v3 index with `paths: null`',
    routes: { '/openapi/v3': json({ paths: null }) },
    args: ['explain', 'pods'],
    exit: 7,
    stderr: 'error: failed to GET http://SERVER/openapi/v3?timeout=32s: invalid OpenAPI v3 index: .paths: expected object, got null',
  },
  {
    defect: '3',
    input: 'an OpenAPI v3 document whose `required` is a string',
    routes: {
      '/openapi/v3/api/v1': (() => {
        const document = read('openapi/v3/api/v1.json');
        document.components.schemas['io.k8s.api.core.v1.Pod'].required = 'spec';
        return json(document);
      })(),
    },
    args: ['explain', 'pods'],
    exit: 7,
    stderr: `error: failed to GET http://SERVER/openapi/v3/api/v1?hash=${v1Hash()}&timeout=32s: invalid OpenAPI v3 document: .components.schemas["io.k8s.api.core.v1.Pod"].required: expected array, got string`,
  },
  {
    defect: '3',
    input: 'a CRD list whose `spec.group` is a number (served-by becomes unknown)',
    routes: {
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions': (() => {
        const document = read('crds.json');
        document.items[0].spec.group = 42;
        return json(document);
      })(),
    },
    args: ['groups'],
    exit: 3,
    stderr: 'Warning: broken.example.com/v1 could not be discovered: stale in aggregated discovery (its API server is unavailable)',
    check: (result) =>
      assert.match(
        result.stderr,
        /^Notice: served-by is unknown: could not list customresourcedefinitions.apiextensions.k8s.io \(invalid CustomResourceDefinitionList: \.items\[0\]\.spec\.group: expected string, got number\)$/m,
      ),
  },
  {
    defect: '3',
    input: 'a snapshot whose `surface` is `{}`',
    files: { 'empty-surface.json': snapshot({}) },
    args: ['api-resources', '--snapshot', '$DIR/empty-surface.json'],
    exit: 4,
    stderr: 'error: failed to read snapshot $DIR/empty-surface.json: invalid snapshot: .surface.source: missing (expected object)',
  },
  {
    defect: '3',
    input: 'a snapshot whose resource verbs are a string',
    files: {
      'bad-verbs.json': (() => {
        const document = JSON.parse(readFileSync(new URL('../../snapshots/v1.36.3.json', import.meta.url), 'utf8'));
        document.surface.groups[0].versions[0].resources[0].verbs = 'get';
        return JSON.stringify(document);
      })(),
    },
    args: ['api-resources', '--snapshot', '$DIR/bad-verbs.json'],
    exit: 4,
    stderr:
      'error: failed to read snapshot $DIR/bad-verbs.json: invalid snapshot: .surface.groups[0].versions[0].resources[0].verbs: expected array, got string',
  },
  {
    defect: '5',
    input: '`--snapshot /dev/zero` (endless input)',
    args: ['api-resources', '--snapshot', '/dev/zero', '--max-file-bytes', '64Mi'],
    exit: 4,
    stderr: 'error: failed to read snapshot /dev/zero: the file is larger than 64Mi (--max-file-bytes)',
  },
  {
    defect: '5',
    input: 'a 30 MB discovery response over `--max-response-bytes 8Mi`',
    routes: { '/apis': hugeAggregated(150_000) },
    args: ['api-resources', '--max-response-bytes', '8Mi'],
    exit: 7,
    stderr: 'error: failed to GET http://SERVER/apis?timeout=32s: the response is larger than 8Mi (--max-response-bytes)',
  },
  {
    defect: '5',
    input: 'a 30 MB discovery response with 150,000 resources in one group-version, under the limit',
    routes: { '/apis': hugeAggregated(150_000) },
    args: ['api-resources', '-o', 'name'],
    exit: 0,
    stderr: '',
    check: (result) => assert.equal(result.stdout.split('\n').filter((line) => line.endsWith('.huge.example.com')).length, 150_000),
  },
  {
    defect: '5',
    input: 'a bad `--max-response-bytes` value',
    args: ['api-resources', '--max-response-bytes', 'lots'],
    exit: 2,
    stderr: 'error: invalid --max-response-bytes "lots": use a positive size such as 64Mi, 1Gi or 1048576',
  },
  {
    defect: '9',
    input: 'an APIResourceList that is a JSON array',
    routes: { '/apis/apps/v1': json([]) },
    args: ['api-resources', '--discovery=legacy'],
    exit: 3,
    stderr: 'Warning: apps/v1 could not be discovered: invalid APIResourceList: expected object, got array',
  },
  {
    defect: '9',
    input: 'an APIResourceList that is `null`',
    routes: { '/apis/apps/v1': json(null) },
    args: ['api-resources', '--discovery=legacy'],
    exit: 3,
    stderr: 'Warning: apps/v1 could not be discovered: invalid APIResourceList: expected object, got null',
  },
  {
    defect: '10',
    input: 'legacy /api with aggregated /apis holding a stale version (mixed discovery)',
    routes: { '/api': { plain: { status: 200, contentType: 'application/json', body: readFileSync(join(capture, 'legacy/api.json')) } } },
    args: ['snapshot'],
    exit: 3,
    stderr: 'Warning: broken.example.com/v1 could not be discovered: stale in aggregated discovery (its API server is unavailable)',
    check: (result) => {
      const surface = JSON.parse(result.stdout).surface;
      assert.equal(surface.discovery, 'mixed');
      assert.deepEqual(
        surface.failures.map((f: { group: string; reason: string }) => `${f.group} ${f.reason}`),
        ['broken.example.com stale'],
      );
      assert.equal(surface.groups[0].name, '');
    },
  },
];

function v1Hash(): string {
  const line = readFileSync(join(capture, 'status.tsv'), 'utf8')
    .split('\n')
    .find((entry) => entry.includes('\t/openapi/v3/api/v1?hash='));
  return /hash=([0-9A-F]+)/.exec(line ?? '')?.[1] ?? '';
}

describe('bad documents, size limits, YAML snapshots, array/null lists and mixed discovery', () => {
  let server: ReplayServer;
  let base: Map<string, RouteSet>;
  before(async () => {
    base = loadStatusCapture(capture);
    server = await startReplayServer(new Map(base));
  });
  after(() => server.close());

  for (const [index, row] of badDocumentCases.entries()) {
    it(`${row.input}: exit ${row.exit}`, async () => {
      server.routes.clear();
      for (const [path, set] of base) server.routes.set(path, set);
      for (const [path, set] of Object.entries(row.routes ?? {})) {
        if (set === null) server.routes.delete(path);
        else server.routes.set(path, set);
      }
      const dir = join(work, String(index));
      mkdirSync(dir, { recursive: true });
      for (const [name, text] of Object.entries(row.files ?? {})) writeFileSync(join(dir, name), text);
      const args = row.args.map((arg) => arg.replaceAll('$DIR', dir));
      const live = !args.includes('--snapshot');
      const result = await kapi(live ? [...args, '--server', server.url] : args, { XDG_CACHE_HOME: join(dir, 'cache') });
      const firstLine = (result.stderr.split('\n')[0] ?? '').replaceAll(server.url, 'http://SERVER').replaceAll(dir, '$DIR');
      assert.equal(firstLine, row.stderr, result.stderr);
      assert.equal(result.code, row.exit, result.stderr);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      row.check?.(result);
    });
  }

  it('--snapshot reads what `kapi snapshot -o yaml` writes, and answers as the JSON snapshot does', async () => {
    server.routes.clear();
    for (const [path, set] of base) server.routes.set(path, set);
    const env = { XDG_CACHE_HOME: join(work, 'yaml-cache') };
    const yaml = await kapi(['snapshot', '-o', 'yaml', '--server', server.url], env);
    const jsonSnapshot = await kapi(['snapshot', '--server', server.url], env);
    assert.equal(yaml.code, 3, yaml.stderr);
    writeFileSync(join(work, 'cluster.yaml'), yaml.stdout);
    writeFileSync(join(work, 'cluster.json'), jsonSnapshot.stdout);
    const fromYaml = await kapi(['api-resources', '-o', 'wide', '--snapshot', join(work, 'cluster.yaml')]);
    const fromJson = await kapi(['api-resources', '-o', 'wide', '--snapshot', join(work, 'cluster.json')]);
    assert.equal(fromYaml.stderr, fromJson.stderr);
    assert.equal(fromYaml.code, 3);
    assert.equal(fromYaml.stdout, fromJson.stdout);
    assert.match(fromYaml.stdout, /^crontabs /m);
  });

  it('a discovery cache file holding {} is a miss: --cached asks the server again and succeeds', async () => {
    server.routes.clear();
    for (const [path, set] of base) server.routes.set(path, set);
    const cache = join(work, 'cache-miss');
    const first = await kapi(['api-resources', '--cached', '--server', server.url], { XDG_CACHE_HOME: cache });
    assert.equal(first.code, 3, first.stderr);
    // Wherever the cache keeps it: the one surface file under the cache folder.
    const file = (readdirSync(cache, { recursive: true }) as string[])
      .filter((name) => name.endsWith('surface.json'))
      .map((name) => join(cache, name))[0] as string;
    writeFileSync(file, '{}');
    utimesSync(file, new Date(), new Date());
    server.requests.length = 0;
    const second = await kapi(['api-resources', '--cached', '--server', server.url], { XDG_CACHE_HOME: cache });
    assert.equal(second.code, 3, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.ok(
      server.requests.some((request) => request.path.startsWith('/apis?')),
      'the server was asked again',
    );
    assert.notEqual(readFileSync(file, 'utf8'), '{}', 'the cache was rewritten');
  });
});
