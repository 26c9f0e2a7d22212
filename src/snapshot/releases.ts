import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';

/**
 * What kapi knows about each bundled reference release (snapshots/store/releases.json, written by
 * scripts/reference-store.ts when the release is recorded): where it came from and what it weighs.
 */
export interface BuiltinRelease {
  /** The kube-apiserver's gitVersion, e.g. v1.37.2: the snapshot's name. */
  name: string;
  /** Commit time of the k8s.io/kubernetes module version. */
  released: string;
  /** When the surface was recorded from the running server. */
  recorded: string;
  /** The Go that built the server. */
  go: string;
  /** The Go module the server was built from. */
  module: string;
  /** The go build -ldflags. */
  ldflags: string;
  groupVersions: number;
  resources: number;
  /** The surface and every OpenAPI v3 document written out in full, as `kapi snapshot --with-schemas` writes them. */
  fullBytes: number;
  /** What the release adds to the package: its surface, its manifest, and the blobs no earlier-stored release held. */
  storedBytes: number;
}

export function releasesPath(snapshotsDir: string): string {
  return join(snapshotsDir, 'store', 'releases.json');
}

export function readReleases(snapshotsDir: string): BuiltinRelease[] {
  const path = releasesPath(snapshotsDir);
  if (!existsSync(path)) return [];
  try {
    const releases: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!Array.isArray(releases) || !releases.every((r) => typeof r === 'object' && r !== null && typeof r.name === 'string')) {
      throw new Error('not a list of releases');
    }
    return releases as BuiltinRelease[];
  } catch (error) {
    throw new ConfigError(`failed to read ${path}: ${(error as Error).message}`, error);
  }
}
