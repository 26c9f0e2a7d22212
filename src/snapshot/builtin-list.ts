import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { builtinSnapshotDir, builtinSnapshotNames, defaultBuiltinSnapshot } from './builtin.js';
import { readReleases } from './releases.js';
import { manifestPath, packPath, readManifest } from './store.js';

/** One bundled snapshot as `kapi snapshot --list-builtin` shows it (schemas/builtin-snapshots.schema.json). */
export interface BuiltinSnapshotEntry {
  /** What --snapshot takes for it: builtin:v1.37.2. */
  name: string;
  /** Other --snapshot values that mean it: "builtin" for the newest release, and its minor (builtin:v1.37) for the newest patch. */
  aliases: string[];
  /** The server's gitVersion. */
  serverVersion: string;
  /** Commit time of the k8s.io/kubernetes module version the server was built from, when known. */
  released?: string;
  /** When the surface was recorded. */
  recorded?: string;
  /** Where it comes from. */
  origin?: string;
  groupVersions: number;
  resources: number;
  /** Which OpenAPI the schemas are (explain, search, diff --schemas, atlas). */
  schemas: 'openapi-v3' | 'openapi-v2' | 'none';
  /** The surface and its schemas written out in full, as `kapi snapshot --with-schemas` writes them. */
  fullBytes: number;
  /** What it adds to the installed package (stored schemas are shared between releases: each counts the blobs it added). */
  storedBytes: number;
}

export interface BuiltinSnapshotsDocument {
  items: BuiltinSnapshotEntry[];
}

interface SurfaceFile {
  surface: {
    serverVersion?: { gitVersion?: string };
    source?: { origin?: string; capturedAt?: string };
    groups: Array<{ versions: Array<{ resources: unknown[] }> }>;
  };
}

/** Every bundled snapshot, oldest release first; facts recorded at packing time come from snapshots/store/releases.json. */
export function listBuiltinSnapshots(): BuiltinSnapshotsDocument {
  const dir = builtinSnapshotDir();
  const releases = new Map(readReleases(dir).map((release) => [release.name, release]));
  const names = builtinSnapshotNames();
  const items = names.map((name): BuiltinSnapshotEntry => {
    const surfacePath = join(dir, `${name}.json`);
    const document = JSON.parse(readFileSync(surfacePath, 'utf8')) as SurfaceFile;
    const { surface } = document;
    const release = releases.get(name);
    const minor = /^(v\d+\.\d+)\.\d+$/.exec(name)?.[1];
    const newestOfMinor = minor !== undefined && names.filter((other) => other.startsWith(`${minor}.`)).at(-1) === name;
    const aliases = [...(name === defaultBuiltinSnapshot ? ['builtin'] : []), ...(newestOfMinor ? [`builtin:${minor}`] : [])];
    const v2Path = join(dir, `${name}.schemas.json`);
    const stored = existsSync(manifestPath(dir, name));
    const v2 = !stored && existsSync(v2Path);
    const fullSchemasBytes = v2 ? statSync(v2Path).size : 0;
    const surfaceBytes = statSync(surfacePath).size;
    return {
      name: `builtin:${name}`,
      aliases,
      serverVersion: surface.serverVersion?.gitVersion ?? name,
      ...(release ? { released: release.released } : {}),
      ...(surface.source?.capturedAt ? { recorded: surface.source.capturedAt } : {}),
      ...(surface.source?.origin ? { origin: surface.source.origin } : {}),
      groupVersions: surface.groups.reduce((n, group) => n + group.versions.length, 0),
      resources: surface.groups.reduce((n, group) => n + group.versions.reduce((m, version) => m + version.resources.length, 0), 0),
      schemas: stored ? 'openapi-v3' : v2 ? schemaKind(v2Path) : 'none',
      fullBytes: release?.fullBytes ?? surfaceBytes + fullSchemasBytes,
      storedBytes: stored
        ? surfaceBytes + statSync(manifestPath(dir, name)).size + ownPackBytes(dir, name)
        : surfaceBytes + fullSchemasBytes,
    };
  });
  return { items };
}

function ownPackBytes(dir: string, name: string): number {
  const manifest = readManifest(dir, name);
  return manifest.packs.some((pack) => pack.name === name) ? statSync(packPath(dir, name)).size : 0;
}

/** A sibling schemas file holds {openapiV3} or {openapiV2}: its first key says which, without parsing megabytes. */
function schemaKind(path: string): 'openapi-v3' | 'openapi-v2' {
  const head = Buffer.alloc(32);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.toString('utf8').includes('openapiV2') ? 'openapi-v2' : 'openapi-v3';
}
