import { type GroupFreshness, groupRows } from './groups.js';
import type { ApiSurface } from './model.js';
import { compareBytes, type ServiceRef } from './vocabulary.js';

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
    .sort((a, b) => compareBytes(a.name, b.name))
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
