import { distance } from 'fastest-levenshtein';

/**
 * Up to three names closest to what was typed, for "did you mean": a case-insensitive exact match,
 * else those at the least edit distance, at most a third of the typed length (and at least 1).
 */
export function closeNames(typed: string, names: readonly string[]): string[] {
  const lower = typed.toLowerCase();
  const exact = names.filter((name) => name.toLowerCase() === lower);
  if (exact.length > 0) return exact;
  const limit = Math.max(1, Math.floor(typed.length / 3));
  const scored = names.map((name) => ({ name, score: distance(lower, name.toLowerCase()) })).filter((e) => e.score <= limit);
  const best = scored.reduce((least, e) => Math.min(least, e.score), Number.POSITIVE_INFINITY);
  return scored
    .filter((e) => e.score === best)
    .slice(0, 3)
    .map((e) => e.name);
}

/** '; did you mean "a" or "b"?', or '' without suggestions: how every not-found message ends. */
export function didYouMean(suggestions: readonly string[]): string {
  return suggestions.length === 0 ? '' : `; did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?`;
}
