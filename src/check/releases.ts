/**
 * What kapi check asks of the release data (src/releases/, generated from k8s.io/api): when a
 * built-in group-version-kind was introduced, deprecated and removed, and what replaces it.
 * Versions are "1.NN" strings. Injected, so the checks stay pure and tests can pass their own.
 */
export interface KindLifecycle {
  introduced?: string;
  deprecated?: string;
  removed?: string;
  /** "apps/v1 Deployment". */
  replacement?: string;
}

export interface ReleaseData {
  lifecycleOf(group: string, version: string, kind: string): KindLifecycle | undefined;
}

/** A Kubernetes minor release, 1.NN. */
export interface TargetVersion {
  major: number;
  minor: number;
}

export function targetText(target: TargetVersion): string {
  return `${target.major}.${target.minor}`;
}

/** "1.25" or "v1.25.3" -> {1, 25}; undefined when it is not a release number. */
export function releaseOf(text: string | undefined): TargetVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text ?? '');
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/** a < b: negative; a = b: 0; a > b: positive. */
export function compareReleases(a: TargetVersion, b: TargetVersion): number {
  return a.major - b.major || a.minor - b.minor;
}
