import type { Discovery } from '../discovery/discovery.js';
import type { SnapshotFile } from './snapshot.js';

/** A snapshot answers with the surface it recorded, whatever the needs: it holds everything it could read. */
export function snapshotDiscovery(snapshot: SnapshotFile): Discovery {
  return { surface: async () => snapshot.surface };
}
