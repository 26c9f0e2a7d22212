// Start-up and offline-listing benchmark against kubectl, measured in the same run.
// Not a test: prints medians and ratios. Run with `npm run bench`.
//   kapi --help                            vs  kubectl version --client
//   kapi --version                         vs  kubectl version --client
//   kapi api-resources --snapshot builtin  vs  kubectl api-resources --cached (warm disk cache)
// KAPI_KUBECTL: the kubectl to compare with (default: the release-matched one, else kubectl on PATH).
// BENCH_BASELINE: another kapi's bin/run.js (e.g. before a change), timed in the same rounds.
// BENCH_NODE: the node binary that runs kapi (default: this one), to compare Node lines.
// BENCH_BINARY: the standalone executable timed as its own row (default: dist/bin/kapi-linux-x64 when built).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFolderCapture, startReplayServer } from '../test/support/replay-server.ts';
import { kapiBin } from '../test/support/run-cli.ts';
import { alternate, type Contender, loadNote, median } from './measure.ts';

const runs = Number(process.env.BENCH_RUNS ?? 21);
const matched = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kapi', 'control-plane', 'v1.36.3', 'kubectl');
const kubectlBin = process.env.KAPI_KUBECTL ?? (existsSync(matched) ? matched : 'kubectl');
const node = process.env.BENCH_NODE ?? process.execPath;
const baseline = process.env.BENCH_BASELINE;
const builtBinary = new URL('../dist/bin/kapi-linux-x64', import.meta.url).pathname;
const binary = process.env.BENCH_BINARY ?? (existsSync(builtBinary) ? builtBinary : undefined);

const home = mkdtempSync(join(tmpdir(), 'kapi-bench-'));
const env = { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, '.cache'), KUBECONFIG: '/dev/null', NO_COLOR: '1' };

function compare(name: string, kapiArgs: string[], theirs: [string, string[]]) {
  const contenders: Contender[] = [
    { label: 'kapi', file: node, args: [kapiBin, ...kapiArgs], env },
    { label: 'kubectl', file: theirs[0], args: theirs[1], env },
  ];
  if (binary) contenders.push({ label: 'binary', file: binary, args: kapiArgs, env });
  if (baseline) contenders.push({ label: 'before', file: node, args: [baseline, ...kapiArgs], env });
  const [ours, kubectl, ...others] = alternate(contenders, runs);
  if (!ours || !kubectl) return;
  const cell = (c: { ms: number[]; cpuMs: number[] }) =>
    `${median(c.ms).toFixed(0)}${c.cpuMs.length > 0 ? ` (${median(c.cpuMs).toFixed(0)})` : ''}`;
  const ratio = (c: { ms: number[] }) => (median(c.ms) / median(kubectl.ms)).toFixed(2);
  const extra = others.map((c) => ` ${cell(c)} | ${ratio(c)} |`).join('');
  const rss = [ours, kubectl, ...others].map((c) => ` ${median(c.rssMb).toFixed(0)} |`).join('');
  console.log(`| ${name} | ${cell(ours)} | ${cell(kubectl)} | ${ratio(ours)} |${extra}${rss}`);
}

const server = await startReplayServer(loadFolderCapture(new URL('../test/data/k0s-v1.21.0-capture', import.meta.url).pathname));
try {
  console.log(
    `median of ${runs} runs each; kapi on node ${node === process.execPath ? process.version : node}; kubectl: ${kubectlBin}; ${loadNote()}`,
  );
  if (binary) console.log(`binary: ${binary}`);
  console.log('wall ms (CPU ms in brackets); ratio = wall / kubectl wall, from the same alternating rounds\n');
  const extras = [...(binary ? ['binary'] : []), ...(baseline ? ['before'] : [])];
  console.log(
    `| command | kapi ms | kubectl ms | ratio |${extras.map((e) => ` ${e} ms | ${e} ratio |`).join('')} RSS MB: kapi | kubectl |${extras.map((e) => ` ${e} |`).join('')}`,
  );
  console.log(`| --- | ---: | ---: | ---: |${' ---: | ---: |'.repeat(extras.length)} ---: | ---: |${' ---: |'.repeat(extras.length)}`);
  compare('`--help` vs `kubectl version --client`', ['--help'], [kubectlBin, ['version', '--client']]);
  compare('`--version` vs `kubectl version --client`', ['--version'], [kubectlBin, ['version', '--client']]);
  // Warm kubectl's discovery cache for the replayed server, then time the cached listing.
  // spawnSync would block this process's replay server, so warm it asynchronously.
  await new Promise<void>((resolve, reject) =>
    execFile(kubectlBin, ['api-resources', '--server', server.url], { env }, (error) => (error ? reject(error) : resolve())),
  );
  await server.close();
  compare(
    '`api-resources --snapshot builtin` vs `kubectl api-resources --cached`',
    ['api-resources', '--snapshot', 'builtin'],
    [kubectlBin, ['api-resources', '--cached', '--server', server.url]],
  );
} finally {
  await server.close().catch(() => undefined);
  rmSync(home, { recursive: true, force: true });
}
