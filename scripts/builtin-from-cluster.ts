// Regenerates the bundled reference snapshot from a real kube-apiserver built from
// the Kubernetes Go modules (test/control-plane). The harness's test objects (CRDs,
// the aggregated wardle API) are removed first, so the snapshot is the release's own
// surface. Schemas go to a sibling <name>.schemas.json, read only by explain.
// `--snapshot builtin` points at it through defaultBuiltinSnapshot (src/snapshot/builtin.ts).
// Usage: node --import tsx scripts/builtin-from-cluster.ts
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { RELEASE, startCluster } from '../test/e2e/cluster.ts';

const run = promisify(execFile);
const cluster = await startCluster();
try {
  const kubectl = (...args: string[]) => run(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, ...args]);
  await kubectl('delete', 'apiservice', 'v1alpha1.wardle.example.com', '--ignore-not-found');
  await kubectl('delete', 'customresourcedefinitions', '--all');
  for (let attempt = 0; ; attempt++) {
    const { stdout } = await kubectl('api-versions');
    if (!/example\.com/.test(stdout)) break;
    if (attempt > 60) throw new Error('test groups still in discovery after 60 s');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const { stdout } = await run(process.execPath, ['bin/run.js', 'snapshot', '--with-schemas', '--kubeconfig', cluster.kubeconfig], {
    maxBuffer: 1 << 30,
  });
  const document = JSON.parse(stdout);
  const { schemas } = document;
  delete document.schemas;
  document.surface.source = {
    kind: 'snapshot',
    origin: `kube-apiserver ${RELEASE} built from the Kubernetes Go modules (test/control-plane), default flags of the harness; recorded by \`kapi snapshot --with-schemas\` (scripts/builtin-from-cluster.ts)`,
    capturedAt: document.surface.source.capturedAt,
  };
  const name = RELEASE;
  writeFileSync(`snapshots/${name}.json`, `${JSON.stringify(document, null, 1)}\n`);
  writeFileSync(`snapshots/${name}.schemas.json`, `${JSON.stringify(schemas)}\n`);
} finally {
  await cluster.stop();
}
