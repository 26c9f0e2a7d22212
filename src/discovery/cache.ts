import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { serverCacheDir, writeCacheFile } from '../cluster/cache-dir.js';
import type { ApiSurface } from '../surface/model.js';

/** kubectl keeps discovery for six hours; so does kapi's --cached. */
const cacheTtlMs = 6 * 60 * 60 * 1000;

export function discoveryCacheFile(server: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(serverCacheDir('discovery', server, env), 'surface.json');
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

/** Best effort, like every kapi cache. */
export function writeCachedSurface(file: string, surface: ApiSurface): void {
  writeCacheFile(file, JSON.stringify(surface));
}
