import { UsageError } from '../errors.js';
import { compareReleases, type KindLifecycle, type Release } from './lifecycle.js';

/**
 * `kapi lifecycle`'s selection, pure: the GROUP[/VERSION[/KIND]] argument and the --removed-in and
 * --deprecated-in filters over the lifecycle rows.
 *
 * The argument is written as an apiVersion is: "apps", "apps/v1", "apps/v1/Deployment"; the core group is
 * "core" or left out ("v1", "v1/Pod", "core/v1/Pod"). Group and kind match without regard to case.
 */

export interface KindSelector {
  group: string;
  version?: string;
  kind?: string;
}

const versionPattern = /^v\d+((alpha|beta)\d+)?$/;

export function parseKindSelector(text: string): KindSelector {
  const parts = text.split('/');
  if (parts.some((part) => part === '') || parts.length > 3) {
    throw new UsageError(`expected GROUP[/VERSION[/KIND]] (apps/v1/Deployment, v1/Pod, core/v1), got "${text}"`);
  }
  // "v1" and "v1/Pod": the core group, written as its apiVersion is.
  const [first = '', ...rest] = versionPattern.test(parts[0] ?? '') && parts.length < 3 ? ['core', ...parts] : parts;
  const [version, kind] = rest;
  return { group: first.toLowerCase() === 'core' ? '' : first.toLowerCase(), version, kind };
}

export interface LifecycleFilter {
  selector?: KindSelector;
  /** Kinds removed in exactly this release. */
  removedIn?: Release;
  /** Kinds deprecated in exactly this release. */
  deprecatedIn?: Release;
}

export function selectKinds(kinds: readonly KindLifecycle[], filter: LifecycleFilter): KindLifecycle[] {
  const { selector, removedIn, deprecatedIn } = filter;
  const same = (release: Release | null, wanted: Release | undefined) =>
    wanted === undefined || (release !== null && compareReleases(release, wanted) === 0);
  return kinds.filter((row) => (!selector || matches(row, selector)) && same(row.removed, removedIn) && same(row.deprecated, deprecatedIn));
}

function matches(row: KindLifecycle, selector: KindSelector): boolean {
  return (
    row.group === selector.group &&
    (selector.version === undefined || row.version === selector.version) &&
    (selector.kind === undefined || row.kind.toLowerCase() === selector.kind.toLowerCase())
  );
}
