import { RE2JS } from '@bufbuild/re2';

/**
 * Regular expressions from schemas and CEL rules, compiled with an RE2 engine
 * as the apiserver's Go regexp does: the same syntax, and linear time, so a
 * hostile pattern cannot hang kapi. Compiled once per pattern text.
 */

const cache = new Map<string, RE2JS | null>();
const maxCached = 4096;

/** The compiled pattern, or undefined when RE2 rejects its syntax. */
export function compileRegex(pattern: string): RE2JS | undefined {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = RE2JS.compile(pattern);
    } catch {
      compiled = null;
    }
    if (cache.size >= maxCached) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled ?? undefined;
}
