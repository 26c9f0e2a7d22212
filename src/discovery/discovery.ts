import type { ApiSurface } from '../surface/model.js';
import type { RootValidators } from './download.js';

/** What a command needs from the surface beyond the groups. */
export interface SurfaceNeeds {
  /** Read APIServices and CRDs to label who serves what. */
  servedBy?: boolean;
  serverVersion?: boolean;
  /** Use the discovery cache when it is fresh (kubectl's --cached). */
  cached?: boolean;
  /**
   * Only groups and versions are needed (api-versions): each version is still checked (a
   * malformed one is a failure), but its resources are not converted. A surface answered
   * this way has no resources.
   */
  versionsOnly?: boolean;
  /** Set by the cache for live discovery: the roots it kept, and where to hand the new ones. */
  revalidate?: { previous?: RootValidators; fetched(roots: RootValidators | undefined): void };
}

/**
 * Where a surface comes from: a live server, the cache in front of it, or a
 * snapshot. They share this one interface, so callers never branch on which
 * one answered (client-go's discovery interface, wrapped by its cache).
 */
export interface Discovery {
  surface(needs: SurfaceNeeds): Promise<ApiSurface>;
}
