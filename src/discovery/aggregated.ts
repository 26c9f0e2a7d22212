import type { ApiGroup, ApiGroupVersion, ApiResource, ApiSubresource, GroupVersionFailure } from '../surface/model.js';
import { groupVersionString } from '../surface/vocabulary.js';
import type { ApiGroupDiscovery, ApiGroupDiscoveryListDocument, ApiResourceDiscovery, GroupVersionKind } from './documents.js';

export interface DiscoveredGroups {
  groups: ApiGroup[];
  failures: GroupVersionFailure[];
}

/**
 * Converts aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) into
 * the model. Like client-go, stale versions are reported as failures and the
 * preferred version is the first version that is not stale.
 */
export function groupsFromAggregated(document: ApiGroupDiscoveryListDocument): DiscoveredGroups {
  const groups: ApiGroup[] = [];
  const failures: GroupVersionFailure[] = [];
  for (const item of document.items ?? []) {
    const group = convertGroup(item);
    groups.push(group);
    for (const version of group.versions) {
      if (version.freshness === 'Stale') {
        failures.push({
          group: group.name,
          version: version.version,
          reason: 'stale',
          message: `stale GroupVersion discovery: ${groupVersionString(group.name, version.version)}`,
        });
      }
    }
  }
  return { groups, failures };
}

function convertGroup(item: ApiGroupDiscovery): ApiGroup {
  const name = item.metadata?.name ?? '';
  const versions: ApiGroupVersion[] = (item.versions ?? []).map((version) => ({
    group: name,
    version: version.version,
    freshness: version.freshness === 'Stale' ? 'Stale' : 'Current',
    resources: (version.resources ?? [])
      .filter((resource) => hasKind(resource.responseKind))
      .map((resource) => convertResource(name, version.version, resource)),
    servedBy: { type: 'unknown' },
  }));
  const preferred = versions.find((version) => version.freshness !== 'Stale');
  return { name, preferredVersion: preferred?.version ?? '', versions };
}

function convertResource(group: string, version: string, resource: ApiResourceDiscovery): ApiResource {
  const kind = resource.responseKind as GroupVersionKind;
  const subresources: ApiSubresource[] = (resource.subresources ?? [])
    .filter((sub) => hasKind(sub.responseKind))
    .map((sub) => ({
      name: sub.subresource,
      kind: (sub.responseKind as GroupVersionKind).kind,
      verbs: sub.verbs ?? [],
      ...responseKindIfForeign(group, version, sub.responseKind as GroupVersionKind),
    }));
  return {
    group,
    version,
    name: resource.resource,
    singularName: resource.singularResource ?? '',
    kind: kind.kind,
    namespaced: resource.scope === 'Namespaced',
    verbs: resource.verbs ?? [],
    shortNames: resource.shortNames ?? [],
    categories: resource.categories ?? [],
    subresources,
    ...responseKindIfForeign(group, version, kind),
  };
}

function hasKind(kind: GroupVersionKind | undefined): boolean {
  return kind !== undefined && kind.kind !== '';
}

/** Aggregated discovery leaves group and version empty when they are the resource's own. */
export function responseKindIfForeign(group: string, version: string, kind: GroupVersionKind): { responseKind?: GroupVersionKind } {
  const kindGroup = kind.group ?? '';
  const kindVersion = kind.version ?? '';
  const foreign = (kindGroup !== '' && kindGroup !== group) || (kindVersion !== '' && kindVersion !== version);
  return foreign ? { responseKind: { group: kindGroup, version: kindVersion, kind: kind.kind } } : {};
}
