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
  return rows.flatMap((row) => {
    const found = mismatch(row);
    return found ? [{ kind: found.kind, groupVersion: row.groupVersion, apiService: row.apiService, detail: found.detail }] : [];
  });
}

/** Where one group-version's discovery and routing disagree, if they do. */
function mismatch(row: GroupRow): { kind: RoutingMismatchKind; detail: string } | undefined {
  const why = availableWhy(row);
  if (row.apiService === null) {
    const detail = 'listed by discovery, but no APIService routes it';
    return {
      kind: 'discovery-without-apiservice',
      detail: row.group === 'apiregistration.k8s.io' ? `${detail}: the aggregator serves its own API directly` : detail,
    };
  }
  switch (row.freshness) {
    case 'Missing':
      return { kind: 'apiservice-missing-from-discovery', detail: `not listed by discovery${why}` };
    case 'Stale':
      return { kind: 'apiservice-stale', detail: `stale in aggregated discovery${why}` };
    case 'Failed':
      return { kind: 'discovery-error', detail: `listed by discovery, but ${row.failure}${why}` };
    case 'Current':
      if (why === '') return undefined;
      return { kind: 'apiservice-unavailable', detail: `listed by discovery as current, but the APIService is not available${why}` };
    default:
      return undefined;
  }
}

function availableWhy(row: GroupRow): string {
  if (!row.available || row.available.status === 'True') return '';
  return `; Available=${availableText(row.available, { message: true })}`;
}
