import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';

/**
 * The reference snapshots bundled with kapi (snapshots/ in the package): where they are, their
 * names, and what --snapshot builtin and builtin:<name> mean.
 */

/** What `--snapshot builtin` means: the newest bundled release. */
export const defaultBuiltinSnapshot = 'v1.36.3';

let bundledFolder: string | undefined;

/**
 * The folder of bundled reference snapshots: snapshots/ in the nearest folder above this module that
 * holds the default one. One rule for both places the code runs from: dist/ (the package root is its
 * parent) and src/snapshot/ (tests run the source through tsx; the root is two folders up).
 */
export function builtinSnapshotDir(): string {
  if (bundledFolder) return bundledFolder;
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    const candidate = join(folder, 'snapshots');
    if (existsSync(join(candidate, `${defaultBuiltinSnapshot}.json`))) {
      bundledFolder = candidate;
      return candidate;
    }
    if (dirname(folder) === folder) throw new ConfigError('the builtin snapshots are missing from this installation of kapi');
  }
}

export function builtinSnapshotNames(): string[] {
  return readdirSync(builtinSnapshotDir())
    .filter((file) => file.endsWith('.json') && !file.endsWith('.schemas.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** "builtin" is the default bundle; "builtin:<name>" picks another; anything else is a file. */
export function snapshotPath(reference: string): string {
  if (reference === 'builtin') return join(builtinSnapshotDir(), `${defaultBuiltinSnapshot}.json`);
  if (reference.startsWith('builtin:')) {
    const name = reference.slice('builtin:'.length);
    if (!builtinSnapshotNames().includes(name)) {
      throw new ConfigError(`no builtin snapshot "${name}": choose one of ${builtinSnapshotNames().join(', ')}`);
    }
    return join(builtinSnapshotDir(), `${name}.json`);
  }
  return reference;
}
