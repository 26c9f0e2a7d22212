import { statSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { readCacheFile, serverCacheDir, serverIdentity, writeCacheFile } from '../cluster/cache-dir.js';
import type { TransportTarget } from '../cluster/transport.js';
import { checkShapeFast } from '../shape/check.js';
import { guard, isBoolean, isString, object, optional } from '../shape/plain.js';
import { parseUntrustedJson } from '../shape/unicode.js';
import { surfaceSchema } from '../snapshot/schema.js';
import { isWellFormedSurface } from '../snapshot/well-formed.js';
import type { ApiSurface } from '../surface/model.js';
import { kapiVersion } from '../version.js';
import { apiGroupDiscoveryListSchema, isWellFormedDiscoveryList } from './documents.js';
import type { RootValidators } from './download.js';

/** kubectl keeps discovery for six hours; so does kapi's --cached. */
const cacheTtlMs = 6 * 60 * 60 * 1000;

const validatedRootSchema = z.lazy(() => z.looseObject({ etag: z.string(), document: apiGroupDiscoveryListSchema }));

/** What surface.json holds: who wrote it for which server, the surface, and what revalidates it. */
export interface DiscoveryCacheEntry {
  kapiVersion: string;
  server: string;
  surface: ApiSurface;
  /** The aggregated discovery roots with their ETags and documents, for If-None-Match on the next run. */
  roots?: RootValidators;
  /** Written by a run that needed only groups and versions (api-versions): the surface has no resources. */
  versionsOnly?: boolean;
}

const rootsSchema = z.lazy(() =>
  z.optional(z.looseObject({ '/api': z.optional(validatedRootSchema), '/apis': z.optional(validatedRootSchema) })),
);

const discoveryCacheEntrySchema: z.ZodMiniType<DiscoveryCacheEntry> = z.lazy(() =>
  z.looseObject({
    kapiVersion: z.string(),
    server: z.string(),
    surface: surfaceSchema,
    roots: rootsSchema,
    versionsOnly: z.optional(z.boolean()),
  }),
);

/** What a run without --cached reads of an entry: who wrote it, and the roots it revalidates. */
const cachedRootsSchema = z.lazy(() => z.looseObject({ kapiVersion: z.string(), server: z.string(), roots: rootsSchema }));

// The same shapes as plain tests (src/shape/plain.ts), checked first: a cache hit builds no schema.
const validatedRoot = object({ etag: isString, document: isWellFormedDiscoveryList });
const roots = optional(object({ '/api': optional(validatedRoot), '/apis': optional(validatedRoot) }));
const isWellFormedEntry = guard<DiscoveryCacheEntry>(
  object({
    kapiVersion: isString,
    server: isString,
    surface: isWellFormedSurface,
    roots,
    versionsOnly: optional(isBoolean),
  }),
);
const isWellFormedRoots = guard<z.output<typeof cachedRootsSchema>>(object({ kapiVersion: isString, server: isString, roots }));

export function discoveryCacheFile(target: Pick<TransportTarget, 'server' | 'headers' | 'tls'>, env: NodeJS.ProcessEnv = process.env) {
  return join(serverCacheDir('discovery', target, env), 'surface.json');
}

/**
 * The entry when it was written by this kapi for this server, whatever its
 * age; undefined otherwise. A file that is too large (--max-file-bytes) or of
 * the wrong shape (`{}`, a truncated write) is a miss: discovery runs again
 * and overwrites it.
 */
export function readDiscoveryCache(file: string, server: string, maxFileBytes?: number): DiscoveryCacheEntry | undefined {
  return readEntry(file, server, discoveryCacheEntrySchema, isWellFormedEntry, maxFileBytes);
}

/**
 * Only the roots an entry keeps for If-None-Match (undefined when there are none, or on the
 * same misses as readDiscoveryCache). A run without --cached needs no more, and at 2,000 CRDs
 * checking the cached surface would cost more than the 304 saves.
 */
export function readCachedRoots(file: string, server: string, maxFileBytes?: number): RootValidators | undefined {
  return readEntry(file, server, cachedRootsSchema, isWellFormedRoots, maxFileBytes)?.roots;
}

function readEntry<Entry extends { kapiVersion: string; server: string }>(
  file: string,
  server: string,
  schema: z.ZodMiniType<Entry>,
  isWellFormed: (value: unknown) => value is Entry,
  maxFileBytes?: number,
): Entry | undefined {
  const text = readCacheFile(file, maxFileBytes);
  if (text === undefined) return undefined;
  try {
    const checked = checkShapeFast(isWellFormed, schema, parseUntrustedJson(text));
    if (!checked.ok) return undefined;
    const entry = checked.value;
    if (entry.kapiVersion !== kapiVersion || entry.server !== serverIdentity(server)) return undefined;
    return entry;
  } catch {
    return undefined;
  }
}

/** True when the file is younger than kubectl's discovery TTL (for --cached). */
export function isFresh(file: string, now = Date.now()): boolean {
  try {
    return now - statSync(file).mtimeMs <= cacheTtlMs;
  } catch {
    return false;
  }
}

/** Best effort, like every kapi cache; the server is recorded without userinfo. */
export function writeDiscoveryCache(
  file: string,
  server: string,
  surface: ApiSurface,
  roots?: RootValidators,
  options: { versionsOnly?: boolean } = {},
): void {
  const identity = serverIdentity(server);
  const entry: DiscoveryCacheEntry = {
    kapiVersion,
    server: identity,
    surface: { ...surface, source: { ...surface.source, ...(surface.source.kind === 'live' ? { server: identity } : {}) } },
    ...(roots ? { roots } : {}),
    ...(options.versionsOnly ? { versionsOnly: true } : {}),
  };
  writeCacheFile(file, JSON.stringify(entry));
}
