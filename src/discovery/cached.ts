import { statSync } from 'node:fs';
import { monotonicMs } from '../cluster/clock.js';
import type { ApiSurface } from '../surface/model.js';
import { type DiscoveryCacheEntry, isFresh, readCachedRoots, readDiscoveryCache, writeDiscoveryCache } from './cache.js';
import type { Discovery, SurfaceNeeds } from './discovery.js';
import type { RootValidators } from './download.js';

/** A surface answered from the cache file, as the tracer reports it. */
export interface CacheHit {
  file: string;
  /** Bytes of the cache file read. */
  bytes: number;
  durationMs: number;
}

export interface CachedDiscoveryOptions {
  file: string;
  /** The server the cache is for (an entry written for another one is ignored). */
  server: string;
  /** The largest cache file read (--max-file-bytes). */
  maxFileBytes?: number;
  /** Told of every answer the cache gave instead of the server. */
  onHit?: (hit: CacheHit) => void;
  now?: () => number;
}

/**
 * The discovery cache as a wrapper with discovery's own interface: with
 * `cached`, a fresh and complete cached surface answers (its source marked
 * fromCache); otherwise the delegate answers, revalidating the aggregated
 * roots the cache kept (If-None-Match), and the cache is refreshed.
 */
export function cachedDiscovery(delegate: Discovery, options: CachedDiscoveryOptions): Discovery {
  return {
    async surface(needs: SurfaceNeeds): Promise<ApiSurface> {
      const started = monotonicMs();
      // Only --cached reads (and checks) the cached surface; otherwise the roots to revalidate are enough.
      const cached = needs.cached ? readDiscoveryCache(options.file, options.server, options.maxFileBytes) : undefined;
      if (needs.cached && cached && isFresh(options.file, options.now?.()) && complete(cached, needs)) {
        const bytes = statSync(options.file, { throwIfNoEntry: false })?.size ?? 0;
        options.onHit?.({ file: options.file, bytes, durationMs: monotonicMs() - started });
        return { ...cached.surface, source: { ...cached.surface.source, fromCache: true } };
      }
      const previous = needs.cached ? cached?.roots : readCachedRoots(options.file, options.server, options.maxFileBytes);
      let roots: RootValidators | undefined;
      const surface = await delegate.surface({
        ...needs,
        revalidate: { previous, fetched: (fetched) => (roots = fetched) },
      });
      const kept = roots ?? (surface.discovery === 'legacy' ? undefined : previous);
      writeDiscoveryCache(options.file, options.server, surface, kept, { versionsOnly: needs.versionsOnly });
      return surface;
    },
  };
}

/** A cached surface read without APIServices (or without resources) cannot answer a command that needs them. */
function complete({ surface, versionsOnly }: DiscoveryCacheEntry, needs: SurfaceNeeds): boolean {
  if (versionsOnly && !needs.versionsOnly) return false;
  if (needs.servedBy && surface.apiServices === undefined && surface.servedByNotice === undefined) return false;
  if (needs.serverVersion && surface.serverVersion === undefined) return false;
  return true;
}
