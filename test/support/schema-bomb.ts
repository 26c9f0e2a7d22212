/**
 * A schema bomb (issue 21): a few kilobytes of OpenAPI v3 whose $refs form a DAG, `levels` deep,
 * each level with `width` properties pointing to the next. No reference repeats an ancestor, so a
 * walk that only cuts cycles expands width^levels paths. Served in a snapshot file of one CRD-like
 * group, bomb.example.com/v1, resource `bombs` (kind Bomb).
 */
export const bombGroup = 'bomb.example.com';

export interface SchemaBombOptions {
  levels: number;
  width: number;
  /** The resource's plural name (bombs). */
  resource?: string;
}

const level = (n: number) => `com.example.bomb.v1.Level${n}`;

export function schemaBombDocument(options: SchemaBombOptions): Record<string, unknown> {
  const resource = options.resource ?? 'bombs';
  const gvk = [{ group: bombGroup, version: 'v1', kind: 'Bomb' }];
  const schemas: Record<string, unknown> = {
    'com.example.bomb.v1.Bomb': {
      type: 'object',
      description: 'A kind whose spec is a DAG of references.',
      properties: { spec: { $ref: `#/components/schemas/${level(0)}` } },
      'x-kubernetes-group-version-kind': gvk,
    },
    [level(options.levels)]: { type: 'string', description: 'The bottom.' },
  };
  for (let n = 0; n < options.levels; n++) {
    const properties: Record<string, unknown> = {};
    for (let p = 0; p < options.width; p++) properties[`p${p}`] = { $ref: `#/components/schemas/${level(n + 1)}` };
    schemas[level(n)] = { type: 'object', description: `Level ${n}.`, properties };
  }
  const operation = { get: { 'x-kubernetes-group-version-kind': gvk[0] } };
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.36.3' },
    paths: {
      [`/apis/${bombGroup}/v1/namespaces/{namespace}/${resource}`]: operation,
      [`/apis/${bombGroup}/v1/namespaces/{namespace}/${resource}/{name}`]: operation,
    },
    components: { schemas },
  };
}

/** A snapshot (as `kapi snapshot --with-schemas` writes it) serving only the bomb. */
export function schemaBombSnapshot(options: SchemaBombOptions): Record<string, unknown> {
  const resource = options.resource ?? 'bombs';
  const verbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
  return {
    apiVersion: 'kapi.dev/v1',
    kind: 'ApiSurfaceSnapshot',
    kapiVersion: '0.1.0',
    surface: {
      source: { kind: 'snapshot', capturedAt: '2026-12-03T00:00:00.000Z' },
      serverVersion: { major: '1', minor: '36', gitVersion: 'v1.36.3', platform: 'linux/amd64' },
      discovery: 'aggregated',
      failures: [],
      groups: [
        {
          name: bombGroup,
          preferredVersion: 'v1',
          versions: [
            {
              group: bombGroup,
              version: 'v1',
              freshness: 'Current',
              servedBy: { type: 'crd', crds: [`${resource}.${bombGroup}`] },
              resources: [
                {
                  group: bombGroup,
                  version: 'v1',
                  name: resource,
                  singularName: 'bomb',
                  kind: 'Bomb',
                  namespaced: true,
                  verbs,
                  shortNames: [],
                  categories: [],
                  subresources: [],
                },
              ],
            },
          ],
        },
      ],
    },
    schemas: {
      openapiV3: {
        '/openapi/v3': { paths: { [`apis/${bombGroup}/v1`]: { serverRelativeURL: `/openapi/v3/apis/${bombGroup}/v1?hash=0` } } },
        [`/openapi/v3/apis/${bombGroup}/v1`]: schemaBombDocument(options),
      },
    },
  };
}
