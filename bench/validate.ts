// The schema validator alone (src/validation), in-process: 10,000 objects of a
// mix close to kapi check's benchmark (Deployments, Services, ConfigMaps and
// probe CRD objects with CEL rules and defaults, a few percent invalid),
// compiled once per kind, validated BENCH_ROUNDS times. Not a test: prints the
// median time per 10,000 objects and the process's peak RSS.
//   node --import tsx bench/validate.ts
import { readFileSync } from 'node:fs';
import { compileSchema } from '../src/validation/index.ts';
import { corpus } from '../test/support/validation-corpus.ts';
import { loadNote, median } from './measure.ts';

type Doc = { components: { schemas: Record<string, unknown> } };
const read = (path: string) => JSON.parse(readFileSync(new URL(`../test/data/${path}`, import.meta.url), 'utf8')) as Doc;
const apps = read('kube-v1.36.3/openapi/v3/apis/apps/v1.json');
const core = read('kube-v1.36.3/openapi/v3/api/v1.json');
const probes = read('validation/probe-openapi-v3.json');

const started = performance.now();
const kinds = {
  Deployment: compileSchema({ document: apps, schema: apps.components.schemas['io.k8s.api.apps.v1.Deployment'], source: 'openapi/v3' }),
  Service: compileSchema({ document: core, schema: core.components.schemas['io.k8s.api.core.v1.Service'], source: 'openapi/v3' }),
  ConfigMap: compileSchema({ document: core, schema: core.components.schemas['io.k8s.api.core.v1.ConfigMap'], source: 'openapi/v3' }),
  Probe: compileSchema({ document: probes, schema: probes.components.schemas['com.example.val.v1.Probe'], source: 'openapi/v3' }),
};

const meta = (i: number) => ({ name: `obj-${i}`, namespace: 'default', labels: { app: `app-${i % 50}`, tier: 'web' } });
function object(i: number): [keyof typeof kinds, unknown] {
  const invalid = i % 20 === 0;
  switch (i % 4) {
    case 0:
      return [
        'Deployment',
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: meta(i),
          spec: {
            replicas: invalid ? 'three' : 3,
            selector: { matchLabels: { app: `app-${i % 50}` } },
            template: {
              metadata: { labels: { app: `app-${i % 50}` } },
              spec: {
                containers: [
                  {
                    name: 'web',
                    image: `registry.example.com/web:${i}`,
                    ports: [{ containerPort: 8080, name: 'http' }],
                    env: [{ name: 'MODE', value: 'prod' }],
                    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
                    readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
                  },
                ],
              },
            },
          },
        },
      ];
    case 1:
      return [
        'Service',
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: meta(i),
          spec: {
            selector: { app: `app-${i % 50}` },
            ports: [{ name: 'http', port: 80, targetPort: 'http', protocl: invalid ? 'TCP' : undefined }],
          },
        },
      ];
    case 2:
      return [
        'ConfigMap',
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(i), data: { 'app.conf': `setting=${i}\n`, mode: 'prod' } },
      ];
    default:
      return [
        'Probe',
        {
          apiVersion: 'val.example.com/v1',
          kind: 'Probe',
          metadata: meta(i),
          spec: { name: 'abc', minReplicas: invalid ? 5 : 1, tags: ['a', 'b'], items: [{ v: 'abc' }], when: '2024-01-01T00:00:00Z' },
        },
      ];
  }
}

const objects = Array.from({ length: 10_000 }, (_, i) => object(i));
const compiledAt = performance.now() - started;
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const times: number[] = [];
let errors = 0;
for (let round = 0; round < rounds; round++) {
  const t0 = performance.now();
  errors = 0;
  for (const [kind, value] of objects) errors += kinds[kind].validate(value).filter((issue) => issue.severity === 'error').length;
  times.push(performance.now() - t0);
}
// The corpus once more, so every rule kind is exercised in the measured process.
for (const entry of corpus) if (entry.schema in kinds) kinds[entry.schema as keyof typeof kinds].validate(entry.object);
const rss = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `validate 10,000 objects: median ${median(times).toFixed(0)} ms (rounds: ${times.map((t) => t.toFixed(0)).join(', ')}), ` +
    `${errors} errors, setup ${compiledAt.toFixed(0)} ms, peak RSS ${rss.toFixed(0)} MB; ${loadNote()}\n`,
);
