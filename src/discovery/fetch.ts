import { parseJson } from '../cluster/response.js';
import type { HttpResponse, Transport } from '../cluster/transport.js';
import { HttpError } from '../errors.js';
import type { GroupVersionFailure } from '../surface/model.js';
import { compareBytes, groupVersionPath, groupVersionString } from '../surface/vocabulary.js';
import { type DiscoveredGroups, groupsFromAggregated } from './aggregated.js';
import {
  type ApiGroupDiscoveryListDocument,
  type ApiGroupListDocument,
  type ApiResourceListDocument,
  type ApiVersionsDocument,
  aggregatedDiscoveryAccept,
  isAggregatedDiscovery,
} from './documents.js';
import { groupsFromLegacy, legacyGroupVersions } from './legacy.js';

export type DiscoveryMode = 'auto' | 'legacy';

export interface DiscoveryResult extends DiscoveredGroups {
  discovery: 'aggregated' | 'legacy';
}

const legacyAccept = 'application/json, */*';

/**
 * Downloads discovery the way client-go does: /api then /apis, asking for
 * aggregated discovery v2 first. A root that answers in the legacy format is
 * followed by one request per group-version, fetched in parallel.
 */
export async function discoverGroups(transport: Transport, mode: DiscoveryMode, signal?: AbortSignal): Promise<DiscoveryResult> {
  const accept = mode === 'legacy' ? legacyAccept : aggregatedDiscoveryAccept;
  const core = await getRoot(transport, '/api', accept, signal);
  const named = await getRoot(transport, '/apis', accept, signal);

  const aggregatedCore = core?.aggregated;
  const aggregatedNamed = named?.aggregated;
  if (aggregatedNamed && (aggregatedCore || core === undefined)) {
    const merged: ApiGroupDiscoveryListDocument = {
      ...aggregatedNamed,
      items: [...(aggregatedCore?.items ?? []), ...(aggregatedNamed.items ?? [])],
    };
    return { ...groupsFromAggregated(merged), discovery: 'aggregated' };
  }

  const coreVersions = core?.legacy as ApiVersionsDocument | undefined;
  const groupList = named?.legacy as ApiGroupListDocument | undefined;
  const resourceLists = new Map<string, ApiResourceListDocument>();
  const failures: GroupVersionFailure[] = [];
  const toFetch = legacyGroupVersions(coreVersions, groupList);
  await Promise.all(
    toFetch.map(async ({ group, version }) => {
      const groupVersion = groupVersionString(group, version);
      try {
        const response = await transport.get(groupVersionPath(group, version), { accept: legacyAccept, signal, purpose: 'legacy' });
        resourceLists.set(groupVersion, parseJson<ApiResourceListDocument>(response));
      } catch (error) {
        failures.push(failureFrom(group, version, error));
      }
    }),
  );
  const discovered = groupsFromLegacy({ coreVersions, groupList, resourceLists, failures: sortFailures(failures) });
  // A mixed answer (aggregated /api, legacy /apis or the reverse) is merged as client-go does.
  if (aggregatedCore) discovered.groups.unshift(...groupsFromAggregated(aggregatedCore).groups);
  if (aggregatedNamed) discovered.groups.push(...groupsFromAggregated(aggregatedNamed).groups);
  return { ...discovered, discovery: 'legacy' };
}

interface RootAnswer {
  aggregated?: ApiGroupDiscoveryListDocument;
  legacy?: ApiVersionsDocument | ApiGroupListDocument;
}

/** GET /api or /apis; a 404 or 403 means the root is absent, as client-go treats it. */
async function getRoot(transport: Transport, path: string, accept: string, signal?: AbortSignal): Promise<RootAnswer | undefined> {
  const response: HttpResponse = await transport.get(path, { accept, signal, purpose: 'discovery' });
  if (response.status === 404 || (response.status === 403 && path === '/api')) return undefined;
  const body = parseJson<unknown>(response);
  const contentType = response.headers['content-type'] ?? '';
  if (isAggregatedDiscovery(contentType, body)) return { aggregated: body };
  return { legacy: body as ApiVersionsDocument | ApiGroupListDocument };
}

export function failureFrom(group: string, version: string, error: unknown): GroupVersionFailure {
  if (error instanceof HttpError) {
    const reason = error.code === 'timeout' ? 'timeout' : error.code === 'malformed' ? 'malformed' : error.status ? 'http' : 'network';
    return { group, version, reason, status: error.status, message: error.why };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { group, version, reason: 'network', message };
}

export function sortFailures(failures: GroupVersionFailure[]): GroupVersionFailure[] {
  return [...failures].sort((a, b) => compareBytes(a.group, b.group) || compareBytes(a.version, b.version));
}
