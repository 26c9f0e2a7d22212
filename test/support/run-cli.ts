import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export const kapiBin = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

/** Runs a command without a shell and collects its output, never throwing on a non-zero exit. */
export function runCommand(file: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { env: { ...process.env, KUBECONFIG: '/dev/null', NO_COLOR: '1', ...env }, maxBuffer: 1 << 28, timeout: timeoutMs },
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

/** The machine's kubectl, or another one given by path. */
export function kubectl(args: string[], binary = process.env.KAPI_KUBECTL ?? 'kubectl', env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCommand(binary, args, env);
}
