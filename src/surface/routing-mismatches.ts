import type { GroupRow } from './groups.js';
import type { ApiSurface } from './model.js';
import { availableText } from './vocabulary.js';

export type RoutingMismatchKind =
  | 'discovery-without-apiservice'
  | 'apiservice-missing-from-discovery'
  | 'apiservice-stale'
  | 'discovery-error'
  | 'apiservice-unavailable';

/** One place where discovery and the APIService routing table disagree. */
export interface RoutingMismatch {
  kind: RoutingMismatchKind;
  groupVersion: string;
  apiService: string | null;
  /** Human explanation, with the Available condition's reason when there is one. */
  detail: string;
}

/**
 * Where `kubectl api-versions` and `kubectl get apiservices` disagree:
 * group-versions discovery lists with no APIService, APIServices discovery
 * leaves out or marks stale, and listed aggregated versions that answer errors.
 */
export function routingMismatches(surface: ApiSurface, rows: GroupRow[]): RoutingMismatch[] {
  if (surface.apiServices === undefined) return [];
  const mismatches: RoutingMismatch[] = [];
  for (const row of rows) {
    const why = availableWhy(row);
    if (row.apiService === null) {
      mismatches.push({
        kind: 'discovery-without-apiservice',
        groupVersion: row.groupVersion,
        apiService: null,
        detail:
          row.group === 'apiregistration.k8s.io'
            ? 'listed by discovery, but no APIService routes it: the aggregator serves its own API directly'
            : 'listed by discovery, but no APIService routes it',
      });
    } else if (row.freshness === 'Missing') {
      mismatches.push({
        kind: 'apiservice-missing-from-discovery',
        groupVersion: row.groupVersion,
        apiService: row.apiService,
        detail: `not listed by discovery${why}`,
      });
    } else if (row.freshness === 'Stale') {
      mismatches.push({
        kind: 'apiservice-stale',
        groupVersion: row.groupVersion,
        apiService: row.apiService,
        detail: `stale in aggregated discovery${why}`,
      });
    } else if (row.freshness === 'Current' && why !== '') {
      mismatches.push({
        kind: 'apiservice-unavailable',
        groupVersion: row.groupVersion,
        apiService: row.apiService,
        detail: `listed by discovery as current, but the APIService is not available${why}`,
      });
    } else if (row.freshness === 'Failed') {
      mismatches.push({
        kind: 'discovery-error',
        groupVersion: row.groupVersion,
        apiService: row.apiService,
        detail: `listed by discovery, but ${row.failure}${why}`,
      });
    }
  }
  return mismatches;
}

function availableWhy(row: GroupRow): string {
  if (!row.available || row.available.status === 'True') return '';
  return `; Available=${availableText(row.available, { message: true })}`;
}
