// The everyday commands on the real control plane, against the release-matched kubectl:
// first at the harness CRDs, then (bench:scale) with 500 and 2000 generated CRDs over 400
// groups. Cold caches for both (kapi's XDG_CACHE_HOME and kubectl's --cache-dir emptied
// before every run), alternating runs, medians. Node's compile cache (Node >= 22) is kept
// apart and warm, as it is for a user after the first run: it holds kapi's compiled code,
// not anything the cluster said; requests and bytes from one traced run each.
// Not a test. Run with `npm run bench:live` (harness CRDs only) or `npm run bench:scale`.
//   BENCH_RUNS=5  BENCH_STAGES=harness,500,2000  KAPI_E2E_KUBECONFIG=<running cluster>
//   BENCH_BASELINE=<another kapi's bin/run.js>: also times that build (e.g. kapi before a change), in the same rounds.
//   BENCH_BINARY=<standalone executable>: also times it (default: dist/bin/kapi-linux-x64 when built); its unpacked
//   files (kapi/binary in the cache) stay, as they do for a user after the first run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster } from '../test/e2e/cluster.ts';
import { kapiBin as builtKapi } from '../test/support/run-cli.ts';
import { alternate, type Contender, loadNote, median, runOnce } from './measure.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const stages = (process.env.BENCH_STAGES ?? 'harness,500,2000').split(',');
const groups = 400;
const baseline = process.env.BENCH_BASELINE;
/** BENCH_KAPI: time a copy of a build, so that rebuilding the worktree mid-run cannot disturb the figures. */
const kapiBin = process.env.BENCH_KAPI ?? builtKapi;
const builtBinary = new URL('../dist/bin/kapi-linux-x64', import.meta.url).pathname;
const binary = process.env.BENCH_BINARY ?? (existsSync(builtBinary) ? builtBinary : undefined);

interface Row {
  name: string;
  kapi: string[];
  kubectl: string[];
  /** Only at this stage and above (CRD count). */
  from?: number;
}

const rows: Row[] = [
  { name: 'api-resources', kapi: ['api-resources'], kubectl: ['api-resources'] },
  { name: 'api-resources -o wide', kapi: ['api-resources', '-o', 'wide', '--kubectl-compat'], kubectl: ['api-resources', '-o', 'wide'] },
  { name: 'api-resources -o name', kapi: ['api-resources', '-o', 'name'], kubectl: ['api-resources', '-o', 'name'] },
  { name: 'api-resources -o json', kapi: ['api-resources', '-o', 'json'], kubectl: ['api-resources', '-o', 'json'] },
  { name: 'api-versions', kapi: ['api-versions'], kubectl: ['api-versions'] },
  { name: 'explain deployments.spec', kapi: ['explain', 'deployments.spec'], kubectl: ['explain', 'deployments.spec'] },
  { name: 'explain flunders.spec (aggregated)', kapi: ['explain', 'flunders.spec'], kubectl: ['explain', 'flunders.spec'] },
  { name: 'explain crontabs.spec (CRD)', kapi: ['explain', 'crontabs.spec'], kubectl: ['explain', 'crontabs.spec'] },
  {
    name: 'api-resources --discovery=legacy vs kubectl (aggregated)',
    kapi: ['api-resources', '--discovery=legacy'],
    kubectl: ['api-resources'],
    from: 2000,
  },
];

function crdManifest(from: number, to: number): string {
  const docs: string[] = [];
  for (let i = from; i < to; i++) {
    const group = `g${i % groups}.bench.example.com`;
    docs.push(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widget${i}s.${group}}
spec:
  group: ${group}
  scope: Namespaced
  names: {plural: widget${i}s, singular: widget${i}, kind: Widget${i}, shortNames: [w${i}]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {size: {type: integer, description: "How big."}, name: {type: string}}}`);
  }
  return `${docs.join('\n---\n')}\n`;
}

const traceSummary = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { summary?: { requests: number; bytes: number } })
    .find((record) => record.summary)?.summary;

function kubectlTraffic(stderr: string) {
  const requests = (stderr.match(/"Request" verb=/g) ?? []).length;
  const lengths = [...stderr.matchAll(/Content-Length: (\d+)/gi)].map((m) => Number(m[1]));
  return { requests, bytes: lengths.reduce((a, b) => a + b, 0) };
}

const cluster = await startCluster();
const scratch = mkdtempSync(join(tmpdir(), 'kapi-bench-scale-'));
const kapiCache = join(scratch, 'kapi');
const kubectlCache = join(scratch, 'kubectl');
const cold = (dir: string) => () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
};
/** kapi's cache emptied but for the standalone executable's unpacked files (kapi/binary). */
const coldKapi = () => {
  mkdirSync(join(kapiCache, 'kapi'), { recursive: true, mode: 0o700 });
  for (const entry of readdirSync(join(kapiCache, 'kapi'))) {
    if (entry !== 'binary') rmSync(join(kapiCache, 'kapi', entry), { recursive: true, force: true });
  }
};
const kubectlCmd = (args: string[]) => [`--kubeconfig=${cluster.kubeconfig}`, ...args];
try {
  const kubectlVersion = execFileSync(cluster.kubectl, ['version', '--client', '-o', 'json'], { encoding: 'utf8' }).match(
    /"gitVersion": "([^"]+)"/,
  )?.[1];
  console.log(`kapi ${kapiBin} on node ${process.version}; kubectl ${kubectlVersion}; ${runs} runs each, medians`);
  if (binary) console.log(`binary: ${binary}`);
  let applied = 0;
  for (const stage of stages) {
    const target = stage === 'harness' ? 0 : Number(stage);
    if (target > applied) {
      const file = join(scratch, `crds-${target}.yaml`);
      writeFileSync(file, crdManifest(applied, target));
      execFileSync(cluster.kubectl, kubectlCmd(['create', '-f', file]), { stdio: 'ignore', maxBuffer: 1 << 28 });
      execFileSync(cluster.kubectl, kubectlCmd(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=600s']), {
        stdio: 'ignore',
        maxBuffer: 1 << 28,
      });
      // Discovery and OpenAPI aggregate new CRDs asynchronously: wait until the last one is listed.
      for (let i = 0; i < 120; i++) {
        const out = execFileSync(cluster.kubectl, kubectlCmd(['api-resources', '-o', 'name', `--cache-dir=${join(scratch, 'wait')}`]), {
          encoding: 'utf8',
          maxBuffer: 1 << 28,
        });
        rmSync(join(scratch, 'wait'), { recursive: true, force: true });
        if (out.includes(`widget${target - 1}s.g${(target - 1) % groups}.bench.example.com`)) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      await new Promise((resolve) => setTimeout(resolve, 5000));
      applied = target;
    }
    console.log(`\n## ${stage === 'harness' ? 'harness CRDs only' : `${applied} generated CRDs over ${groups} groups`} (${loadNote()})\n`);
    const extras = [...(binary ? ['binary'] : []), ...(baseline ? ['before'] : [])];
    console.log('wall ms (CPU ms in brackets); ratio = wall / kubectl wall, from the same alternating rounds\n');
    console.log(
      `| command | kapi ms | kubectl ms | ratio |${extras.map((e) => ` ${e} ms | ${e} ratio |`).join('')} kapi req / KB | kubectl req / KB≥ | RSS MB: kapi | kubectl |${extras.map((e) => ` ${e} |`).join('')}`,
    );
    console.log(
      `| --- | ---: | ---: | ---: |${' ---: | ---: |'.repeat(extras.length)} ---: | ---: | ---: | ---: |${' ---: |'.repeat(extras.length)}`,
    );
    for (const row of rows) {
      if (row.from !== undefined && applied < row.from) continue;
      const env = { ...process.env, XDG_CACHE_HOME: kapiCache, NODE_COMPILE_CACHE: join(scratch, 'compile-cache'), NO_COLOR: '1' };
      const contenders: Contender[] = [
        {
          label: 'kapi',
          file: process.execPath,
          args: [kapiBin, ...row.kapi, `--kubeconfig=${cluster.kubeconfig}`],
          env,
          before: coldKapi,
        },
        {
          label: 'kubectl',
          file: cluster.kubectl,
          args: kubectlCmd([...row.kubectl, `--cache-dir=${kubectlCache}`]),
          env: { ...process.env, HOME: scratch },
          before: cold(kubectlCache),
        },
      ];
      if (binary) {
        contenders.push({
          ...(contenders[0] as Contender),
          label: 'binary',
          file: binary,
          args: [...row.kapi, `--kubeconfig=${cluster.kubeconfig}`],
        });
      }
      if (baseline) {
        contenders.push({
          ...(contenders[0] as Contender),
          label: 'before',
          args: [baseline, ...row.kapi, `--kubeconfig=${cluster.kubeconfig}`],
        });
      }
      const [ours, theirs, ...others] = alternate(contenders, runs);
      const kapiTrace = traceSummary(
        runOnce({ ...(contenders[0] as Contender), args: [...(contenders[0] as Contender).args, '--trace=json'] }).stderr,
      );
      const kubectlTrace = kubectlTraffic(
        runOnce({ ...(contenders[1] as Contender), args: [...(contenders[1] as Contender).args, '-v=8'] }).stderr,
      );
      if (!ours || !theirs) continue;
      const [k, c] = [median(ours.ms), median(theirs.ms)];
      const cpu = (runs: number[]) => (runs.length > 0 ? ` (${median(runs).toFixed(0)})` : '');
      const extra = others.map((o) => ` ${median(o.ms).toFixed(0)}${cpu(o.cpuMs)} | ${(median(o.ms) / c).toFixed(2)} |`).join('');
      const rss = [ours, theirs, ...others].map((o) => ` ${median(o.rssMb).toFixed(0)} |`).join('');
      console.log(
        `| ${row.name} | ${k.toFixed(0)}${cpu(ours.cpuMs)} | ${c.toFixed(0)}${cpu(theirs.cpuMs)} | ${(k / c).toFixed(2)} |${extra} ${kapiTrace?.requests} / ${((kapiTrace?.bytes ?? 0) / 1024).toFixed(0)} | ${kubectlTrace.requests} / ${(kubectlTrace.bytes / 1024).toFixed(0)} |${rss}`,
      );
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await cluster.stop();
}
