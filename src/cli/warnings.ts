import type { GroupVersionFailure } from '../surface/model.js';
import { groupVersionString } from '../surface/vocabulary.js';

/** One line per failed group-version, sorted, naming why. */
export function formatFailureWarnings(failures: GroupVersionFailure[]): string[] {
  return failures.map(
    (failure) => `Warning: ${groupVersionString(failure.group, failure.version)} could not be discovered: ${failureWhy(failure)}`,
  );
}

export function failureWhy(failure: GroupVersionFailure): string {
  switch (failure.reason) {
    case 'stale':
      return 'stale in aggregated discovery (its API server is unavailable)';
    case 'timeout':
      return `timed out (${failure.message})`;
    default:
      return failure.message;
  }
}
