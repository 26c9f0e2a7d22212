/**
 * Bad-input cases for documents of the wrong shape, size limits, array/null
 * resource lists and mixed discovery (issue 9, defects 3, 5, 9 and 10), in the
 * format of bad-input-cases.ts, which lists them in the README's table. They
 * replay the real kube-apiserver v1.36.3 capture (aggregated discovery,
 * OpenAPI v3), changed one document at a time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../src/errors.ts';
import type { RouteSet } from '../support/replay-server.ts';
import type { BadInputCase } from './bad-input-cases.ts';

const capture = new URL('../data/kube-v1.36.3', import.meta.url).pathname;
const aggregatedType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const read = (file: string) => JSON.parse(readFileSync(join(capture, file), 'utf8'));
const json = (body: unknown): RouteSet => ({ plain: { status: 200, contentType: 'application/json', body: JSON.stringify(body) } });
const aggregated = (body: unknown): RouteSet => ({ aggregated: { status: 200, contentType: aggregatedType, body: JSON.stringify(body) } });
const stale = 'Warning: broken.example.com/v1 could not be discovered: stale in aggregated discovery (its API server is unavailable)';

/** The aggregated /apis document with one change to the apps group. */
export function apisWithApps(change: (group: { versions: Array<Record<string, unknown>> }) => void): RouteSet {
  const document = read('aggregated/apis.json');
  change(document.items.find((item: { metadata: { name: string } }) => item.metadata.name === 'apps'));
  return aggregated(document);
}

/** A v2 aggregated /apis with one group-version of `count` resources: 150,000 is about 30 MB. */
export function hugeAggregated(count: number): RouteSet {
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

/** The legacy /api of the capture, so that /api and /apis answer in different formats. */
export function legacyCore(): RouteSet {
  return { plain: { status: 200, contentType: 'application/json', body: readFileSync(join(capture, 'legacy/api.json')) } };
}

const snapshot = (surface: unknown) =>
  JSON.stringify({ apiVersion: 'kapi.dev/v1', kind: 'ApiSurfaceSnapshot', kapiVersion: '0.1.0', surface });
const live = (...args: string[]) => [...args, '--server', '<server>'];

export const badDocumentCases: BadInputCase[] = [
  {
    name: 'APIResourceList with `"resources":[null]`',
    capture: 'kube-v1.36.3',
    server: (routes) => routes.set('/apis/apps/v1', json({ kind: 'APIResourceList', groupVersion: 'apps/v1', resources: [null] })),
    args: live('api-resources', '--discovery=legacy'),
    exitCode: ExitCode.partial,
    stderr: 'Warning: apps/v1 could not be discovered: invalid APIResourceList: .resources[0]: expected object, got null',
  },
  {
    name: 'APIResourceList with a number for a name',
    capture: 'kube-v1.36.3',
    server: (routes) =>
      routes.set(
        '/apis/apps/v1',
        json({ kind: 'APIResourceList', groupVersion: 'apps/v1', resources: [{ name: 7, namespaced: true, kind: 'Deployment' }] }),
      ),
    args: live('api-resources', '--discovery=legacy'),
    exitCode: ExitCode.partial,
    stderr: 'Warning: apps/v1 could not be discovered: invalid APIResourceList: .resources[0].name: expected string, got number',
  },
  {
    name: 'APIResourceList that is a JSON array',
    capture: 'kube-v1.36.3',
    server: (routes) => routes.set('/apis/apps/v1', json([])),
    args: live('api-resources', '--discovery=legacy'),
    exitCode: ExitCode.partial,
    stderr: 'Warning: apps/v1 could not be discovered: invalid APIResourceList: expected object, got array',
  },
  {
    name: 'APIResourceList that is null',
    capture: 'kube-v1.36.3',
    server: (routes) => routes.set('/apis/apps/v1', json(null)),
    args: live('api-resources', '--discovery=legacy'),
    exitCode: ExitCode.partial,
    stderr: 'Warning: apps/v1 could not be discovered: invalid APIResourceList: expected object, got null',
  },
  {
    name: 'APIGroupList with a number for a group name',
    capture: 'kube-v1.36.3',
    server: (routes) => routes.set('/apis', json({ kind: 'APIGroupList', groups: [{ name: 5, versions: [] }] })),
    args: live('api-resources', '--discovery=legacy'),
    exitCode: ExitCode.server,
    stderr: 'error: failed to GET <server>/apis?timeout=32s: invalid APIGroupList: .groups[0].name: expected string, got number',
  },
  {
    name: 'APIVersions whose versions is an object',
    capture: 'kube-v1.36.3',
    server: (routes) => routes.set('/api', json({ kind: 'APIVersions', versions: { v1: true } })),
    args: live('api-resources', '--discovery=legacy'),
    exitCode: ExitCode.server,
    stderr: 'error: failed to GET <server>/api?timeout=32s: invalid APIVersions: .versions: expected array, got object',
  },
  {
    name: 'aggregated discovery with `"resources":[null]` in one version',
    capture: 'kube-v1.36.3',
    server: (routes) =>
      routes.set(
        '/apis',
        apisWithApps((group) => Object.assign(group.versions[0] as object, { resources: [null] })),
      ),
    args: live('api-resources'),
    exitCode: ExitCode.partial,
    stderr:
      'Warning: apps/v1 could not be discovered: invalid APIGroupDiscoveryList at /apis: .items[1].versions[0].resources[0]: expected object, got null',
  },
  {
    name: 'aggregated discovery with `versions: null` (read as empty, as Go does)',
    capture: 'kube-v1.36.3',
    server: (routes) =>
      routes.set(
        '/apis',
        apisWithApps((group) => Object.assign(group, { versions: null })),
      ),
    args: live('api-resources'),
    exitCode: ExitCode.partial,
    stderr: stale,
  },
  {
    name: 'aggregated discovery whose items are strings',
    capture: 'kube-v1.36.3',
    server: (routes) =>
      routes.set('/apis', aggregated({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', items: ['apps'] })),
    args: live('api-resources'),
    exitCode: ExitCode.server,
    stderr: 'error: failed to GET <server>/apis?timeout=32s: invalid APIGroupDiscoveryList: .items[0]: expected object, got string',
  },
  {
    name: 'OpenAPI v3 index with `paths: null`',
    capture: 'kube-v1.36.3',
    server: (routes) => routes.set('/openapi/v3', json({ paths: null })),
    args: live('explain', 'pods'),
    exitCode: ExitCode.server,
    stderr: 'error: failed to GET <server>/openapi/v3?timeout=32s: invalid OpenAPI v3 index: .paths: expected object, got null',
  },
  {
    name: 'OpenAPI v3 document whose `required` is a string',
    capture: 'kube-v1.36.3',
    server: (routes) => {
      const document = read('openapi/v3/api/v1.json');
      document.components.schemas['io.k8s.api.core.v1.Pod'].required = 'spec';
      routes.set('/openapi/v3/api/v1', json(document));
    },
    args: live('explain', 'pods'),
    exitCode: ExitCode.server,
    stderr: `error: failed to GET <server>/openapi/v3/api/v1?hash=${v1Hash()}&timeout=32s: invalid OpenAPI v3 document: .components.schemas["io.k8s.api.core.v1.Pod"].required: expected array, got string`,
  },
  {
    name: 'CRD list with a number for spec.group (served-by unknown)',
    capture: 'kube-v1.36.3',
    server: (routes) => {
      const document = read('crds.json');
      document.items[0].spec.group = 42;
      routes.set('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', json(document));
    },
    args: live('groups'),
    exitCode: ExitCode.partial,
    stderr: stale,
  },
  {
    name: 'snapshot whose surface is `{}`',
    files: { 'empty-surface.json': snapshot({}) },
    args: ['api-resources', '--snapshot', '<dir>/empty-surface.json'],
    exitCode: ExitCode.config,
    stderr: 'error: failed to read snapshot <dir>/empty-surface.json: invalid snapshot: .surface.source: missing (expected object)',
  },
  {
    name: 'snapshot whose resource verbs are a string',
    files: {
      'bad-verbs.json': (() => {
        const document = JSON.parse(readFileSync(new URL('../../snapshots/v1.36.3.json', import.meta.url), 'utf8'));
        document.surface.groups[0].versions[0].resources[0].verbs = 'get';
        return JSON.stringify(document);
      })(),
    },
    args: ['api-resources', '--snapshot', '<dir>/bad-verbs.json'],
    exitCode: ExitCode.config,
    stderr:
      'error: failed to read snapshot <dir>/bad-verbs.json: invalid snapshot: .surface.groups[0].versions[0].resources[0].verbs: expected array, got string',
  },
  {
    name: 'endless snapshot file (/dev/zero)',
    args: ['api-resources', '--snapshot', '/dev/zero', '--max-file-bytes', '64Mi'],
    exitCode: ExitCode.config,
    stderr: 'error: failed to read snapshot /dev/zero: the file is larger than 64Mi (--max-file-bytes)',
  },
  {
    name: '30 MB discovery answer over --max-response-bytes',
    capture: 'kube-v1.36.3',
    server: (routes) => routes.set('/apis', hugeAggregated(150_000)),
    args: live('api-resources', '--max-response-bytes', '8Mi'),
    exitCode: ExitCode.server,
    stderr: 'error: failed to GET <server>/apis?timeout=32s: the response is larger than 8Mi (--max-response-bytes)',
  },
  {
    name: 'bad --max-response-bytes value',
    capture: 'kube-v1.36.3',
    args: live('api-resources', '--max-response-bytes', 'lots'),
    exitCode: ExitCode.usage,
    stderr: 'error: invalid --max-response-bytes "lots": use a positive size such as 64Mi, 1Gi or 1048576',
  },
  {
    name: 'legacy /api with aggregated /apis holding a stale version (mixed)',
    capture: 'kube-v1.36.3',
    server: (routes) => routes.set('/api', legacyCore()),
    args: live('api-resources'),
    exitCode: ExitCode.partial,
    stderr: stale,
  },
];

function v1Hash(): string {
  const line = readFileSync(join(capture, 'status.tsv'), 'utf8')
    .split('\n')
    .find((entry) => entry.includes('\t/openapi/v3/api/v1?hash='));
  return /hash=([0-9A-F]+)/.exec(line ?? '')?.[1] ?? '';
}
