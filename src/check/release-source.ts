import { loadLifecycle, parseTargetVersion } from '../releases/lifecycle.js';
import { groupVersionString } from '../surface/vocabulary.js';
import { type ReleaseData, releaseOf, type TargetVersion } from './releases.js';

/** The release data kapi check uses: src/releases/ (generated from k8s.io/api), as check asks for it. */
export async function releaseData(): Promise<ReleaseData> {
  const lifecycle = await loadLifecycle();
  return {
    lifecycleOf(group, version, kind) {
      const found = lifecycle.lifecycleOf(group, version, kind);
      if (!found) return undefined;
      const replacement = found.replacement;
      return {
        ...(found.introduced ? { introduced: found.introduced } : {}),
        ...(found.deprecated ? { deprecated: found.deprecated } : {}),
        ...(found.removed ? { removed: found.removed } : {}),
        ...(replacement ? { replacement: `${groupVersionString(replacement.group, replacement.version)} ${replacement.kind}` } : {}),
      };
    },
  };
}

/** --target-version 1.NN: malformed, or newer than the release data knows, is a usage error (exit 2). */
export async function targetVersion(text: string): Promise<TargetVersion> {
  const { newestRelease } = await loadLifecycle();
  return releaseOf(parseTargetVersion(text, newestRelease)) as TargetVersion;
}
