import { parseJson, readDocument } from '../cluster/response.js';
import type { HttpResponse, Transport } from '../cluster/transport.js';
import { HttpError } from '../errors.js';
import type { GroupVersionFailure } from '../surface/model.js';
import { compareBytes, groupVersionPath, groupVersionString } from '../surface/vocabulary.js';
import { type DiscoveredGroups, groupsFromAggregated } from './aggregated.js';
import {
  type ApiGroupListDocument,
  type ApiResourceListDocument,
  type ApiVersionsDocument,
  aggregatedDiscoveryAccept,
  apiGroupDiscoveryListSchema,
  apiGroupListSchema,
  apiResourceListSchema,
  apiVersionsSchema,
  isAggregatedDiscovery,
} from './documents.js';
import { groupsFromLegacy, legacyGroupVersions } from './legacy.js';

export type DiscoveryMode = 'auto' | 'legacy';

/** What discovery reports while it waits on per-group-version requests (for a progress line). */
export interface DiscoveryProgress {
  /** `left` of `total` group-versions have not answered yet. */
  update(total: number, left: number): void;
}

export interface DiscoverGroupsOptions {
  signal?: AbortSignal;
  /** The aggregated roots kept from the last run: asked If-None-Match their ETags. */
  previous?: RootValidators;
  /** Told how many group-versions are still to answer, for a progress line. */
  progress?: DiscoveryProgress;
}

export interface DiscoveryResult extends DiscoveredGroups {
  /** "mixed" when /api and /apis answered in different formats. */
  discovery: 'aggregated' | 'legacy' | 'mixed';
  /** The aggregated roots that came with an ETag, converted: what the next run revalidates. */
  roots?: RootValidators;
}

/** An aggregated discovery root as kapi keeps it: the server's ETag and the converted answer. */
export interface ValidatedRoot extends DiscoveredGroups {
  etag: string;
}

/** Per root (/api, /apis), what revalidates it with If-None-Match. */
export type RootValidators = Partial<Record<'/api' | '/apis', ValidatedRoot>>;

const legacyAccept = 'application/json, */*';

/**
 * Downloads discovery the way client-go does: /api then /apis, asking for
 * aggregated discovery v2 first. A root that answers in the legacy format is
 * followed by one request per group-version, fetched in parallel.
 * With `previous` roots, each aggregated root is asked If-None-Match its ETag;
 * a 304 reuses the converted answer, so an unchanged server costs no parse.
 */
export async function discoverGroups(
  transport: Transport,
  mode: DiscoveryMode,
  options: DiscoverGroupsOptions = {},
): Promise<DiscoveryResult> {
  const { signal, previous = {}, progress } = options;
  const accept = mode === 'legacy' ? legacyAccept : aggregatedDiscoveryAccept;
  const core = await getRoot(transport, '/api', accept, signal, mode === 'legacy' ? undefined : previous['/api']);
  const named = await getRoot(transport, '/apis', accept, signal, mode === 'legacy' ? undefined : previous['/apis']);

  const aggregatedCore = core && 'aggregated' in core ? core.aggregated : undefined;
  const aggregatedNamed = named && 'aggregated' in named ? named.aggregated : undefined;
  if (aggregatedNamed && (aggregatedCore || core === undefined)) {
    // Conversion is per item, so converting each root and joining them equals converting the merged list.
    const roots: RootValidators = {};
    if (aggregatedCore?.etag) roots['/api'] = aggregatedCore as ValidatedRoot;
    if (aggregatedNamed.etag) roots['/apis'] = aggregatedNamed as ValidatedRoot;
    return {
      groups: concat(aggregatedCore?.groups ?? [], aggregatedNamed.groups),
      failures: sortFailures(concat(aggregatedCore?.failures ?? [], aggregatedNamed.failures)),
      discovery: 'aggregated',
      roots,
    };
  }

  const coreVersions = core && 'versions' in core ? core.versions : undefined;
  const groupList = named && 'groupList' in named ? named.groupList : undefined;
  const resourceLists = new Map<string, ApiResourceListDocument>();
  const failures: GroupVersionFailure[] = [];
  const toFetch = legacyGroupVersions(coreVersions, groupList);
  let left = toFetch.length;
  progress?.update(toFetch.length, left);
  await Promise.all(
    toFetch.map(async ({ group, version }) => {
      const groupVersion = groupVersionString(group, version);
      try {
        const response = await transport.get(groupVersionPath(group, version), { accept: legacyAccept, signal, purpose: 'legacy' });
        resourceLists.set(groupVersion, readDocument(response, apiResourceListSchema, 'APIResourceList'));
      } catch (error) {
        failures.push(failureFrom(group, version, error));
      }
      progress?.update(toFetch.length, --left);
    }),
  );
  const legacy = groupsFromLegacy({ coreVersions, groupList, resourceLists, failures });
  if (!aggregatedCore && !aggregatedNamed) return { ...legacy, failures: sortFailures(legacy.failures), discovery: 'legacy' };
  // A mixed answer (aggregated /api, legacy /apis or the reverse) is merged as client-go does,
  // keeping the aggregated half's failures (stale versions) with the legacy half's.
  return {
    groups: concat(aggregatedCore?.groups ?? [], legacy.groups, aggregatedNamed?.groups ?? []),
    failures: sortFailures(concat(aggregatedCore?.failures ?? [], legacy.failures, aggregatedNamed?.failures ?? [])),
    discovery: 'mixed',
  };
}

type RootAnswer =
  | { aggregated: DiscoveredGroups & { etag?: string } }
  | { versions: ApiVersionsDocument }
  | { groupList: ApiGroupListDocument };

/**
 * GET /api or /apis; a 404 means the root is absent, as client-go treats it. A 403
 * is an error (exit 6), as in kubectl: a user who may not read /api would
 * otherwise get an answer silently missing the core group.
 */
async function getRoot(
  transport: Transport,
  path: '/api' | '/apis',
  accept: string,
  signal?: AbortSignal,
  previous?: ValidatedRoot,
): Promise<RootAnswer | undefined> {
  const headers = previous ? { 'If-None-Match': previous.etag } : undefined;
  const response: HttpResponse = await transport.get(path, { accept, signal, purpose: 'discovery', headers });
  if (response.status === 304 && previous) return { aggregated: previous };
  if (response.status === 404) return undefined;
  const body = parseJson<unknown>(response);
  if (isAggregatedDiscovery(response.headers['content-type'] ?? '', body)) {
    const document = readDocument(response, apiGroupDiscoveryListSchema, 'APIGroupDiscoveryList', body);
    return { aggregated: { ...groupsFromAggregated(document, path), etag: response.headers.etag } };
  }
  if (path === '/api') return { versions: readDocument(response, apiVersionsSchema, 'APIVersions', body) };
  return { groupList: readDocument(response, apiGroupListSchema, 'APIGroupList', body) };
}

export function failureFrom(group: string, version: string, error: unknown): GroupVersionFailure {
  if (error instanceof HttpError) {
    const reason =
      error.code === 'timeout'
        ? 'timeout'
        : error.code === 'malformed' || error.code === 'too-large'
          ? 'malformed'
          : error.status
            ? 'http'
            : 'network';
    return { group, version, reason, status: error.status, message: error.why };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { group, version, reason: 'network', message };
}

export function sortFailures(failures: GroupVersionFailure[]): GroupVersionFailure[] {
  return [...failures].sort((a, b) => compareBytes(a.group, b.group) || compareBytes(a.version, b.version));
}

/** Joins lists without spreading them into a call (a spread of a huge list overflows the stack). */
function concat<T>(...lists: T[][]): T[] {
  return lists.flat() as T[];
}
