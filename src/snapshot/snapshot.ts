import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';
import type { ApiSurface } from '../surface/model.js';

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

export function toSnapshot(surface: ApiSurface, kapiVersion: string, schemas?: SnapshotSchemas): SnapshotDocument {
  return { apiVersion: snapshotApiVersion, kind: 'ApiSurfaceSnapshot', kapiVersion, surface, ...(schemas ? { schemas } : {}) };
}

/** What `--snapshot builtin` means: the newest bundled release. */
export const defaultBuiltinSnapshot = 'v1.36.3';

/** The folder of bundled reference snapshots (same relative place from src/ and dist/). */
export function builtinSnapshotDir(): string {
  return fileURLToPath(new URL('../snapshots/', import.meta.url));
}

export function builtinSnapshotNames(): string[] {
  return readdirSync(builtinSnapshotDir())
    .filter((file) => file.endsWith('.json') && !file.endsWith('.schemas.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** "builtin" is the default bundle; "builtin:<name>" picks another; anything else is a file. */
export function snapshotPath(reference: string): string {
  if (reference === 'builtin') return `${builtinSnapshotDir()}${defaultBuiltinSnapshot}.json`;
  if (reference.startsWith('builtin:')) {
    const name = reference.slice('builtin:'.length);
    if (!builtinSnapshotNames().includes(name)) {
      throw new ConfigError(`no builtin snapshot "${name}": choose one of ${builtinSnapshotNames().join(', ')}`);
    }
    return `${builtinSnapshotDir()}${name}.json`;
  }
  return reference;
}

export function parseSnapshot(text: string, path: string): SnapshotDocument {
  let document: Partial<SnapshotDocument>;
  try {
    document = JSON.parse(text) as Partial<SnapshotDocument>;
  } catch (error) {
    throw new ConfigError(`failed to read snapshot ${path}: not valid JSON (${(error as Error).message})`, error);
  }
  if (document.kind !== 'ApiSurfaceSnapshot' || document.apiVersion !== snapshotApiVersion || !document.surface) {
    throw new ConfigError(
      `failed to read snapshot ${path}: not a kapi snapshot (want kind ApiSurfaceSnapshot, apiVersion ${snapshotApiVersion})`,
    );
  }
  return document as SnapshotDocument;
}

export function readSnapshot(reference: string): SnapshotDocument {
  const path = snapshotPath(reference);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `failed to read snapshot ${reference}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      error,
    );
  }
  const document = parseSnapshot(text, reference);
  const surface: ApiSurface = { ...document.surface, source: { ...document.surface.source, kind: 'snapshot', path: reference } };
  if (document.schemas) return { ...document, surface };
  // Bundled snapshots keep their schemas (megabytes) in a sibling file, parsed only
  // when explain asks for them, so listing commands start fast.
  const schemasPath = path.replace(/\.json$/, '.schemas.json');
  let schemas: SnapshotSchemas | undefined;
  return Object.defineProperty({ ...document, surface }, 'schemas', {
    enumerable: true,
    get: () => {
      schemas ??= existsSync(schemasPath) ? (JSON.parse(readFileSync(schemasPath, 'utf8')) as SnapshotSchemas) : undefined;
      return schemas;
    },
  });
}
