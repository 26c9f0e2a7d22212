// How big `kapi atlas --html` gets: the bundled releases, and a surface with 2000 CRDs
// (synthetic: the builtin v1.36.3 surface plus 2000 CRD groups, each with its own kind),
// once with small CRD schemas (the real CronTab schema of test/data/kube-v1.36.3) and once
// with operator-like ones (a spec embedding a whole core/v1 Container, inlined as CRDs publish it).
// Not a test: prints sizes and times. Run: node --import tsx bench/atlas-size.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonSchema } from '../src/openapi/documents.ts';
import { resolveRef } from '../src/openapi/schema.ts';
import { readSnapshot } from '../src/snapshot/snapshot.ts';
import { kapiBin } from '../test/support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'kapi-atlas-size-'));
const read = (path: string) => JSON.parse(readFileSync(new URL(`../test/data/${path}`, import.meta.url), 'utf8'));

function atlas(label: string, args: string[]): void {
  const out = join(dir, 'atlas.html');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [kapiBin, 'atlas', '--html', out, ...args], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(result.stderr);
  const bytes = statSync(out).size;
  const gzip = spawnSync('gzip', ['-c', out], { maxBuffer: 1 << 30 }).stdout.length;
  console.log(
    `${label.padEnd(44)} ${(bytes / 1048576).toFixed(2).padStart(7)} MiB  (gzip ${(gzip / 1048576).toFixed(2)} MiB)  ${Math.round(ms)} ms`,
  );
}

/** A schema with every $ref replaced by its target, as a CRD's openAPIV3Schema is written. */
function inline(schema: unknown, document: unknown, seen: string[] = []): unknown {
  if (Array.isArray(schema)) return schema.map((item) => inline(item, document, seen));
  if (typeof schema !== 'object' || schema === null) return schema;
  const s = schema as JsonSchema;
  if (typeof s.$ref === 'string') {
    if (seen.includes(s.$ref)) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    return inline(resolveRef(s.$ref, document) ?? {}, document, [...seen, s.$ref]);
  }
  if (s.allOf?.length === 1 && s.allOf[0]?.$ref) {
    const { allOf, ...rest } = s;
    return { ...(inline(allOf[0], document, seen) as object), ...rest };
  }
  return Object.fromEntries(Object.entries(s).map(([key, value]) => [key, inline(value, document, seen)]));
}

function crdSnapshot(count: number, spec: (n: number) => unknown): string {
  const base = readSnapshot(new URL('../snapshots/v1.36.3.json', import.meta.url).pathname);
  const surface = structuredClone(base.surface);
  const schemas = structuredClone(base.schemas) as { openapiV3: Record<string, unknown> };
  const index = schemas.openapiV3['/openapi/v3'] as { paths: Record<string, { serverRelativeURL: string }> };
  const crontab = read('kube-v1.36.3/openapi/v3/apis/stable.example.com/v1.json');
  for (let n = 0; n < count; n++) {
    const group = `g${n}.example.com`;
    const kind = `Widget${n}`;
    const plural = `widget${n}s`;
    const name = `com.example.g${n}.v1.${kind}`;
    surface.groups.push({
      name: group,
      preferredVersion: 'v1',
      versions: [
        {
          group,
          version: 'v1',
          freshness: 'Current',
          servedBy: { type: 'crd', crds: [`${plural}.${group}`] },
          resources: [
            {
              group,
              version: 'v1',
              name: plural,
              singularName: `widget${n}`,
              kind,
              namespaced: true,
              verbs: ['get', 'list'],
              shortNames: [],
              categories: [],
              subresources: [],
            },
          ],
        },
      ],
    });
    const root = structuredClone(crontab.components.schemas['com.example.stable.v1.CronTab']);
    root.properties.spec = spec(n);
    root['x-kubernetes-group-version-kind'] = [{ group, version: 'v1', kind }];
    const document = {
      openapi: '3.0.0',
      paths: {
        [`/apis/${group}/v1/namespaces/{namespace}/${plural}`]: {
          get: { 'x-kubernetes-group-version-kind': { group, version: 'v1', kind } },
        },
      },
      components: { schemas: { ...crontab.components.schemas, [name]: root } },
    };
    delete document.components.schemas['com.example.stable.v1.CronTab'];
    index.paths[`apis/${group}/v1`] = { serverRelativeURL: `/openapi/v3/apis/${group}/v1?hash=${n}` };
    schemas.openapiV3[`/openapi/v3/apis/${group}/v1`] = document;
  }
  const file = join(dir, `crds-${count}.json`);
  writeFileSync(file, JSON.stringify({ ...base, surface, schemas }));
  return file;
}

try {
  atlas('builtin (v1.36.3, 68 resources)', ['--snapshot', 'builtin']);
  atlas('builtin:v1.21.0-k0s (86 resources, OpenAPI v2)', ['--snapshot', 'builtin:v1.21.0-k0s']);
  const crontab = read('kube-v1.36.3/openapi/v3/apis/stable.example.com/v1.json');
  const small = crontab.components.schemas['com.example.stable.v1.CronTab'].properties.spec;
  atlas('builtin + 2000 small CRDs (CronTab spec)', ['--snapshot', crdSnapshot(2000, () => small)]);
  const core = read('kube-v1.36.3/openapi/v3/api/v1.json');
  const container = inline(core.components.schemas['io.k8s.api.core.v1.Container'], core) as JsonSchema;
  const podTemplate = { type: 'object', properties: { container } } as JsonSchema;
  const operatorSpec = (n: number) => ({ ...podTemplate, properties: { ...podTemplate.properties, [`setting${n}`]: { type: 'string' } } });
  console.log(
    `(each: its own spec field plus an inlined core/v1 Container, ${Math.round(JSON.stringify(podTemplate).length / 1024)} KiB per CRD in the cluster)`,
  );
  atlas('builtin + 2000 CRDs embedding a Container', ['--snapshot', crdSnapshot(2000, operatorSpec)]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
