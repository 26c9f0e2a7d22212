import type { ApiResource, ApiServiceInfo, ApiSurface } from './model.js';
import { resolveExactName } from './resolve.js';
import { compareBytes, qualifiedName, type ServedByLabel, servedByLabel } from './vocabulary.js';

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
  for (const [name, groups] of [...groupsByName].sort(([a], [b]) => compareBytes(a, b))) {
    if (groups.size < 2) continue;
    const resolution = resolveExactName(surface, name);
    if (!resolution) continue;
    const ordered = [resolution.resource, ...resolution.otherGroups].filter((resource) => resource.name === name);
    if (ordered.length < 2) continue;
    conflicts.push({
      name,
      resolvesTo: qualifiedName(resolution.resource.name, resolution.resource.group),
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
  const priorities = (apiServices ?? []).filter((apiService) => apiService.group === group).map((a) => a.groupPriorityMinimum);
  return priorities.length === 0 ? null : priorities.reduce((a, b) => Math.max(a, b));
}
