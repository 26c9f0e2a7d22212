import { monotonicMs } from '../cluster/clock.js';
import type { Transport } from '../cluster/transport.js';
import type { SurfaceSource } from '../surface/model.js';
import { surfaceFromDocuments } from './assemble.js';
import type { Discovery } from './discovery.js';
import { type DiscoveryMode, type DiscoveryProgress, downloadDiscovery, rootValidators } from './download.js';

export interface LiveDiscoveryOptions {
  mode: DiscoveryMode;
  /** Where the surface comes from (server, context); the time taken and captured are added. */
  source: Omit<SurfaceSource, 'kind' | 'capturedAt' | 'durationMs'>;
  /** A progress line while legacy discovery waits on its group-versions. */
  progress?: () => (DiscoveryProgress & { done(): void }) | undefined;
  signal?: AbortSignal;
}

/** Discovery from a live server: download the documents, then assemble the model. */
export function liveDiscovery(transport: Transport, options: LiveDiscoveryOptions): Discovery {
  return {
    async surface(needs) {
      const capturedAt = new Date().toISOString();
      const started = monotonicMs();
      const progress = options.progress?.();
      const documents = await downloadDiscovery(transport, {
        progress,
        mode: options.mode,
        servedBy: needs.servedBy === true,
        serverVersion: needs.serverVersion === true,
        previous: needs.revalidate?.previous,
        signal: options.signal,
      }).finally(() => progress?.done());
      needs.revalidate?.fetched(rootValidators(documents));
      const durationMs = Math.round(monotonicMs() - started);
      const source = { kind: 'live' as const, ...options.source, capturedAt, durationMs };
      return surfaceFromDocuments(documents, source, { resources: needs.versionsOnly !== true });
    },
  };
}
