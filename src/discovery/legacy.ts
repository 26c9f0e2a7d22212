import type { ApiGroup, ApiGroupVersion, ApiResource, GroupVersionFailure } from '../surface/model.js';
import type { DiscoveredGroups } from './aggregated.js';
import { responseKindIfForeign } from './aggregated.js';
import type { ApiGroupListDocument, ApiResourceDocument, ApiResourceListDocument, ApiVersionsDocument } from './documents.js';

/** The documents of legacy discovery: /api, /apis and each /api(s)/<g>/<v> that answered. */
export interface LegacyDocuments {
  coreVersions?: ApiVersionsDocument;
  groupList?: ApiGroupListDocument;
  /** Keyed by group-version string ("v1", "apps/v1"). */
  resourceLists: Map<string, ApiResourceListDocument>;
  failures: GroupVersionFailure[];
}

/** The group-versions legacy discovery must fetch one by one, in server order. */
export function legacyGroupVersions(coreVersions: ApiVersionsDocument | undefined, groupList: ApiGroupListDocument | undefined) {
  const core = (coreVersions?.versions ?? []).map((version) => ({ group: '', version }));
  const named = (groupList?.groups ?? []).flatMap((group) =>
    (group.versions ?? []).map((v) => ({ group: group.name, version: v.version })),
  );
  return core.concat(named);
}

/** Converts legacy discovery documents into the model (pure; no I/O). */
export function groupsFromLegacy(documents: LegacyDocuments): DiscoveredGroups {
  const groups: ApiGroup[] = [];
  const coreVersions = documents.coreVersions?.versions ?? [];
  if (coreVersions.length > 0) {
    groups.push({
      name: '',
      preferredVersion: coreVersions[0] as string,
      versions: coreVersions.map((version) => convertVersion('', version, documents.resourceLists.get(version))),
    });
  }
  for (const group of documents.groupList?.groups ?? []) {
    const versions = group.versions ?? [];
    groups.push({
      name: group.name,
      preferredVersion: group.preferredVersion?.version ?? versions[0]?.version ?? '',
      versions: versions.map((v) => convertVersion(group.name, v.version, documents.resourceLists.get(v.groupVersion))),
    });
  }
  return { groups, failures: documents.failures };
}

function convertVersion(group: string, version: string, list: ApiResourceListDocument | undefined): ApiGroupVersion {
  const entries = list?.resources ?? [];
  const resources = new Map<string, ApiResource>();
  for (const entry of entries) {
    if (!entry.name.includes('/')) resources.set(entry.name, convertResource(group, version, entry));
  }
  for (const entry of entries) {
    const [parentName, subresource] = entry.name.split('/', 2) as [string, string | undefined];
    const parent = resources.get(parentName);
    if (subresource === undefined || parent === undefined) continue;
    parent.subresources.push({
      name: subresource,
      kind: entry.kind,
      verbs: entry.verbs ?? [],
      ...responseKindIfForeign(group, version, { group: entry.group ?? '', version: entry.version ?? '', kind: entry.kind }),
    });
  }
  return { group, version, freshness: 'Current', resources: [...resources.values()], servedBy: { type: 'unknown' } };
}

function convertResource(group: string, version: string, entry: ApiResourceDocument): ApiResource {
  return {
    group,
    version,
    name: entry.name,
    singularName: entry.singularName ?? '',
    kind: entry.kind,
    namespaced: entry.namespaced === true,
    verbs: entry.verbs ?? [],
    shortNames: entry.shortNames ?? [],
    categories: entry.categories ?? [],
    subresources: [],
    ...(entry.storageVersionHash ? { storageVersionHash: entry.storageVersionHash } : {}),
    ...responseKindIfForeign(group, version, { group: entry.group ?? '', version: entry.version ?? '', kind: entry.kind }),
  };
}
