import type { ApiServiceInfo, ApiSurface, GroupVersionFailure } from './model.js';
import { type NameConflict, nameConflicts } from './name-conflicts.js';
import { type RoutingMismatch, routingMismatches } from './routing-mismatches.js';
import { findApiService, groupVersionString, type ServedByLabel, type ServiceRef, servedByLabel } from './vocabulary.js';

/**
 * The aggregation layer as one table: every group-version discovery lists,
 * joined with the APIService that routes it (kube-aggregator's routing table),
 * plus APIServices discovery does not list. Pure; the JSON shapes below are
 * what `kapi groups -o json|yaml` prints.
 */

/** Discovery's view of a group-version: Current, Stale, Failed (listed but erroring), or Missing (not listed). */
export type GroupFreshness = 'Current' | 'Stale' | 'Failed' | 'Missing';

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

export interface GroupsReport {
  rows: GroupRow[];
  diff: RoutingMismatch[];
  conflicts: NameConflict[];
  /** True when the APIServices could not be read (RBAC): `diff` is empty because nothing was compared. */
  apiServicesUnread?: boolean;
}

export interface GroupsFilter {
  local?: boolean;
  aggregated?: boolean;
}

export function groupsReport(surface: ApiSurface): GroupsReport {
  const rows = groupRows(surface);
  return {
    rows,
    diff: routingMismatches(surface, rows),
    conflicts: nameConflicts(surface),
    ...(surface.apiServices === undefined ? { apiServicesUnread: true } : {}),
  };
}

export function groupRows(surface: ApiSurface): GroupRow[] {
  const apiServices = surface.apiServices ?? [];
  const failures = new Map(surface.failures.map((failure) => [groupVersionString(failure.group, failure.version), failure]));
  const rows: GroupRow[] = [];
  const listed = new Set<string>();
  for (const group of surface.groups) {
    for (const version of group.versions) {
      listed.add(groupVersionString(group.name, version.version));
      const apiService = findApiService(apiServices, group.name, version.version);
      const failure = failures.get(groupVersionString(group.name, version.version));
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
    if (listed.has(groupVersionString(apiService.group, apiService.version))) continue;
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

/**
 * --local and --aggregated: the rows served that way, the differences of those rows, and the name
 * conflicts in which a group served that way takes part.
 */
export function filterGroupsReport(report: GroupsReport, filter: GroupsFilter): GroupsReport {
  if (!filter.local && !filter.aggregated) return report;
  const kept = (servedBy: ServedByLabel) => (filter.local && servedBy === 'Local') || (filter.aggregated && servedBy === 'Aggregated');
  const rows = report.rows.filter((row) => kept(row.servedBy));
  const groupVersions = new Set(rows.map((row) => row.groupVersion));
  return {
    ...report,
    rows,
    diff: report.diff.filter((mismatch) => groupVersions.has(mismatch.groupVersion)),
    conflicts: report.conflicts.filter((conflict) => conflict.groups.some((group) => kept(group.servedBy))),
  };
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
