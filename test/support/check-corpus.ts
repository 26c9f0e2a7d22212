// The CRDs that the check corpus (test/data/check-corpus) needs on the control plane: created,
// established and published in /openapi/v3 before any case is judged, removed after. Used by
// the check e2e test and the check benchmark.
import { join } from 'node:path';
import { type Cluster, kubectl, repoRoot, run } from '../e2e/cluster.ts';
import { formatValues } from './format-values.ts';

export const checkCorpusDir = join(repoRoot, 'test', 'data', 'check-corpus');
const crds = join(checkCorpusDir, 'crds.yaml');
/** Where the server's verdicts on test/support/format-values.ts are recorded. */
export const formatVerdictsFile = join(checkCorpusDir, 'format-verdicts.json');
const kinds = [
  ['buckets.check.example.com', 'com.example.check.v1.Bucket'],
  ['formatsamples.check.example.com', 'com.example.check.v1.FormatSample'],
];

export async function installCheckCrd(cluster: Pick<Cluster, 'kubeconfig' | 'kubectl'>): Promise<void> {
  for (const args of [
    ['create', '-f', crds],
    ['wait', '--for=condition=Established', '--timeout=60s', ...kinds.map(([crd]) => `crd/${crd}`)],
  ]) {
    const r = await kubectl(cluster, args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  }
  const deadline = Date.now() + 60_000;
  const published = async () => {
    const r = await kubectl(cluster, ['get', '--raw', '/openapi/v3/apis/check.example.com/v1']);
    return r.code === 0 && kinds.every(([, schema]) => r.stdout.includes(`"${schema}"`));
  };
  while (!(await published())) {
    if (Date.now() > deadline) throw new Error('check.example.com/v1 never published both kinds in /openapi/v3');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function removeCheckCrd(cluster: Pick<Cluster, 'kubeconfig' | 'kubectl'>): Promise<void> {
  await kubectl(cluster, ['delete', '--ignore-not-found', '-f', crds]);
}

export interface FormatVerdicts {
  server: string;
  command: string;
  /** format -> value -> whether the server accepted it */
  verdicts: Record<string, Record<string, boolean>>;
}

/**
 * Sends each format's values to the server in one FormatSample (dry run) and reads which list
 * items it rejects from its answer ("spec.<format>[i]: Invalid value: ...").
 */
export async function judgeFormatValues(cluster: Pick<Cluster, 'kubeconfig' | 'kubectl'>): Promise<FormatVerdicts['verdicts']> {
  const verdicts: FormatVerdicts['verdicts'] = {};
  for (const [format, values] of Object.entries(formatValues)) {
    const object = {
      apiVersion: 'check.example.com/v1',
      kind: 'FormatSample',
      metadata: { name: 'formats', namespace: 'default' },
      spec: { [format]: values },
    };
    const answer = await run(
      cluster.kubectl,
      [`--kubeconfig=${cluster.kubeconfig}`, '--context=admin', 'create', '--dry-run=server', '--validate=strict', '-o', 'name', '-f', '-'],
      { input: JSON.stringify(object) },
    );
    const rejected = new Set<number>();
    const escaped = format.replace(/[-]/g, '\\-');
    for (const m of answer.stderr.matchAll(new RegExp(`spec\\.${escaped}\\[(\\d+)\\]: Invalid value`, 'g'))) rejected.add(Number(m[1]));
    if (answer.code !== 0 && rejected.size === 0) throw new Error(`format ${format}: an answer without item errors: ${answer.stderr}`);
    verdicts[format] = Object.fromEntries(values.map((value, i) => [value, !rejected.has(i)]));
  }
  return verdicts;
}
