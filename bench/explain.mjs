// Times `kapi explain deployments.spec` against `kubectl explain deployments.spec`
// on a real server and counts requests and bytes for each. Not a test.
//
//   KUBECONFIG=... node bench/explain.mjs [runs=15] [path=deployments.spec]
//
// kubectl: the release-matched binary (KUBECTL or ~/.cache/kapi/control-plane/v1.36.3/kubectl).
// Requests: kapi's --trace=json summary line; kubectl's -v 8 "Request" lines.
// Bytes: kapi counts bytes read off the wire (compressed); for kubectl, -v 8 prints the
// response headers, and Content-Length is summed where the server sent it (gzip'd bodies
// are chunked without it, so kubectl's byte figure is a lower bound; see the note printed).
// Two regimes: cold (empty caches each run) and warm (caches kept, as on a workstation).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 15);
const path = process.argv[3] ?? 'deployments.spec';
const kubeconfig = process.env.KUBECONFIG;
if (!kubeconfig) throw new Error('set KUBECONFIG to the control plane (npm run cluster:up prints it)');
const kubectlBin =
  process.env.KUBECTL ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kapi', 'control-plane', 'v1.36.3', 'kubectl');
const kapiBin = new URL('../bin/run.js', import.meta.url).pathname;

function timed(cmd, args, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr}`);
  return { ms, stdout: result.stdout, stderr: result.stderr };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function kapiRun(cache, extra = []) {
  return timed(process.execPath, [kapiBin, 'explain', path, '--kubeconfig', kubeconfig, ...extra], { XDG_CACHE_HOME: cache });
}
function kubectlRun(cache, extra = []) {
  return timed(kubectlBin, ['explain', path, '--kubeconfig', kubeconfig, `--cache-dir=${cache}`, ...extra], { HOME: cache });
}

function kapiTraffic(cache) {
  const { stderr } = kapiRun(cache, ['--trace=json']);
  const summary = stderr
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .find((record) => record.summary)?.summary;
  return { requests: summary.requests, bytes: summary.bytes };
}
function kubectlTraffic(cache) {
  const { stderr } = kubectlRun(cache, ['-v=8']);
  const requests = (stderr.match(/"Request" verb=/g) ?? []).length;
  const lengths = [...stderr.matchAll(/Content-Length: (\d+)/gi)].map((m) => Number(m[1]));
  return { requests, bytes: lengths.reduce((a, b) => a + b, 0), withoutLength: requests - lengths.length };
}

function regime(name, warm) {
  const kapiCache = mkdtempSync(join(tmpdir(), 'bench-kapi-'));
  const kubectlCache = mkdtempSync(join(tmpdir(), 'bench-kubectl-'));
  const fresh = () => {
    if (warm) return;
    rmSync(kapiCache, { recursive: true, force: true });
    rmSync(kubectlCache, { recursive: true, force: true });
  };
  if (warm) {
    kapiRun(kapiCache);
    kubectlRun(kubectlCache);
  }
  const kapiMs = [];
  const kubectlMs = [];
  for (let i = 0; i < runs; i++) {
    fresh();
    kapiMs.push(kapiRun(kapiCache).ms);
    fresh();
    kubectlMs.push(kubectlRun(kubectlCache).ms);
  }
  fresh();
  const kapiT = kapiTraffic(kapiCache);
  fresh();
  const kubectlT = kubectlTraffic(kubectlCache);
  const k = median(kapiMs);
  const c = median(kubectlMs);
  console.log(`\n${name} (${runs} runs each, explain ${path})`);
  console.log(`  kapi    median ${k.toFixed(0)} ms   requests ${kapiT.requests}   bytes ${kapiT.bytes} (on the wire)`);
  console.log(
    `  kubectl median ${c.toFixed(0)} ms   requests ${kubectlT.requests}   bytes >= ${kubectlT.bytes} (Content-Length; ${kubectlT.withoutLength} responses without one)`,
  );
  console.log(`  wall-time ratio kapi/kubectl ${(k / c).toFixed(2)}   requests ratio ${(kapiT.requests / kubectlT.requests).toFixed(2)}`);
  rmSync(kapiCache, { recursive: true, force: true });
  rmSync(kubectlCache, { recursive: true, force: true });
}

console.log(
  `kubectl: ${execFileSync(kubectlBin, ['version', '--client', '-o', 'json'], { encoding: 'utf8' }).match(/"gitVersion": "([^"]+)"/)?.[1]}`,
);
regime('cold caches', false);
regime('warm caches', true);
