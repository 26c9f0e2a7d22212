import type * as z from 'zod/mini';
import { parseJson, readDocument } from '../cluster/response.js';
import type { Transport } from '../cluster/transport.js';
import { HttpError } from '../errors.js';
import type { GroupVersionFailure } from '../surface/model.js';
import { groupVersionPath, groupVersionString } from '../surface/vocabulary.js';
import { type DiscoveryDocuments, isLegacy, type RootDocument } from './assemble.js';
import {
  type ApiGroupDiscoveryListDocument,
  type ApiGroupListDocument,
  type ApiResourceListDocument,
  type ApiVersionsDocument,
  aggregatedDiscoveryAccept,
  apiGroupDiscoveryListSchema,
  apiGroupListSchema,
  apiResourceListSchema,
  apiVersionsSchema,
  isAggregatedDiscovery,
  isWellFormedDiscoveryList,
  type VersionDocument,
  versionInfoSchema,
} from './documents.js';
import { legacyGroupVersions } from './legacy.js';
import { downloadRegistrations } from './registrations.js';

export type DiscoveryMode = 'auto' | 'legacy';

/** An aggregated discovery root kept from an earlier run: its ETag and the document it named. */
export interface ValidatedRoot {
  etag: string;
  document: ApiGroupDiscoveryListDocument;
}

/** Per root (/api, /apis), what revalidates it with If-None-Match. */
export type RootValidators = Partial<Record<'/api' | '/apis', ValidatedRoot>>;

/** What discovery reports while it waits on per-group-version requests (for a progress line). */
export interface DiscoveryProgress {
  /** `left` of `total` group-versions have not answered yet. */
  update(total: number, left: number): void;
}

export interface DownloadOptions {
  /** Told how many group-versions are still to answer, for a progress line. */
  progress?: DiscoveryProgress;
  mode: DiscoveryMode;
  /** Aggregated roots kept from the last run: each is asked If-None-Match its ETag, and a 304 reuses it. */
  previous?: RootValidators;
  /** Also read APIServices and CRDs. */
  servedBy: boolean;
  /** Also read /version. */
  serverVersion: boolean;
  signal?: AbortSignal;
}

const legacyAccept = 'application/json, */*';

/**
 * Downloads discovery's documents the way client-go does: /api then /apis,
 * asking for aggregated discovery v2 first. A root that answers in the legacy
 * format is followed by one request per group-version, fetched in parallel.
 * APIServices, CRDs and /version are read alongside when asked for.
 * With `previous` roots, an unchanged aggregated root answers 304 and its
 * kept document is reused: no body is read or parsed.
 */
export async function downloadDiscovery(transport: Transport, options: DownloadOptions): Promise<DiscoveryDocuments> {
  const { signal } = options;
  const [roots, registrations, version] = await Promise.all([
    downloadRoots(transport, options.mode, options.mode === 'legacy' ? {} : (options.previous ?? {}), signal, options.progress),
    options.servedBy ? downloadRegistrations(transport, signal) : Promise.resolve(undefined),
    options.serverVersion ? downloadVersion(transport, signal) : Promise.resolve(undefined),
  ]);
  return { ...roots, registrations, version };
}

async function downloadRoots(
  transport: Transport,
  mode: DiscoveryMode,
  previous: RootValidators,
  signal?: AbortSignal,
  progress?: DiscoveryProgress,
) {
  const accept = mode === 'legacy' ? legacyAccept : aggregatedDiscoveryAccept;
  const core = await getRoot<ApiVersionsDocument>(transport, '/api', accept, previous['/api'], apiVersionsSchema, signal);
  const named = await getRoot<ApiGroupListDocument>(transport, '/apis', accept, previous['/apis'], apiGroupListSchema, signal);
  const resourceLists = new Map<string, ApiResourceListDocument>();
  const failures: GroupVersionFailure[] = [];
  if (isLegacy({ core, named })) {
    const coreVersions = core && 'legacy' in core ? core.legacy : undefined;
    const groupList = named && 'legacy' in named ? named.legacy : undefined;
    const toFetch = legacyGroupVersions(coreVersions, groupList);
    let left = toFetch.length;
    progress?.update(toFetch.length, left);
    await Promise.all(
      toFetch.map(async ({ group, version }) => {
        try {
          const response = await transport.get(groupVersionPath(group, version), { accept: legacyAccept, signal, purpose: 'legacy' });
          resourceLists.set(groupVersionString(group, version), readDocument(response, apiResourceListSchema, 'APIResourceList'));
        } catch (error) {
          failures.push(failureFrom(group, version, error));
        }
        progress?.update(toFetch.length, --left);
      }),
    );
  }
  return { core, named, resourceLists, failures };
}

/**
 * GET /api or /apis; a 404 means the root is absent, as client-go treats it. A 403
 * is an error (exit 6), as in kubectl: a user who may not read /api would
 * otherwise get an answer silently missing the core group.
 */
async function getRoot<Legacy>(
  transport: Transport,
  path: '/api' | '/apis',
  accept: string,
  previous: ValidatedRoot | undefined,
  legacySchema: z.ZodMiniType<Legacy>,
  signal?: AbortSignal,
): Promise<RootDocument<Legacy> | undefined> {
  const headers = previous ? { 'If-None-Match': previous.etag } : undefined;
  const response = await transport.get(path, { accept, signal, purpose: 'discovery', headers });
  if (response.status === 304 && previous) return { aggregated: previous.document, etag: previous.etag };
  if (response.status === 404) return undefined;
  const body = parseJson(response);
  if (isAggregatedDiscovery(response.headers['content-type'] ?? '', body)) {
    return {
      aggregated: readDocument(response, apiGroupDiscoveryListSchema, 'APIGroupDiscoveryList', body, isWellFormedDiscoveryList),
      etag: response.headers.etag,
    };
  }
  return { legacy: readDocument(response, legacySchema, path === '/api' ? 'APIVersions' : 'APIGroupList', body) };
}

/** The aggregated roots that came with an ETag: what the next run revalidates (none for a legacy answer). */
export function rootValidators(documents: Pick<DiscoveryDocuments, 'core' | 'named'>): RootValidators | undefined {
  if (isLegacy(documents)) return undefined;
  const roots: RootValidators = {};
  for (const [path, root] of [
    ['/api', documents.core],
    ['/apis', documents.named],
  ] as const) {
    if (root && 'aggregated' in root && root.etag) roots[path] = { etag: root.etag, document: root.aggregated };
  }
  return roots;
}

/** The server's /version (what `kubectl version` reads); an error when the server cannot be read. */
export async function readServerVersion(transport: Transport, signal?: AbortSignal): Promise<VersionDocument> {
  return readDocument(await transport.get('/version', { signal, purpose: 'version' }), versionInfoSchema, 'version info');
}

async function downloadVersion(transport: Transport, signal?: AbortSignal): Promise<VersionDocument | undefined> {
  try {
    return await readServerVersion(transport, signal);
  } catch {
    // /version is informational; a server that hides it still has a surface.
    return undefined;
  }
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
