import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ApiSurface } from '../surface/model.js';

/** kubectl keeps discovery for six hours; so does kapi's --cached. */
const cacheTtlMs = 6 * 60 * 60 * 1000;

export function discoveryCacheFile(server: string, env: NodeJS.ProcessEnv = process.env): string {
  const root = env.XDG_CACHE_HOME || join(env.HOME ?? homedir(), '.cache');
  const key = server.replace(/^https?:\/\//, '').replace(/[^A-Za-z0-9.-]/g, '_');
  return join(root, 'kapi', 'discovery', key, 'surface.json');
}

/** A cached surface younger than the TTL, or undefined. */
export function readCachedSurface(file: string, now = Date.now()): ApiSurface | undefined {
  try {
    if (now - statSync(file).mtimeMs > cacheTtlMs) return undefined;
    return JSON.parse(readFileSync(file, 'utf8')) as ApiSurface;
  } catch {
    return undefined;
  }
}

/** Best effort: a cache that cannot be written never fails a command. */
export function writeCachedSurface(file: string, surface: ApiSurface): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, JSON.stringify(surface));
  } catch {
    // ignored on purpose
  }
}
