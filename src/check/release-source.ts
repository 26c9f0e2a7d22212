import { UsageError } from '../errors.js';
import { type ReleaseData, releaseOf, type TargetVersion } from './releases.js';

/** The release data kapi check uses (src/releases/ once it lands; none until then). */
export function releaseData(): ReleaseData | undefined {
  return undefined;
}

/** --target-version 1.NN; anything else is a usage error. */
export function targetVersion(text: string): TargetVersion {
  const target = releaseOf(text);
  if (!target) throw new UsageError(`invalid --target-version "${text}": use a Kubernetes release such as 1.37`);
  return target;
}
