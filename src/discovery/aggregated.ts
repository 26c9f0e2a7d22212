import { checkShape } from '../shape/check.js';
import type { ApiGroup, ApiGroupVersion, ApiResource, ApiSubresource, GroupVersionFailure } from '../surface/model.js';
import { groupVersionString } from '../surface/vocabulary.js';
import {
  type ApiGroupDiscoveryListDocument,
  type ApiGroupDiscoveryOutline,
  type ApiResourceDiscovery,
  apiVersionDiscoverySchema,
  type GroupVersionKind,
  isWellFormedVersion,
} from './documents.js';

export interface ConversionOptions {
  /** false: versions without their resources. */
  resources?: boolean;
}

export interface DiscoveredGroups {
  groups: ApiGroup[];
  failures: GroupVersionFailure[];
}

/**
 * Converts aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) into
 * the model. Like client-go, stale versions are reported as failures and the
 * preferred version is the first version that is not stale. A version whose
 * resources have the wrong shape is a failure of that version alone; `path`
 * (/api or /apis) names the document in its message. With `resources: false` the versions
 * are checked the same way but their resources are left out (api-versions needs none).
 */
export function groupsFromAggregated(
  document: ApiGroupDiscoveryListDocument,
  path = '/apis',
  options: ConversionOptions = {},
): DiscoveredGroups {
  const groups: ApiGroup[] = [];
  const failures: GroupVersionFailure[] = [];
  for (const [index, item] of (document.items ?? []).entries()) {
    groups.push(convertGroup(item, index, options, (version, problem) => failures.push(malformed(item, version, path, problem))));
  }
  for (const group of groups) {
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

function convertGroup(
  item: ApiGroupDiscoveryOutline,
  groupIndex: number,
  options: ConversionOptions,
  onMalformed: (version: number, problem: string) => void,
): ApiGroup {
  const name = item.metadata?.name ?? '';
  const versions: ApiGroupVersion[] = (item.versions ?? []).map((outline, index) => {
    const checked = isWellFormedVersion(outline)
      ? { ok: true as const, value: outline }
      : checkShape(apiVersionDiscoverySchema, outline, ['items', groupIndex, 'versions', index]);
    if (!checked.ok) onMalformed(index, checked.problem);
    const resources = checked.ok && options.resources !== false ? (checked.value.resources ?? []) : [];
    return {
      group: name,
      version: outline.version,
      freshness: outline.freshness === 'Stale' ? 'Stale' : 'Current',
      resources: resources.filter(hasKind).map((resource) => convertResource(name, outline.version, resource)),
      servedBy: { type: 'unknown' },
    };
  });
  const preferred = versions.find((version) => version.freshness !== 'Stale');
  return { name, preferredVersion: preferred?.version ?? '', versions };
}

function malformed(item: ApiGroupDiscoveryOutline, version: number, path: string, problem: string): GroupVersionFailure {
  return {
    group: item.metadata?.name ?? '',
    version: item.versions?.[version]?.version ?? '',
    reason: 'malformed',
    message: `invalid APIGroupDiscoveryList at ${path}: ${problem}`,
  };
}

function convertResource(group: string, version: string, resource: WithKind<ApiResourceDiscovery>): ApiResource {
  const kind = resource.responseKind;
  const subresources: ApiSubresource[] = (resource.subresources ?? []).filter(hasKind).map((sub) => ({
    name: sub.subresource,
    kind: sub.responseKind.kind ?? '',
    verbs: sub.verbs ?? [],
    ...responseKindIfForeign(group, version, sub.responseKind),
  }));
  return {
    group,
    version,
    name: resource.resource,
    singularName: resource.singularResource ?? '',
    kind: kind.kind ?? '',
    namespaced: resource.scope === 'Namespaced',
    verbs: resource.verbs ?? [],
    shortNames: resource.shortNames ?? [],
    categories: resource.categories ?? [],
    subresources,
    ...responseKindIfForeign(group, version, kind),
  };
}

type WithKind<T> = T & { responseKind: GroupVersionKind };

/** A resource or subresource whose responseKind names a kind (the others are left out). */
function hasKind<T extends { responseKind?: GroupVersionKind | null }>(item: T): item is WithKind<T> {
  return typeof item.responseKind?.kind === 'string' && item.responseKind.kind !== '';
}

/** Aggregated discovery leaves group and version empty when they are the resource's own. */
export function responseKindIfForeign(group: string, version: string, kind: GroupVersionKind): Pick<ApiResource, 'responseKind'> {
  const kindGroup = kind.group ?? '';
  const kindVersion = kind.version ?? '';
  const foreign = (kindGroup !== '' && kindGroup !== group) || (kindVersion !== '' && kindVersion !== version);
  return foreign ? { responseKind: { group: kindGroup, version: kindVersion, kind: kind.kind ?? '' } } : {};
}
