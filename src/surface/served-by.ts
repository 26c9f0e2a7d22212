import type { ApiResource, ApiSurface, ServedBy } from './model.js';
import { groupVersionString } from './vocabulary.js';

/** A resource with who serves its group-version. */
export interface ServedResource {
  resource: ApiResource;
  servedBy: ServedBy;
}

/** Joins resources with the served-by label of their group-version ("unknown" when the surface has none). */
export function withServedBy(resources: ApiResource[], surface: ApiSurface): ServedResource[] {
  const servedBy = new Map<string, ServedBy>();
  for (const group of surface.groups) {
    for (const version of group.versions) servedBy.set(groupVersionString(group.name, version.version), version.servedBy);
  }
  return resources.map((resource) => ({
    resource,
    servedBy: servedBy.get(groupVersionString(resource.group, resource.version)) ?? { type: 'unknown' },
  }));
}
