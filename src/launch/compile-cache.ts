import { mkdirSync } from 'node:fs';
import module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Node >= 22.1 keeps V8's compiled code of the bundle on disk, so the second run skips most
 * of the parse and compile. The cache lives in kapi's cache folder; NODE_COMPILE_CACHE (Node's
 * own setting) wins, and NODE_DISABLE_COMPILE_CACHE turns it off. A no-op on Node 20.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env): void {
  const enable = (module as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
  if (!enable || env.NODE_DISABLE_COMPILE_CACHE) return;
  try {
    const dir = env.NODE_COMPILE_CACHE || join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'kapi', 'compile-cache');
    // Private like kapi's other caches (Node would make it 0755).
    if (!env.NODE_COMPILE_CACHE) mkdirSync(dir, { recursive: true, mode: 0o700 });
    enable(dir);
  } catch {
    // a cache is never worth failing a command for
  }
}
