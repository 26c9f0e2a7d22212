import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** kapi's cache folder for one server and one kind of data: ${XDG_CACHE_HOME:-~/.cache}/kapi/<kind>/<host_port>. */
export function serverCacheDir(kind: 'discovery' | 'openapi', server: string, env: NodeJS.ProcessEnv = process.env): string {
  const root = env.XDG_CACHE_HOME || join(env.HOME ?? homedir(), '.cache');
  const key = server.replace(/^https?:\/\//, '').replace(/[^A-Za-z0-9.-]/g, '_');
  return join(root, 'kapi', kind, key);
}

/** Best effort: a cache that cannot be written never fails a command. */
export function writeCacheFile(file: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch {
    // ignored on purpose
  }
}
