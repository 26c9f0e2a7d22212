import * as z from 'zod/mini';
import { ConfigError, UsageError } from '../errors.js';
import { checkShape } from '../shape/check.js';

/**
 * Release data: what each Kubernetes release does to each built-in kind, generated from k8s.io/api's
 * prerelease-lifecycle methods (src/releases/data/lifecycle.json; its SOURCE.md says how and from which
 * modules). The one source for `kapi lifecycle`, audit's removed-upstream and --target-version, and check's
 * removal messages.
 *
 * API:
 * - loadLifecycle(): the data, read on first use (its own bundle chunk) and shape-checked; later calls share it.
 *   - .kinds: every built-in kind, sorted by group, version, kind.
 *   - .newestRelease: the newest release the data knows ("1.37"): the newest k8s.io/api it was generated from.
 *   - .lifecycleOf(group, version, kind): one kind's row, or undefined when k8s.io/api never declared it.
 *   - .source: the modules it was generated from and the command that did it.
 * - parseRelease(text, flag): "1.32", "v1.32", "1.32.4" or "v1.32.4" -> "1.32" (a patch is accepted and ignored:
 *   lifecycle tags name minors); malformed: a UsageError (exit 2) naming the flag.
 * - parseTargetVersion(text, newest): parseRelease, and newer than `newest` is a UsageError naming the newest.
 * - removedBy(kind, release) / deprecatedBy(kind, release): whether the kind is removed (deprecated) in that
 *   release or before it.
 * - compareReleases(a, b): numeric order of "1.NN" releases.
 * - kindKey(group, version, kind): "apps/v1/Deployment", "v1/Pod" (the core group), for maps and messages.
 */

/** A Kubernetes minor release, "1.32". */
export type Release = string;

export interface GroupVersionKind {
  /** "" for the core group. */
  group: string;
  version: string;
  kind: string;
}

export interface KindLifecycle extends GroupVersionKind {
  introduced: Release | null;
  deprecated: Release | null;
  removed: Release | null;
  replacement: GroupVersionKind | null;
  /** True when k8s.io/api's tags name no replacement and the generator inferred it (src/releases/data/SOURCE.md). */
  replacementInferred?: true;
  /** The first and last k8s.io/api module version that declares the kind, e.g. ["v0.20.6", "v0.37.2"]. */
  inModules: [string, string];
}

export interface LifecycleSource {
  generator: string;
  command: string;
  modules: string[];
  newestRelease: Release;
}

export interface LifecycleData {
  source: LifecycleSource;
  newestRelease: Release;
  kinds: readonly KindLifecycle[];
  lifecycleOf(group: string, version: string, kind: string): KindLifecycle | undefined;
}

const releasePattern = /^1\.\d{1,3}$/;
const release = z.string().check(z.regex(releasePattern));
const gvk = z.object({ group: z.string(), version: z.string(), kind: z.string() });
const dataShape = z.object({
  source: z.looseObject({
    generator: z.string(),
    command: z.string(),
    modules: z.array(z.string()),
    newestRelease: release,
  }),
  kinds: z.array(
    z.object({
      group: z.string(),
      version: z.string(),
      kind: z.string(),
      introduced: z.nullable(release),
      deprecated: z.nullable(release),
      removed: z.nullable(release),
      replacement: z.nullable(gvk),
      replacementInferred: z.optional(z.literal(true)),
      inModules: z.tuple([z.string(), z.string()]),
    }),
  ),
});

let loaded: Promise<LifecycleData> | undefined;

export function loadLifecycle(): Promise<LifecycleData> {
  loaded ??= import('./data/lifecycle.json', { with: { type: 'json' } }).then((module) => lifecycleData(module.default));
  return loaded;
}

/** Checks the document's shape and indexes it. Exported for tests. */
export function lifecycleData(document: unknown): LifecycleData {
  const checked = checkShape(dataShape, document);
  if (!checked.ok) throw new ConfigError(`kapi's lifecycle data is damaged: ${checked.problem}`);
  const { source, kinds } = checked.value;
  const index = new Map(kinds.map((row) => [kindKey(row.group, row.version, row.kind), row]));
  return {
    source,
    newestRelease: source.newestRelease,
    kinds,
    lifecycleOf: (group, version, kind) => index.get(kindKey(group, version, kind)),
  };
}

export function kindKey(group: string, version: string, kind: string): string {
  return group === '' ? `${version}/${kind}` : `${group}/${version}/${kind}`;
}

export function compareReleases(a: Release, b: Release): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

const targetPattern = /^v?1\.(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,3}))?$/;

export function parseRelease(text: string, flag: string): Release {
  const match = targetPattern.exec(text.trim());
  if (!match) throw new UsageError(`${flag} must be a Kubernetes release such as 1.32 or v1.32.0, got "${text}"`);
  return `1.${match[1]}`;
}

/** The release a server's gitVersion belongs to: "v1.29.6", "v1.21.0-k0s1", "v1.31.0-alpha.1" -> "1.NN"; else undefined. */
export function releaseOfServerVersion(gitVersion: string): Release | undefined {
  const match = /^v?1\.(0|[1-9]\d{0,2})\.\d+(?:[-+].*)?$/.exec(gitVersion);
  return match ? `1.${match[1]}` : undefined;
}

export function parseTargetVersion(text: string, newest: Release, flag = '--target-version'): Release {
  const target = parseRelease(text, flag);
  if (compareReleases(target, newest) > 0) {
    throw new UsageError(`${flag} ${target} is newer than the newest release kapi knows, ${newest}`);
  }
  return target;
}

export function removedBy(kind: KindLifecycle, target: Release): boolean {
  return kind.removed !== null && compareReleases(kind.removed, target) <= 0;
}

export function deprecatedBy(kind: KindLifecycle, target: Release): boolean {
  return kind.deprecated !== null && compareReleases(kind.deprecated, target) <= 0;
}
