// Start-up and offline-listing benchmark against kubectl, measured in the same run.
// Not a test: prints medians and ratios. Run with `npm run bench`.
//   kapi --help                            vs  kubectl version --client
//   kapi api-resources --snapshot builtin  vs  kubectl api-resources --cached (warm disk cache)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFolderCapture, startReplayServer } from '../test/support/replay-server.ts';
import { kapiBin } from '../test/support/run-cli.ts';

const runs = Number(process.env.BENCH_RUNS ?? 21);
const kubectlBin = process.env.KAPI_KUBECTL ?? 'kubectl';

function timeOnce(file: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

/** Alternates the two commands run by run, so drift on the machine hits both alike. */
function compare(name: string, ours: [string, string[]], theirs: [string, string[]], env: NodeJS.ProcessEnv) {
  const a: number[] = [];
  const b: number[] = [];
  timeOnce(...ours, env);
  timeOnce(...theirs, env);
  for (let i = 0; i < runs; i++) {
    a.push(timeOnce(...ours, env));
    b.push(timeOnce(...theirs, env));
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] as number;
  const [ma, mb] = [median(a), median(b)];
  console.log(
    `${name.padEnd(58)} kapi ${ma.toFixed(1).padStart(7)} ms   kubectl ${mb.toFixed(1).padStart(7)} ms   ratio ${(ma / mb).toFixed(2)}x`,
  );
}

const home = mkdtempSync(join(tmpdir(), 'kapi-bench-'));
const env = { ...process.env, HOME: home, KUBECONFIG: '/dev/null', NO_COLOR: '1' };
const server = await startReplayServer(loadFolderCapture(new URL('../test/data/k0s-v1.21.0-capture', import.meta.url).pathname));
try {
  console.log(`median of ${runs} runs each, node ${process.version}; kubectl: ${kubectlBin}`);
  compare('kapi --help  vs  kubectl version --client', [process.execPath, [kapiBin, '--help']], [kubectlBin, ['version', '--client']], env);
  // Warm kubectl's discovery cache for the replayed server, then time the cached listing.
  // spawnSync would block this process's replay server, so warm it asynchronously.
  await new Promise<void>((resolve, reject) => {
    import('node:child_process').then(({ execFile }) =>
      execFile(kubectlBin, ['api-resources', '--server', server.url], { env }, (error) => (error ? reject(error) : resolve())),
    );
  });
  await server.close();
  compare(
    'kapi api-resources --snapshot builtin  vs  kubectl --cached',
    [process.execPath, [kapiBin, 'api-resources', '--snapshot', 'builtin']],
    [kubectlBin, ['api-resources', '--cached', '--server', server.url]],
    env,
  );
} finally {
  await server.close().catch(() => undefined);
  rmSync(home, { recursive: true, force: true });
}
