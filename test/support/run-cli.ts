import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export const kapiBin = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

let isolated: NodeJS.ProcessEnv | undefined;

/**
 * What every CLI run starts from, so no test reads or writes the user's
 * files: no kubeconfig, and a home, kapi cache and kubectl cache in a
 * temporary folder of this test process (removed when it exits). A test
 * passes its own values to override them.
 */
export function isolatedEnv(): NodeJS.ProcessEnv {
  if (!isolated) {
    const root = mkdtempSync(join(tmpdir(), 'kapi-cli-test-'));
    process.on('exit', () => rmSync(root, { recursive: true, force: true }));
    const home = join(root, 'home');
    mkdirSync(home);
    isolated = {
      KUBECONFIG: '/dev/null',
      HOME: home,
      XDG_CACHE_HOME: join(root, 'cache'),
      KUBECACHEDIR: join(root, 'kube-cache'),
      NO_COLOR: '1',
    };
  }
  return isolated;
}

/** Runs a command without a shell and collects its output, never throwing on a non-zero exit. */
export function runCommand(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
  cwd?: string,
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: { ...process.env, ...isolatedEnv(), ...env }, maxBuffer: 1 << 28, timeout: timeoutMs, cwd },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
  });
}

/** The built kapi CLI (run `npm run build` first). */
export function kapi(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs?: number): Promise<CliResult> {
  return runCommand(process.execPath, [kapiBin, ...args], env, timeoutMs);
}

/** The release-matched kubectl (v1.36.3) the control-plane build leaves in kapi's cache. */
export const releaseKubectl = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kapi', 'control-plane', 'v1.36.3', 'kubectl');

/** The machine's kubectl, or another one given by path. */
export function kubectl(args: string[], binary = process.env.KAPI_KUBECTL ?? 'kubectl', env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCommand(binary, args, env);
}
