import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { withoutUserinfo } from '../cluster/server-url.js';
import { ConfigError } from '../errors.js';
import { defaultMaxFileBytes } from '../limits/bytes.js';
import { readTextFile } from '../limits/read-file.js';
import { checkShape, checkShapeFast } from '../shape/check.js';
import { parseUntrustedJson, repairLoneSurrogates } from '../shape/unicode.js';
import type { ApiSurface } from '../surface/model.js';
import { snapshotPath } from './builtin.js';
import { snapshotSchema, snapshotSchemasSchema } from './schema.js';
import { hasStoredSchemas, storedSchemas } from './store.js';
import { isWellFormedSnapshot } from './well-formed.js';

export const snapshotApiVersion = 'kapi.dev/v1';

/** Optional schema documents captured with --with-schemas, keyed by request path. */
export interface SnapshotSchemas {
  /** "/openapi/v3" index and each "/openapi/v3/apis/<g>/<v>" document, keyed by path without query. */
  openapiV3?: Record<string, unknown>;
  /** The whole /openapi/v2 document, for servers without v3. */
  openapiV2?: unknown;
}

/** The file `kapi snapshot` writes. No credentials, no server-private headers. */
export interface SnapshotDocument {
  apiVersion: typeof snapshotApiVersion;
  kind: 'ApiSurfaceSnapshot';
  kapiVersion: string;
  surface: ApiSurface;
  schemas?: SnapshotSchemas;
}

/** A snapshot as read back, checked by snapshotSchema: kapiVersion may be missing from a file kapi did not write. */
export type SnapshotFile = Omit<SnapshotDocument, 'kapiVersion'> & { kapiVersion?: string };

export function toSnapshot(surface: ApiSurface, kapiVersion: string, schemas?: SnapshotSchemas): SnapshotDocument {
  return { apiVersion: snapshotApiVersion, kind: 'ApiSurfaceSnapshot', kapiVersion, surface, ...(schemas ? { schemas } : {}) };
}

/** What reading a file may use: its byte limit (--max-file-bytes). */
export interface ReadOptions {
  maxFileBytes?: number;
}

/**
 * Parses a snapshot as `kapi snapshot` writes it, JSON or YAML (the yaml
 * parser is loaded only for YAML), and checks its shape: a file of the wrong
 * shape is a ConfigError (exit 4) naming the first bad field.
 */
export async function parseSnapshot(text: string, path: string): Promise<SnapshotFile> {
  const fail = (why: string, cause?: unknown) => new ConfigError(`failed to read snapshot ${path}: ${why}`, cause);
  let document: unknown;
  const json = /^\s*[{[]/.test(text);
  try {
    document = json ? parseUntrustedJson(text) : repairLoneSurrogates((await loadYaml()).parse(text, { maxAliasCount: 100 }));
  } catch (error) {
    throw fail(`not valid ${json ? 'JSON' : 'YAML'} (${firstLine((error as Error).message)})`, error);
  }
  const field = (name: string): unknown => (typeof document === 'object' && document !== null ? Reflect.get(document, name) : undefined);
  if (field('kind') !== 'ApiSurfaceSnapshot' || field('apiVersion') !== snapshotApiVersion) {
    throw fail(`not a kapi snapshot (want kind ApiSurfaceSnapshot, apiVersion ${snapshotApiVersion})`);
  }
  const checked = checkShapeFast(isWellFormedSnapshot, snapshotSchema, document);
  if (!checked.ok) throw fail(`invalid snapshot: ${checked.problem}`);
  return checked.value;
}

export async function readSnapshot(reference: string, options: ReadOptions = {}): Promise<SnapshotFile> {
  const path = snapshotPath(reference);
  const maxBytes = options.maxFileBytes ?? defaultMaxFileBytes;
  const document = await parseSnapshot(readSnapshotFile(path, reference, maxBytes), reference);
  // A snapshot written by another tool (or an older kapi) may name its server with credentials: never show them.
  const source = document.surface.source;
  const server = typeof source?.server === 'string' ? { server: withoutUserinfo(source.server) } : {};
  const surface: ApiSurface = { ...document.surface, source: { ...source, ...server, kind: 'snapshot', path: reference } };
  if (document.schemas) return { ...document, surface };
  // Bundled snapshots keep their schemas (megabytes) in the store or a sibling file, read
  // only when explain asks for them, so listing commands start fast.
  // The store sits beside the surface files: snapshots/store/<name>.manifest.br for snapshots/<name>.json.
  const folder = dirname(path);
  const name = basename(path, '.json');
  const stored = hasStoredSchemas(folder, name);
  const schemasPath = path.replace(/\.json$/, '.schemas.json');
  let schemas: SnapshotSchemas | undefined;
  return Object.defineProperty({ ...document, surface }, 'schemas', {
    enumerable: true,
    get: () => {
      if (stored) schemas ??= storedSchemas(folder, name);
      else schemas ??= existsSync(schemasPath) ? readSchemasFile(schemasPath, maxBytes) : undefined;
      return schemas;
    },
  });
}

function readSnapshotFile(path: string, reference: string, maxBytes: number): string {
  try {
    return readTextFile(path, maxBytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new ConfigError(`failed to read snapshot ${reference}: ${why}`, error);
  }
}

function readSchemasFile(path: string, maxBytes: number): SnapshotSchemas {
  const fail = (why: string, cause?: unknown) => new ConfigError(`failed to read ${path}: ${why}`, cause);
  let document: unknown;
  try {
    document = parseUntrustedJson(readTextFile(path, maxBytes));
  } catch (error) {
    throw fail(firstLine((error as Error).message), error);
  }
  const checked = checkShape(snapshotSchemasSchema, document);
  if (!checked.ok) throw fail(`invalid schemas: ${checked.problem}`);
  return checked.value;
}

type YamlModule = typeof import('yaml');

/** The yaml parser, loaded only for a YAML snapshot; the bundle exposes the CommonJS module as the default export. */
async function loadYaml(): Promise<YamlModule> {
  const module = (await import('yaml')) as YamlModule & { default?: YamlModule };
  return typeof module.parse === 'function' ? module : (module.default as YamlModule);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
