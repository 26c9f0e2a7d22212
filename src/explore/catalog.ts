import { servedByCell } from '../render/served-by.js';
import type { ApiSurface } from '../surface/model.js';
import { preferredResources } from '../surface/query.js';
import { groupVersionString } from '../surface/vocabulary.js';
import type { ExploreResource } from './state.js';

/** The resources the explorer lists: one per group and name in kubectl's version, with who serves it. */
export function exploreResources(surface: ApiSurface): ExploreResource[] {
  const servedBy = new Map(
    surface.groups.flatMap((group) => group.versions.map((v) => [groupVersionString(v.group, v.version), v.servedBy] as const)),
  );
  return preferredResources(surface)
    .filter((resource) => !resource.name.includes('/'))
    .map((resource) => {
      const by = servedBy.get(groupVersionString(resource.group, resource.version));
      return {
        name: resource.name,
        group: resource.group,
        version: resource.version,
        kind: resource.kind,
        shortNames: resource.shortNames,
        servedBy: by ? servedByCell(by) : 'Unknown',
      };
    });
}
