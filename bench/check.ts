// kapi check against kubeconform v0.8.0 on the real control plane: 10,000 objects of a realistic
// mix (the valid cases of test/data/check-corpus, built-in kinds, the harness CRDs, a CRD with
// CEL rules and the aggregated wardle API; 5% of them from its schema-detectable rejections),
// spread over 6,800 files, a third of them multi-document. Both judge the same OpenAPI v3: kapi
// reads it from `kapi snapshot --with-schemas` of the cluster, kubeconform from strict JSON
// Schemas written here from that snapshot (one file per kind, the definitions it reaches, every
// object schema closed with additionalProperties: false, as openapi2jsonschema's --strict
// does). Alternating runs, medians, peak RSS. Not a test.
//   npm run bench:check          (BENCH_RUNS=5, BENCH_OBJECTS=10000)
// kubeconform comes from the Go module proxy: `go install github.com/yannh/kubeconform/cmd/kubeconform@v0.8.0`
// (done here when it is not in $(go env GOPATH)/bin).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { startCluster } from '../test/e2e/cluster.ts';
import { checkCorpusDir, installCheckCrd, removeCheckCrd } from '../test/support/check-corpus.ts';
import { kapiBin } from '../test/support/run-cli.ts';
import { alternate, type Contender, loadNote, median, runOnce } from './measure.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const objectCount = Number(process.env.BENCH_OBJECTS ?? 10_000);
const fileCount = Math.round(objectCount * 0.68);
const invalidShare = 0.05;
const corpusDir = checkCorpusDir;

type Json = Record<string, unknown>;

function kubeconformBinary(): string {
  const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim();
  const binary = join(gopath, 'bin', 'kubeconform');
  if (!existsSync(binary)) {
    console.log('installing kubeconform v0.8.0 from the Go module proxy');
    execFileSync('go', ['install', 'github.com/yannh/kubeconform/cmd/kubeconform@v0.8.0'], {
      stdio: 'inherit',
      env: { ...process.env, GOTOOLCHAIN: 'local' },
    });
  }
  return binary;
}

/** The corpus's cases as templates: the server-accepted ones, and the rejections the schema can tell. */
function templates(): { valid: Json[]; invalid: Json[] } {
  const verdicts = (
    JSON.parse(readFileSync(join(corpusDir, 'verdicts.json'), 'utf8')) as { verdicts: Record<string, { accepted: boolean }> }
  ).verdicts;
  const valid: Json[] = [];
  const invalid: Json[] = [];
  for (const file of readdirSync(join(corpusDir, 'cases')).sort()) {
    const text = readFileSync(join(corpusDir, 'cases', file), 'utf8');
    const expect = /^# expect: (.*)$/m.exec(text)?.[1];
    const objects = parseAllDocuments(text).map((d) => d.toJS() as Json);
    // Not-served and removed versions are a different question (kubeconform has no schema for them).
    if (/unserved|removed|v1beta1|deprecated/.test(file)) continue;
    if (expect === 'accepted' && verdicts[file]?.accepted) valid.push(...objects);
    else if (expect === 'rejected schema' && verdicts[file]?.accepted === false) invalid.push(...objects);
  }
  return { valid, invalid };
}

/** Writes `objectCount` objects into `fileCount` files; returns how many are invalid. */
function writeCorpus(dir: string, valid: Json[], invalid: Json[]): number {
  const objects: Json[] = [];
  const invalidEvery = Math.round(1 / invalidShare);
  let invalidCount = 0;
  for (let i = 0; i < objectCount; i++) {
    const bad = i % invalidEvery === invalidEvery - 1;
    const template = bad ? invalid[i % invalid.length] : valid[i % valid.length];
    const object = structuredClone(template) as Json & { metadata?: Json };
    object.metadata = { ...object.metadata, name: `${String(object.metadata?.name ?? 'obj')}-${i}` };
    objects.push(object);
    if (bad) invalidCount++;
  }
  let next = 0;
  for (let f = 0; f < fileCount; f++) {
    const remainingFiles = fileCount - f;
    const remaining = objects.length - next;
    // Spread the surplus over the files as 2- to 3-document files.
    const take =
      f === fileCount - 1 ? remaining : Math.max(1, Math.min(3, Math.round(remaining / remainingFiles + (f % 3 === 0 ? 0.6 : -0.3))));
    const docs = objects.slice(next, next + take);
    next += take;
    const sub = join(dir, `team-${f % 40}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `manifest-${f}.yaml`), docs.map((d) => stringify(d)).join('---\n'));
  }
  return invalidCount;
}

/** OpenAPI v3 component schemas to strict draft-4 JSON Schemas, one file per kind, for kubeconform's local registry. */
function writeJsonSchemas(snapshotFile: string, dir: string): number {
  const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as {
    schemas?: { openapiV3?: Record<string, { components?: { schemas?: Record<string, Json> } }> };
  };
  let written = 0;
  for (const [path, document] of Object.entries(snapshot.schemas?.openapiV3 ?? {})) {
    const components = document.components?.schemas;
    if (!components || !path.startsWith('/openapi/v3/')) continue;
    for (const [name, schema] of Object.entries(components)) {
      const gvks = (schema['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined) ?? [];
      for (const gvk of gvks) {
        if (`/openapi/v3/${gvk.group === '' ? 'api' : `apis/${gvk.group}`}/${gvk.version}` !== path) continue;
        const definitions: Record<string, unknown> = {};
        const pending = [name];
        while (pending.length > 0) {
          const next = pending.pop() as string;
          if (next in definitions || !components[next]) continue;
          definitions[next] = toJsonSchema(components[next], (ref) => pending.push(ref));
        }
        const group = gvk.group === '' ? gvk.version : gvk.group;
        mkdirSync(join(dir, group, gvk.version), { recursive: true });
        const file = join(dir, group, gvk.version, `${gvk.kind.toLowerCase()}.json`);
        writeFileSync(file, JSON.stringify({ definitions, allOf: [{ $ref: `#/definitions/${name}` }] }));
        written++;
      }
    }
  }
  return written;
}

function toJsonSchema(schema: unknown, reference: (name: string) => void, nullable = false): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, reference));
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === '$ref' && typeof value === 'string') {
      const name = value.replace('#/components/schemas/', '');
      reference(name);
      out.$ref = `#/definitions/${name}`;
    } else if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, toJsonSchema(v, reference, true)]));
    } else if (key === 'format' && value === 'int-or-string') {
      // not a JSON Schema format; the oneOf beside it says it
    } else if (key === 'nullable' || key.startsWith('x-kubernetes-') || key === 'description') {
      // OpenAPI-only keywords
    } else {
      out[key] = toJsonSchema(value, reference);
    }
  }
  // As kubeconform's own schemas (openapi2jsonschema) have it: null is accepted where Go's decoder takes it.
  if (typeof out.type === 'string' && (nullable || source.nullable === true)) out.type = [out.type, 'null'];
  if (source['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.oneOf = [{ type: 'integer' }, { type: 'string' }];
  }
  const open = source['x-kubernetes-preserve-unknown-fields'] === true || 'additionalProperties' in source;
  if (out.properties && !open) out.additionalProperties = false;
  return out;
}

const cluster = await startCluster();
const scratch = mkdtempSync(join(tmpdir(), 'kapi-bench-check-'));
try {
  const kubeconform = kubeconformBinary();
  await installCheckCrd(cluster);
  const snapshot = join(scratch, 'cluster.json');
  writeFileSync(
    snapshot,
    execFileSync(process.execPath, [kapiBin, 'snapshot', '--with-schemas', '--kubeconfig', cluster.kubeconfig], {
      env: { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache') },
      maxBuffer: 1 << 28,
    }),
  );
  const manifests = join(scratch, 'manifests');
  const { valid, invalid } = templates();
  const invalidCount = writeCorpus(manifests, valid, invalid);
  const schemas = join(scratch, 'schemas');
  const kinds = writeJsonSchemas(snapshot, schemas);
  const bytes = Number(execFileSync('du', ['-sb', manifests], { encoding: 'utf8' }).split('\t')[0]);
  console.log(
    `${objectCount} objects (${invalidCount} invalid, from ${valid.length} valid and ${invalid.length} invalid templates) in ${fileCount} files, ` +
      `${(bytes / 1e6).toFixed(1)} MB; ${kinds} kinds' JSON Schemas from the same snapshot; ${runs} runs each, medians; ${loadNote()}`,
  );

  const schemaLocation = join(schemas, '{{ .Group }}/{{ .ResourceAPIVersion }}/{{ .ResourceKind }}.json');
  const env = { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache'), NO_COLOR: '1' };
  const kapiArgs = [kapiBin, 'check', manifests, '--snapshot', snapshot];
  const conformFlags = ['-strict', '-summary', '-schema-location', schemaLocation];
  const contenders: Contender[] = [
    { label: 'kapi check', file: process.execPath, args: kapiArgs, env, okStatus: [10] },
    { label: 'kubeconform -strict (4 workers, its default)', file: kubeconform, args: [...conformFlags, manifests], okStatus: [1] },
    { label: 'kubeconform -strict -n 1', file: kubeconform, args: [...conformFlags, '-n', '1', manifests], okStatus: [1] },
  ];

  // Both must have judged every object, and found the invalid ones.
  const kapiReport = JSON.parse(runOnce({ ...contenders[0], args: [...kapiArgs, '-o', 'json'] } as Contender).stdout) as {
    summary: Json;
    findings: { severity: string; file: string; documentIndex: number }[];
  };
  const kapiInvalid = new Set(kapiReport.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}#${f.documentIndex}`)).size;
  const conform = JSON.parse(runOnce({ ...contenders[1], args: [...conformFlags, '-output', 'json', manifests] } as Contender).stdout) as {
    summary: { valid: number; invalid: number; errors: number; skipped: number };
  };
  console.log(`objects with an error: kapi ${kapiInvalid}; kubeconform ${JSON.stringify(conform.summary)}`);
  if (process.env.BENCH_DEBUG) {
    writeFileSync(join(process.env.BENCH_DEBUG, 'kapi.json'), JSON.stringify(kapiReport, null, 1));
    writeFileSync(join(process.env.BENCH_DEBUG, 'kubeconform.json'), JSON.stringify(conform, null, 1));
  }
  if (conform.summary.skipped > 0 || conform.summary.errors > 0) throw new Error('kubeconform skipped objects or could not load a schema');

  const results = alternate(contenders, runs);
  const base = median(results[1]?.ms ?? []);
  console.log('\n| contender | median ms | vs kubeconform (4 workers) | CPU ms | peak RSS MB |\n| --- | --- | --- | --- | --- |');
  for (const r of results) {
    const cpu = r.cpuMs.length ? median(r.cpuMs).toFixed(0) : '-';
    const rss = r.rssMb.length ? Math.max(...r.rssMb).toFixed(0) : '-';
    console.log(`| ${r.name} | ${median(r.ms).toFixed(0)} | ${(median(r.ms) / base).toFixed(2)}× | ${cpu} | ${rss} |`);
  }
} finally {
  await removeCheckCrd(cluster);
  await cluster.stop();
  if (process.env.BENCH_KEEP) console.log(`kept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
