import { readDocument } from '../cluster/response.js';
import type { Transport } from '../cluster/transport.js';
import type { ApiSurface, ServerVersion, SurfaceSource } from '../surface/model.js';
import { versionInfoSchema } from './documents.js';
import { type DiscoveryMode, type DiscoveryProgress, discoverGroups, type RootValidators, sortFailures } from './fetch.js';
import { loadRegistrations } from './registrations.js';
import { labelServedBy } from './served-by.js';

export interface DiscoverOptions {
  mode: DiscoveryMode;
  /** Also read APIServices and CRDs to label who serves each group-version. */
  servedBy: boolean;
  /** Also read /version. */
  serverVersion: boolean;
  source: SurfaceSource;
  signal?: AbortSignal;
  /** The aggregated roots kept from the last run, and where to hand the new ones for the next. */
  revalidate?: { previous?: RootValidators; fetched(roots: RootValidators): void };
  progress?: DiscoveryProgress;
}

/** Builds the API-surface model from a live server. */
export async function discoverSurface(transport: Transport, options: DiscoverOptions): Promise<ApiSurface> {
  const started = performance.now();
  const [discovered, registrations, serverVersion] = await Promise.all([
    discoverGroups(transport, options.mode, { signal: options.signal, previous: options.revalidate?.previous, progress: options.progress }),
    options.servedBy ? loadRegistrations(transport, options.signal) : Promise.resolve(undefined),
    options.serverVersion ? readServerVersion(transport, options.signal) : Promise.resolve(undefined),
  ]);
  if (discovered.roots) options.revalidate?.fetched(discovered.roots);
  const groups = registrations ? labelServedBy(discovered.groups, registrations.apiServices, registrations.crds) : discovered.groups;
  return {
    source: { ...options.source, durationMs: Math.round(performance.now() - started) },
    serverVersion,
    discovery: discovered.discovery,
    groups,
    failures: sortFailures(discovered.failures),
    apiServices: registrations?.apiServices,
    crds: registrations?.crds,
    servedByNotice: registrations?.notice,
  };
}

async function readServerVersion(transport: Transport, signal?: AbortSignal): Promise<ServerVersion | undefined> {
  try {
    const version = readDocument(await transport.get('/version', { signal, purpose: 'version' }), versionInfoSchema, 'version info');
    return {
      major: version.major ?? '',
      minor: version.minor ?? '',
      gitVersion: version.gitVersion ?? '',
      platform: version.platform ?? undefined,
    };
  } catch {
    // /version is informational; a server that hides it still has a surface.
    return undefined;
  }
}
