import type { ApiSurface, GroupVersionFailure } from '../surface/model.js';
import { groupVersionString } from '../surface/vocabulary.js';

/**
 * One line per failed group-version, sorted, naming why. `about` names the source when a command
 * reads several (a diff side, a context): "Warning: context prod: v1beta1.x could not be ...".
 */
export function formatFailureWarnings(failures: GroupVersionFailure[], about?: string): string[] {
  const warning = about === undefined ? 'Warning:' : `Warning: ${about}:`;
  return failures.map(
    (failure) => `${warning} ${groupVersionString(failure.group, failure.version)} could not be discovered: ${failureWhy(failure)}`,
  );
}

/** What stderr says of a partial answer: a warning per failed group-version, then (when asked) the served-by notice. */
export function partialAnswerLines(surface: ApiSurface, options: { servedBy: boolean; about?: string }): string[] {
  const lines = formatFailureWarnings(surface.failures, options.about);
  if (options.servedBy && surface.servedByNotice) {
    lines.push(`Notice: ${options.about === undefined ? '' : `${options.about}: `}${surface.servedByNotice}`);
  }
  return lines;
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
