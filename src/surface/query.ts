import type { ApiResource, ApiSurface } from './model.js';
import { compareBytes, groupVersionString } from './vocabulary.js';

/**
 * One resource per group and resource name, in the version kubectl shows:
 * the preferred version, or the first version serving it when the preferred
 * one does not (client-go's ServerPreferredResources). Order: groups and
 * versions as the server lists them. Stale versions serve nothing.
 */
export function preferredResources(surface: ApiSurface): ApiResource[] {
  const selected: ApiResource[] = [];
  for (const group of surface.groups) {
    const chosen = new Map<string, ApiResource>();
    for (const version of group.versions) {
      if (version.freshness === 'Stale') continue;
      for (const resource of version.resources) {
        if (chosen.has(resource.name) && version.version !== group.preferredVersion) continue;
        chosen.set(resource.name, resource);
      }
    }
    for (const version of group.versions) {
      for (const resource of chosen.values()) if (resource.version === version.version) selected.push(resource);
    }
  }
  return selected;
}

/** Every resource in every served version, in server order. */
export function allVersionResources(surface: ApiSurface): ApiResource[] {
  return surface.groups.flatMap((group) =>
    group.versions.filter((version) => version.freshness !== 'Stale').flatMap((version) => version.resources),
  );
}

export interface ResourceFilter {
  /** Set only when --api-group was given; "" means the core group. */
  apiGroup?: string;
  /** Set only when --namespaced was given. */
  namespaced?: boolean;
  verbs: string[];
  categories: string[];
}

/** kubectl api-resources' filters; resources without verbs are never listed. */
export function filterResources(resources: ApiResource[], filter: ResourceFilter): ApiResource[] {
  return resources.filter(
    (resource) =>
      resource.verbs.length > 0 &&
      (filter.apiGroup === undefined || resource.group === filter.apiGroup) &&
      (filter.namespaced === undefined || resource.namespaced === filter.namespaced) &&
      filter.verbs.every((verb) => resource.verbs.includes(verb)) &&
      filter.categories.every((category) => resource.categories.includes(category)),
  );
}

export type ResourceSort = 'group' | 'name' | 'kind';

/** kubectl's stable sort: by group (default), name or kind, ties broken by name. */
export function sortResources(resources: ApiResource[], sortBy: ResourceSort): ApiResource[] {
  const key = (resource: ApiResource) => (sortBy === 'name' ? resource.name : sortBy === 'kind' ? resource.kind : resource.group);
  return [...resources].sort((a, b) => compareBytes(key(a), key(b)) || compareBytes(a.name, b.name));
}

/** Every group/version string kubectl api-versions prints, sorted as Go sorts strings. */
export function groupVersionStrings(surface: ApiSurface, options: { preferredOnly: boolean }): string[] {
  const versions = surface.groups.flatMap((group) =>
    group.versions
      .filter((version) => version.freshness !== 'Stale')
      .filter((version) => !options.preferredOnly || version.version === group.preferredVersion)
      .map((version) => groupVersionString(group.name, version.version)),
  );
  return versions.sort(compareBytes);
}
