// The CRD with CEL rules that the check corpus (test/data/check-corpus) needs on the control
// plane: created, established and published in /openapi/v3 before any case is judged, removed
// after. Used by the check e2e test and the check benchmark.
import { join } from 'node:path';
import { type Cluster, kubectl, repoRoot } from '../e2e/cluster.ts';

export const checkCorpusDir = join(repoRoot, 'test', 'data', 'check-corpus');
const crds = join(checkCorpusDir, 'crds.yaml');

export async function installCheckCrd(cluster: Pick<Cluster, 'kubeconfig' | 'kubectl'>): Promise<void> {
  for (const args of [
    ['create', '-f', crds],
    ['wait', '--for=condition=Established', '--timeout=60s', 'crd/buckets.check.example.com'],
  ]) {
    const r = await kubectl(cluster, args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  }
  const deadline = Date.now() + 60_000;
  while ((await kubectl(cluster, ['get', '--raw', '/openapi/v3/apis/check.example.com/v1'])).code !== 0) {
    if (Date.now() > deadline) throw new Error('check.example.com/v1 never appeared in /openapi/v3');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function removeCheckCrd(cluster: Pick<Cluster, 'kubeconfig' | 'kubectl'>): Promise<void> {
  await kubectl(cluster, ['delete', '--ignore-not-found', '-f', crds]);
}
