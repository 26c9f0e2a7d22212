import type { ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { KubeConfig } from '@kubernetes/client-node';
import { ConfigError } from '../errors.js';

/**
 * Two guards on the credentials client-node produces, for what client-go does and Node would not:
 * a bearer token is trimmed as client-go trims a token file (so `echo tok > file` works), and a
 * token that still holds a line break or another control character is a configuration error
 * naming where it came from, not Node's "Invalid character in header content" later; an exec
 * credential plugin gets a time bound, so one hanging plugin cannot stall a command or a fleet.
 */

/** Characters an HTTP header value may not hold (Node refuses them when the request is sent). */
const notInHeader = /[^\t\x20-\x7e\x80-\xff]/;

/** The Authorization header with its bearer token trimmed; throws ConfigError when the token cannot be sent. */
export function checkedBearer(authorization: string | undefined, source: string): string | undefined {
  if (authorization === undefined || !authorization.startsWith('Bearer ')) return authorization;
  const token = authorization.slice('Bearer '.length).trim();
  if (notInHeader.test(token)) {
    const what = /[\r\n]/.test(token) ? 'a line break' : 'a control character';
    throw new ConfigError(`the bearer token of ${source} holds ${what}, which no HTTP header may carry`);
  }
  return `Bearer ${token}`;
}

let loaded: typeof import('node:child_process') | undefined;
/** node:child_process, loaded with the first exec plugin: a run without one never loads it (~3 ms on Node 24). */
const childProcess = () => {
  loaded ??= createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  return loaded;
};

/** What client-node's exec authenticator exposes (its spawn function is a field, as in its own tests). */
interface ExecAuthenticator {
  execFn?: typeof spawn;
}

/**
 * Runs `authenticate` (client-node's applyToHTTPSOptions) with every exec plugin it starts bounded
 * by timeoutMs (0: no bound): past it, the plugin is killed, its pipes closed, and the promise
 * rejects with a ConfigError naming the bound.
 */
export async function withExecTimeout<T>(config: KubeConfig, timeoutMs: number, authenticate: () => Promise<T>): Promise<T> {
  if (timeoutMs <= 0) return authenticate();
  const children: ChildProcess[] = [];
  const authenticators = (config as unknown as { authenticators?: ExecAuthenticator[] }).authenticators ?? [];
  for (const authenticator of authenticators) {
    if (typeof authenticator.execFn !== 'function') continue;
    authenticator.execFn = ((command: string, args: readonly string[], options: object) => {
      const child = childProcess().spawn(command, args ?? [], { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      return child;
    }) as typeof spawn;
  }
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      for (const child of children) {
        child.kill('SIGKILL');
        // A grandchild (the plugin's own sleep, say) may hold the pipes open: close this side.
        child.stdout?.destroy();
        child.stderr?.destroy();
      }
      reject(new ConfigError(`the exec credential plugin did not finish within ${timeoutMs / 1000}s (--request-timeout)`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([authenticate(), expired]);
  } finally {
    clearTimeout(timer);
  }
}
