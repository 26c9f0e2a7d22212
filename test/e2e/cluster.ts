// A real Kubernetes control plane for the e2e tests (kube-apiserver, etcd,
// sample-apiserver and CRDs, built from test/control-plane at one pinned
// release), plus the release-matched kubectl as the oracle.
//
// Node built-ins only. See test/control-plane/README.md.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Kubernetes release the control plane and kubectl are built from. */
export const RELEASE = 'v1.36.3';

const here = dirname(fileURLToPath(import.meta.url));
/** Root of the kapi repository. */
export const repoRoot = resolve(here, '..', '..');
/** The entrypoint script: build | up [--broken] | down. */
export const clusterScript = join(repoRoot, 'test', 'control-plane', 'cluster.sh');
/** Manifest of the APIService that is unavailable on purpose (v1.broken.example.com). */
export const brokenApiServiceManifest = join(repoRoot, 'test', 'control-plane', 'manifests', 'broken-apiservice.yaml');
/** Name of the broken APIService. */
export const BROKEN_APISERVICE = 'v1.broken.example.com';
/** Name of the aggregated sample-apiserver's APIService. */
export const WARDLE_APISERVICE = 'v1alpha1.wardle.example.com';

/** Where cluster.sh caches the binaries (outside the clone). */
export function defaultBinDir(): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'kapi', 'control-plane', RELEASE);
}

export interface Cluster {
  /** Path of a kubeconfig with contexts `admin` (current) and `viewer`. */
  kubeconfig: string;
  /** Path of the release-matched kubectl binary. */
  kubectl: string;
  /** Directory of the cached binaries. */
  binDir: string;
  /** https://127.0.0.1:<port> of kube-apiserver. */
  server: string;
  /** True when this cluster was reused from KAPI_E2E_KUBECONFIG. */
  reused: boolean;
  /** cluster.sh's state dir (its `env` file names ETCD and WARDLE); undefined for a reused cluster. */
  stateDir?: string;
  /** Stop the cluster (no-op for a reused one, except removing what it added). */
  stop(): Promise<void>;
}

export type Availability = { run: true } | { run: false; reason: string };

function isCI(): boolean {
  return process.env.CI === 'true';
}

function hasCommand(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

/**
 * Whether the e2e suite can run here. Under CI=true it always answers
 * {run: true}: a control plane that cannot be built or started must then fail
 * the run (startCluster throws), never skip. Otherwise, without Go (and
 * without KAPI_E2E_KUBECONFIG), it answers {run: false, reason}.
 */
export function e2eAvailability(): Availability {
  if (process.env.KAPI_E2E_KUBECONFIG) return { run: true };
  if (isCI()) return { run: true };
  if (process.platform === 'win32') {
    return { run: false, reason: 'e2e control plane needs bash and Linux/macOS; skipped on Windows' };
  }
  if (!hasCommand('go', ['version'])) {
    return {
      run: false,
      reason:
        'e2e skipped: Go is not installed (needed to build kube-apiserver, etcd, sample-apiserver and kubectl ' +
        `${RELEASE} from test/control-plane). Install Go >= 1.26, or point KAPI_E2E_KUBECONFIG at a running ` +
        'cluster from `npm run cluster:up`. Under CI=true this is a failure, not a skip.',
    };
  }
  for (const [cmd, args] of [
    ['bash', ['--version']],
    ['curl', ['--version']],
  ] as const) {
    if (!hasCommand(cmd, [...args])) {
      return { run: false, reason: `e2e skipped: \`${cmd}\` is not installed (needed by test/control-plane/cluster.sh)` };
    }
  }
  return { run: true };
}

/** Print the skip reason once, clearly, and return it (for node:test's `skip`). */
export function announceSkip(a: Availability): string | false {
  if (a.run) return false;
  process.stderr.write(`\n[kapi e2e] SKIPPED: ${a.reason}\n\n`);
  return a.reason;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a command, never rejecting on a non-zero exit. */
export function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number | undefined; input?: string } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      cmd,
      args,
      { env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
          reject(err);
          return;
        }
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolvePromise({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Run the release-matched kubectl against a kubeconfig (context `admin` unless given). */
export function kubectl(
  cluster: Pick<Cluster, 'kubeconfig' | 'kubectl'>,
  args: string[],
  opts: { context?: string; timeoutMs?: number | undefined } = {},
): Promise<RunResult> {
  return run(cluster.kubectl, [`--kubeconfig=${cluster.kubeconfig}`, `--context=${opts.context ?? 'admin'}`, ...args], {
    timeoutMs: opts.timeoutMs,
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function mustKubectl(cluster: Pick<Cluster, 'kubeconfig' | 'kubectl'>, args: string[]): Promise<string> {
  const r = await kubectl(cluster, args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

function kubectlPathFor(binDir: string): string {
  const p = process.env.KAPI_E2E_KUBECTL || join(binDir, 'kubectl');
  return p;
}

/**
 * Create the APIService v1.broken.example.com (its Service does not exist) and
 * wait until it reports Available=False, reason ServiceNotFound, and legacy
 * discovery lists the group.
 */
export async function createBrokenApiService(kubeconfig: string, kubectlPath?: string): Promise<void> {
  const c = { kubeconfig, kubectl: kubectlPath ?? kubectlPathFor(defaultBinDir()) };
  await mustKubectl(c, ['apply', '-f', brokenApiServiceManifest]);
  await mustKubectl(c, [
    'wait',
    '--timeout=60s',
    `--for=jsonpath={.status.conditions[?(@.type=="Available")].reason}=ServiceNotFound`,
    `apiservice/${BROKEN_APISERVICE}`,
  ]);
  await waitFor(async () => (await kubectl(c, ['get', '--raw', '/apis'])).stdout.includes('"broken.example.com"'));
}

/** Delete the broken APIService and wait until discovery no longer lists its group. */
export async function deleteBrokenApiService(kubeconfig: string, kubectlPath?: string): Promise<void> {
  const c = { kubeconfig, kubectl: kubectlPath ?? kubectlPathFor(defaultBinDir()) };
  await mustKubectl(c, ['delete', '--ignore-not-found', '--wait=true', `apiservice/${BROKEN_APISERVICE}`]);
  await waitFor(async () => {
    const r = await kubectl(c, ['get', '--raw', '/apis']);
    return r.code === 0 && !r.stdout.includes('"broken.example.com"');
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms`);
    await sleep(250);
  }
}

function parseKeyValues(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}

/** Build the binaries if needed (cached) and return their directory. */
export async function buildControlPlane(): Promise<string> {
  const r = await runClusterScript(['build'], process.env);
  if (r.code !== 0) throw new Error(`cluster.sh build failed (exit ${r.code}):\n${tail(r.stderr)}`);
  const lines = r.stdout.trim().split('\n');
  return lines[lines.length - 1] ?? defaultBinDir();
}

function tail(s: string, n = 6000): string {
  return s.length > n ? `…${s.slice(-n)}` : s;
}

/**
 * Run cluster.sh, passing its "[cluster] …" progress lines through to stderr
 * (a cold build takes 10-20 minutes; silence would look like a hang).
 */
function runClusterScript(args: string[], env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<RunResult> {
  const limit = timeoutMs ?? Number(process.env.KAPI_E2E_UP_TIMEOUT_MS || 45 * 60_000);
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', [clusterScript, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let partial = '';
    const verbose = process.env.KAPI_E2E_VERBOSE === '1';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      partial += d;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (verbose || line.startsWith('[cluster] building') || line.startsWith('[cluster] control plane')) {
          process.stderr.write(`${line}\n`);
        }
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
    }, limit);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/**
 * Start a control plane (or reuse the one named by KAPI_E2E_KUBECONFIG).
 * Each call gets its own state dir, so concurrent test files get separate
 * clusters. Throws when the build or start fails: callers decide to skip only
 * through e2eAvailability(), never on a failure here.
 */
export async function startCluster(opts: { broken?: boolean } = {}): Promise<Cluster> {
  const reuse = process.env.KAPI_E2E_KUBECONFIG;
  if (reuse) {
    const binDir = defaultBinDir();
    const c: Cluster = {
      kubeconfig: reuse,
      kubectl: kubectlPathFor(binDir),
      binDir,
      server: '',
      reused: true,
      stop: async () => {
        if (opts.broken) await deleteBrokenApiService(reuse, c.kubectl);
      },
    };
    if (!existsSync(c.kubectl)) throw new Error(`release-matched kubectl not found at ${c.kubectl}; run npm run cluster:build`);
    c.server = (await mustKubectl(c, ['config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}'])).trim();
    if (opts.broken) await createBrokenApiService(reuse, c.kubectl);
    return c;
  }

  const stateDir = await mkdtemp(join(tmpdir(), 'kapi-e2e-state-'));
  const env = { ...process.env, KAPI_CLUSTER_STATE_DIR: stateDir };
  const downSync = () => {
    spawnSync('bash', [clusterScript, 'down'], { env, stdio: 'ignore' });
  };
  // If the test process dies without calling stop(), still stop the daemons.
  process.once('exit', downSync);

  const r = await runClusterScript(['up', ...(opts.broken ? ['--broken'] : [])], env);
  const kv = parseKeyValues(r.stdout);
  const lastLine = r.stdout.trim().split('\n').pop() ?? '';
  if (r.code !== 0 || !lastLine.startsWith('KUBECONFIG=') || !kv.KUBECONFIG) {
    downSync();
    process.removeListener('exit', downSync);
    await rm(stateDir, { recursive: true, force: true });
    throw new Error(`cluster.sh up failed (exit ${r.code}):\n${tail(r.stderr)}`);
  }
  const binDir = kv.BIN_DIR ?? defaultBinDir();
  let stopped = false;
  return {
    kubeconfig: kv.KUBECONFIG,
    kubectl: kv.KUBECTL ?? join(binDir, 'kubectl'),
    binDir,
    server: kv.SERVER ?? '',
    reused: false,
    stateDir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const d = await runClusterScript(['down'], env, 120_000);
      process.removeListener('exit', downSync);
      await rm(stateDir, { recursive: true, force: true });
      if (d.code !== 0) throw new Error(`cluster.sh down failed (exit ${d.code}):\n${tail(d.stderr)}`);
    },
  };
}
