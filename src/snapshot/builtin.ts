import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';

/**
 * The reference snapshots bundled with kapi (snapshots/ in the package): where they are, their
 * names, and what --snapshot builtin and builtin:<name> mean. Each is a surface file
 * snapshots/<name>.json; its schemas are in the store (snapshots/store/, src/snapshot/store.ts)
 * or, for the k0s v1.21 capture, in a sibling <name>.schemas.json.
 */

/** What `--snapshot builtin` means: the newest bundled release. */
export const defaultBuiltinSnapshot = 'v1.37.2';

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

/** The full names (v1.21.0-k0s, v1.29.6, ... v1.37.2), oldest release first. */
export function builtinSnapshotNames(): string[] {
  return readdirSync(builtinSnapshotDir())
    .filter((file) => file.endsWith('.json') && !file.endsWith('.schemas.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort(compareReleaseNames);
}

/** A Kubernetes release (v1.29.6), not a distribution's capture (v1.21.0-k0s): these also answer to their minor (v1.29). */
const releaseName = /^(v\d+\.\d+)\.\d+$/;

/** What --snapshot builtin:<TAB> offers: every full name, and the minor of each release (v1.29 beside v1.29.6). */
export function builtinSnapshotChoices(): string[] {
  const names = builtinSnapshotNames();
  return names.flatMap((name) => {
    const minor = releaseName.exec(name)?.[1];
    return minor ? [minor, name] : [name];
  });
}

/** A builtin name as given after "builtin:": a full name, or a minor (v1.29) meaning its newest bundled patch. */
export function resolveBuiltinName(given: string): string {
  const names = builtinSnapshotNames();
  if (names.includes(given)) return given;
  const matches = names.filter((name) => releaseName.exec(name)?.[1] === given);
  const newest = matches.at(-1);
  if (newest) return newest;
  throw new ConfigError(`no builtin snapshot "${given}": choose one of ${builtinSnapshotChoices().join(', ')}`);
}

/** "builtin" is the newest release; "builtin:<name>" picks another; anything else is a file. */
export function builtinName(reference: string): string | undefined {
  if (reference === 'builtin') return defaultBuiltinSnapshot;
  if (reference.startsWith('builtin:')) return resolveBuiltinName(reference.slice('builtin:'.length));
  return undefined;
}

export function snapshotPath(reference: string): string {
  const name = builtinName(reference);
  return name === undefined ? reference : join(builtinSnapshotDir(), `${name}.json`);
}

/** Orders v1.9.0 before v1.29.6 before v1.37.2 (numbers compared as numbers), then by text. */
export function compareReleaseNames(a: string, b: string): number {
  const numbers = (name: string) => (/^v(\d+)\.(\d+)\.(\d+)/.exec(name) ?? []).slice(1).map(Number);
  const [x, y] = [numbers(a), numbers(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
