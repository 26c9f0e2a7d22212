import type { ApiResource, ApiServiceInfo, ApiSurface, GroupVersionFailure, ServedBy } from './model.js';
import { groupVersionString } from './model.js';
import { qualifiedName, resolveResource } from './resolve.js';

/**
 * The aggregation layer as one table: every group-version discovery lists,
 * joined with the APIService that routes it (kube-aggregator's routing table),
 * plus APIServices discovery does not list. Pure; the JSON shapes below are
 * what `kapi groups -o json|yaml` prints.
 */

export type ServedByLabel = 'Local' | 'CRD' | 'Aggregated' | 'Unknown';

/** Discovery's view of a group-version: Current, Stale, Failed (listed but erroring), or Missing (not listed). */
export type GroupFreshness = 'Current' | 'Stale' | 'Failed' | 'Missing';

export interface ServiceRef {
  namespace: string;
  name: string;
  port: number;
}

/** One row of `kapi groups`. */
export interface GroupRow {
  group: string;
  version: string;
  /** "apps/v1", or "v1" for the core group. */
  groupVersion: string;
  preferred: boolean;
  servedBy: ServedByLabel;
  /** The APIService routing this group-version, when there is one. */
  apiService: string | null;
  service: ServiceRef | null;
  /** The APIService's Available condition; null without an APIService. */
  available: { status: string; reason: string | null; message: string | null } | null;
  /** Resources discovery lists in this version (subresources not counted). */
  resources: number;
  freshness: GroupFreshness;
  /** Why discovery failed, when freshness is Failed. */
  failure: string | null;
  /** The CRDs defining this version, when servedBy is CRD. */
  crds: string[];
  groupPriorityMinimum: number | null;
  versionPriority: number | null;
  insecureSkipTLSVerify: boolean | null;
  caBundleSet: boolean | null;
}

export type DiffKind =
  | 'discovery-without-apiservice'
  | 'apiservice-missing-from-discovery'
  | 'apiservice-stale'
  | 'discovery-error'
  | 'apiservice-unavailable';

/** One place where discovery and the APIService routing table disagree. */
export interface DiffEntry {
  kind: DiffKind;
  groupVersion: string;
  apiService: string | null;
  /** Human explanation, with the Available condition's reason when there is one. */
  detail: string;
}

/** A resource name served by several groups. */
export interface NameConflict {
  /** The plural resource name, e.g. "nodes". */
  name: string;
  /** What the bare name resolves to ("nodes" or "pods.metrics.k8s.io"). */
  resolvesTo: string;
  /** Every group serving the name, in resolution order (the winner first). */
  groups: Array<{ group: string; version: string; kind: string; servedBy: ServedByLabel; groupPriorityMinimum: number | null }>;
  /** Why the winner wins: core first, or group priority order. */
  reason: string;
}

export interface GroupsReport {
  rows: GroupRow[];
  diff: DiffEntry[];
  conflicts: NameConflict[];
}

export interface GroupsFilter {
  local?: boolean;
  aggregated?: boolean;
}

export function groupsReport(surface: ApiSurface): GroupsReport {
  const rows = groupRows(surface);
  return { rows, diff: discoveryDiff(surface, rows), conflicts: nameConflicts(surface) };
}

export function groupRows(surface: ApiSurface): GroupRow[] {
  const apiServices = surface.apiServices ?? [];
  const failures = new Map(surface.failures.map((failure) => [key(failure.group, failure.version), failure]));
  const rows: GroupRow[] = [];
  const listed = new Set<string>();
  for (const group of surface.groups) {
    for (const version of group.versions) {
      listed.add(key(group.name, version.version));
      const apiService = apiServices.find((candidate) => candidate.group === group.name && candidate.version === version.version);
      const failure = failures.get(key(group.name, version.version));
      const freshness: GroupFreshness = version.freshness === 'Stale' ? 'Stale' : failure ? 'Failed' : 'Current';
      rows.push({
        ...apiServiceColumns(apiService),
        group: group.name,
        version: version.version,
        groupVersion: groupVersionString(group.name, version.version),
        preferred: version.version === group.preferredVersion,
        servedBy: servedByLabel(version.servedBy),
        resources: version.resources.length,
        freshness,
        failure: freshness === 'Failed' && failure ? failureText(failure) : null,
        crds: version.servedBy.type === 'crd' ? version.servedBy.crds : [],
      });
    }
  }
  for (const apiService of apiServices) {
    if (listed.has(key(apiService.group, apiService.version))) continue;
    rows.push({
      ...apiServiceColumns(apiService),
      group: apiService.group,
      version: apiService.version,
      groupVersion: groupVersionString(apiService.group, apiService.version),
      preferred: false,
      servedBy: apiService.service ? 'Aggregated' : 'Local',
      resources: 0,
      freshness: 'Missing',
      failure: null,
      crds: [],
    });
  }
  return rows;
}

export function filterGroupRows(rows: GroupRow[], filter: GroupsFilter): GroupRow[] {
  if (!filter.local && !filter.aggregated) return rows;
  return rows.filter((row) => (filter.local && row.servedBy === 'Local') || (filter.aggregated && row.servedBy === 'Aggregated'));
}

/**
 * Where `kubectl api-versions` and `kubectl get apiservices` disagree:
 * group-versions discovery lists with no APIService, APIServices discovery
 * leaves out or marks stale, and listed aggregated versions that answer errors.
 */
export function discoveryDiff(surface: ApiSurface, rows: GroupRow[] = groupRows(surface)): DiffEntry[] {
  if (surface.apiServices === undefined) return [];
  const diff: DiffEntry[] = [];
  for (const row of rows) {
    const why = availableWhy(row);
    if (row.apiService === null) {
      diff.push({
        kind: 'discovery-without-apiservice',
        groupVersion: row.groupVersion,
        apiService: null,
        detail:
          row.group === 'apiregistration.k8s.io'
            ? 'listed by discovery, but no APIService routes it: the aggregator serves its own API directly'
            : 'listed by discovery, but no APIService routes it',
      });
    } else if (row.freshness === 'Missing') {
      diff.push({
        kind: 'apiservice-missing-from-discovery',
        groupVersion: row.groupVersion,
        apiService: row.apiService,
        detail: `not listed by discovery${why}`,
      });
    } else if (row.freshness === 'Stale') {
      diff.push({
        kind: 'apiservice-stale',
        groupVersion: row.groupVersion,
        apiService: row.apiService,
        detail: `stale in aggregated discovery${why}`,
      });
    } else if (row.freshness === 'Current' && why !== '') {
      diff.push({
        kind: 'apiservice-unavailable',
        groupVersion: row.groupVersion,
        apiService: row.apiService,
        detail: `listed by discovery as current, but the APIService is not available${why}`,
      });
    } else if (row.freshness === 'Failed') {
      diff.push({
        kind: 'discovery-error',
        groupVersion: row.groupVersion,
        apiService: row.apiService,
        detail: `listed by discovery, but ${row.failure}${why}`,
      });
    }
  }
  return diff;
}

function availableWhy(row: GroupRow): string {
  if (!row.available || row.available.status === 'True') return '';
  const reason = row.available.reason ? ` (${row.available.reason})` : '';
  const message = row.available.message ? `: ${row.available.message}` : '';
  return `; Available=${row.available.status}${reason}${message}`;
}

/**
 * Resource names served by more than one group (preferred versions), with the
 * group a bare name resolves to: the core group first, then groups in
 * discovery order, which the server sorts by APIService groupPriorityMinimum.
 */
export function nameConflicts(surface: ApiSurface): NameConflict[] {
  const groupsByName = new Map<string, Set<string>>();
  for (const group of surface.groups) {
    for (const version of group.versions) {
      if (version.freshness === 'Stale') continue;
      for (const resource of version.resources) {
        const set = groupsByName.get(resource.name) ?? new Set<string>();
        set.add(group.name);
        groupsByName.set(resource.name, set);
      }
    }
  }
  const conflicts: NameConflict[] = [];
  for (const [name, groups] of [...groupsByName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (groups.size < 2) continue;
    const resolution = resolveResource(surface, name);
    const ordered = [resolution.resource, ...resolution.otherGroups].filter((resource) => resource.name === name);
    if (ordered.length < 2) continue;
    conflicts.push({
      name,
      resolvesTo: qualifiedName(resolution.resource),
      groups: ordered.map((resource) => conflictGroup(surface, resource)),
      reason: resolutionReason(surface, ordered),
    });
  }
  return conflicts;
}

function conflictGroup(surface: ApiSurface, resource: ApiResource): NameConflict['groups'][number] {
  const version = surface.groups.find((group) => group.name === resource.group)?.versions.find((v) => v.version === resource.version);
  return {
    group: resource.group,
    version: resource.version,
    kind: resource.kind,
    servedBy: version ? servedByLabel(version.servedBy) : 'Unknown',
    groupPriorityMinimum: groupPriority(surface.apiServices, resource.group),
  };
}

function resolutionReason(surface: ApiSurface, ordered: ApiResource[]): string {
  const [winner, runnerUp] = ordered as [ApiResource, ApiResource];
  if (winner.group === '') return 'the core group comes first';
  const winnerPriority = groupPriority(surface.apiServices, winner.group);
  const otherPriority = groupPriority(surface.apiServices, runnerUp.group);
  if (winnerPriority !== null && otherPriority !== null && winnerPriority !== otherPriority) {
    return `group priority: ${winner.group} (groupPriorityMinimum ${winnerPriority}) before ${runnerUp.group} (${otherPriority})`;
  }
  if (winnerPriority !== null && winnerPriority === otherPriority) {
    return `group priority tie (groupPriorityMinimum ${winnerPriority}): ${winner.group} sorts first by name; qualify the name`;
  }
  return `${winner.group} comes first in discovery order; qualify the name`;
}

/** The group's priority: the highest groupPriorityMinimum of its APIServices. */
function groupPriority(apiServices: ApiServiceInfo[] | undefined, group: string): number | null {
  const priorities = (apiServices ?? []).filter((a) => a.group === group).map((a) => a.groupPriorityMinimum);
  return priorities.length === 0 ? null : Math.max(...priorities);
}

export function servedByLabel(servedBy: ServedBy): ServedByLabel {
  switch (servedBy.type) {
    case 'local':
      return 'Local';
    case 'crd':
      return 'CRD';
    case 'aggregated':
      return 'Aggregated';
    default:
      return 'Unknown';
  }
}

function apiServiceColumns(apiService: ApiServiceInfo | undefined) {
  return {
    apiService: apiService?.name ?? null,
    service: apiService?.service ?? null,
    available: apiService?.available
      ? { status: apiService.available.status, reason: apiService.available.reason ?? null, message: apiService.available.message ?? null }
      : null,
    groupPriorityMinimum: apiService?.groupPriorityMinimum ?? null,
    versionPriority: apiService?.versionPriority ?? null,
    insecureSkipTLSVerify: apiService ? apiService.insecureSkipTLSVerify : null,
    caBundleSet: apiService ? apiService.caBundleSet : null,
  };
}

function failureText(failure: GroupVersionFailure): string {
  if (failure.reason === 'http' && failure.status) return `it answers ${failure.status}`;
  return `it failed (${failure.reason}: ${failure.message})`;
}

function key(group: string, version: string): string {
  return `${group}/${version}`;
}

/** One row of `kapi apiservices`: kubectl's columns and what kubectl leaves out. */
export interface ApiServiceRow {
  name: string;
  group: string;
  version: string;
  /** null for a Local APIService (served by kube-apiserver itself). */
  service: ServiceRef | null;
  available: { status: string; reason: string | null; message: string | null; lastTransitionTime: string | null } | null;
  creationTimestamp: string | null;
  groupPriorityMinimum: number;
  versionPriority: number;
  insecureSkipTLSVerify: boolean;
  caBundleSet: boolean;
  /** Resources discovery lists for the group-version (plural names), in server order. */
  resources: string[];
  /** Discovery's view of the group-version. */
  freshness: GroupFreshness;
}

/** The APIServices sorted by name, as kubectl lists them, joined with discovery. */
export function apiServiceRows(surface: ApiSurface): ApiServiceRow[] {
  const rows = groupRows(surface);
  return [...(surface.apiServices ?? [])]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((apiService) => {
      const version = surface.groups.find((g) => g.name === apiService.group)?.versions.find((v) => v.version === apiService.version);
      const row = rows.find((r) => r.group === apiService.group && r.version === apiService.version);
      return {
        name: apiService.name,
        group: apiService.group,
        version: apiService.version,
        service: apiService.service ?? null,
        available: apiService.available
          ? {
              status: apiService.available.status,
              reason: apiService.available.reason ?? null,
              message: apiService.available.message ?? null,
              lastTransitionTime: apiService.available.lastTransitionTime ?? null,
            }
          : null,
        creationTimestamp: apiService.creationTimestamp ?? null,
        groupPriorityMinimum: apiService.groupPriorityMinimum,
        versionPriority: apiService.versionPriority,
        insecureSkipTLSVerify: apiService.insecureSkipTLSVerify,
        caBundleSet: apiService.caBundleSet,
        resources: version?.resources.map((resource) => resource.name) ?? [],
        freshness: row?.freshness ?? 'Missing',
      };
    });
}
