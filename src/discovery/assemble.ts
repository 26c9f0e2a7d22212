import type { ApiSurface, GroupVersionFailure, ServerVersion, SurfaceSource, UnreadList } from '../surface/model.js';
import { compareBytes } from '../surface/vocabulary.js';
import { type ConversionOptions, type DiscoveredGroups, groupsFromAggregated } from './aggregated.js';
import type {
  ApiGroupDiscoveryListDocument,
  ApiGroupListDocument,
  ApiResourceListDocument,
  ApiServiceDocument,
  ApiVersionsDocument,
  CustomResourceDefinitionDocument,
  VersionDocument,
} from './documents.js';
import { groupsFromLegacy } from './legacy.js';
import { apiServiceFromDocument, crdFromDocument, labelServedBy } from './served-by.js';

/** A discovery root (/api or /apis) as the server answered it: aggregated v2 (with its ETag, if any), or the legacy list. */
export type RootDocument<Legacy> = { aggregated: ApiGroupDiscoveryListDocument; etag?: string } | { legacy: Legacy };

/** Every document discovery reads, downloaded or loaded from a capture. */
export interface DiscoveryDocuments {
  /** GET /api; undefined when the server has none (404, or 403 as client-go treats it). */
  core?: RootDocument<ApiVersionsDocument>;
  /** GET /apis; undefined on 404. */
  named?: RootDocument<ApiGroupListDocument>;
  /** Legacy discovery's GET /api/<v> and /apis/<g>/<v> answers, keyed by group-version string. */
  resourceLists: Map<string, ApiResourceListDocument>;
  /** Group-versions whose resource list could not be read. */
  failures: GroupVersionFailure[];
  /** Undefined when APIServices and CRDs were not asked for. */
  registrations?: RegistrationDocuments;
  /** GET /version; undefined when not asked for or not readable. */
  version?: VersionDocument;
}

export interface RegistrationDocuments {
  /** Undefined when the list could not be read (see notice). */
  apiServices?: ApiServiceDocument[];
  crds?: CustomResourceDefinitionDocument[];
  /** Why either list could not be read. */
  notice?: string;
  /** Why the APIServices could not be read, when they could not. */
  apiServicesUnread?: UnreadList;
}

/**
 * Turns discovery's documents into the model. Pure: the live path, the
 * cache, snapshots and the tests all build surfaces through it. With `resources: false`,
 * aggregated versions come without their resources (legacy lists are small and converted).
 */
export function surfaceFromDocuments(documents: DiscoveryDocuments, source: SurfaceSource, options: ConversionOptions = {}): ApiSurface {
  const discovered = groupsFromRoots(documents, options);
  const registrations = documents.registrations;
  const apiServices = registrations?.apiServices?.map(apiServiceFromDocument);
  const crds = registrations?.crds?.map(crdFromDocument);
  return {
    source,
    serverVersion: documents.version && serverVersion(documents.version),
    discovery: discovered.discovery,
    groups: registrations ? labelServedBy(discovered.groups, apiServices, crds) : discovered.groups,
    failures: sortFailures(discovered.failures),
    apiServices,
    crds,
    servedByNotice: registrations?.notice,
    ...(registrations?.apiServicesUnread ? { apiServicesUnread: registrations.apiServicesUnread } : {}),
  };
}

/**
 * Aggregated discovery when both roots answered in it (or /apis did and there
 * is no /api); legacy when both answered legacy; otherwise "mixed", merged
 * as client-go merges it.
 */
function groupsFromRoots(
  documents: DiscoveryDocuments,
  options: ConversionOptions,
): DiscoveredGroups & { discovery: ApiSurface['discovery'] } {
  const aggregatedCore = documents.core && 'aggregated' in documents.core ? documents.core.aggregated : undefined;
  const aggregatedNamed = documents.named && 'aggregated' in documents.named ? documents.named.aggregated : undefined;
  if (aggregatedNamed && !isLegacy(documents)) {
    const core = aggregatedCore ? groupsFromAggregated(aggregatedCore, '/api', options) : { groups: [], failures: [] };
    const named = groupsFromAggregated(aggregatedNamed, '/apis', options);
    return { groups: concat(core.groups, named.groups), failures: concat(core.failures, named.failures), discovery: 'aggregated' };
  }
  const legacy = groupsFromLegacy({
    coreVersions: documents.core && 'legacy' in documents.core ? documents.core.legacy : undefined,
    groupList: documents.named && 'legacy' in documents.named ? documents.named.legacy : undefined,
    resourceLists: documents.resourceLists,
    failures: documents.failures,
  });
  if (!aggregatedCore && !aggregatedNamed) return { ...legacy, discovery: 'legacy' };
  // A mixed answer (aggregated /api, legacy /apis or the reverse) is merged as client-go does,
  // keeping the aggregated half's failures (stale versions) with the legacy half's.
  const core = aggregatedCore ? groupsFromAggregated(aggregatedCore, '/api', options) : { groups: [], failures: [] };
  const named = aggregatedNamed ? groupsFromAggregated(aggregatedNamed, '/apis', options) : { groups: [], failures: [] };
  return {
    groups: concat(core.groups, legacy.groups, named.groups),
    failures: concat(core.failures, legacy.failures, named.failures),
    discovery: 'mixed',
  };
}

/** True when a root answered in the legacy format, so its group-versions are read one by one. */
export function isLegacy(roots: Pick<DiscoveryDocuments, 'core' | 'named'>): boolean {
  const aggregated = (root: RootDocument<unknown> | undefined) => root !== undefined && 'aggregated' in root;
  return !(aggregated(roots.named) && (roots.core === undefined || aggregated(roots.core)));
}

/** /version as the model keeps it. */
export function serverVersion(version: VersionDocument): ServerVersion {
  return {
    major: version.major ?? '',
    minor: version.minor ?? '',
    gitVersion: version.gitVersion ?? '',
    platform: version.platform ?? undefined,
  };
}

/** Joins lists without spreading them into a call (a spread of a huge list overflows the stack). */
function concat<T>(...lists: T[][]): T[] {
  return lists.flat() as T[];
}

/** Sorted by group, then version, in byte order, so the text is stable. */
export function sortFailures(failures: GroupVersionFailure[]): GroupVersionFailure[] {
  return [...failures].sort((a, b) => compareBytes(a.group, b.group) || compareBytes(a.version, b.version));
}
