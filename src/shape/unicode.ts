/**
 * Text as it enters kapi: every document from a server, a snapshot or a cache file is parsed here
 * before its shape is checked. JSON may spell a lone UTF-16 surrogate (`"\ud800"`), which no
 * UTF-8 output can carry: encodeURIComponent throws on it (the atlas page's links broke on one
 * resource name) and other readers print or compare it inconsistently. So each lone surrogate in a
 * string or a key becomes U+FFFD, as a UTF-8 decoder treats a bad byte, and every renderer after this
 * point sees well-formed text.
 */

/** A high surrogate with no low one after it, or a low one with no high one before it. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A JSON escape of a surrogate (\uD800 to \uDFFF): JSON text without one holds no lone surrogate once decoded from UTF-8. */
const surrogateEscape = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/** The text with each lone surrogate replaced by U+FFFD (the text itself when it has none). */
export function withoutLoneSurrogates(text: string): string {
  loneSurrogate.lastIndex = 0;
  return loneSurrogate.test(text) ? text.replace(loneSurrogate, '\uFFFD') : text;
}

/** JSON.parse for untrusted text: the value, with every string and key well formed. Throws as JSON.parse does. */
export function parseUntrustedJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  // Decoded UTF-8 never holds a lone surrogate, so only an escape can bring one: most documents skip the walk.
  return surrogateEscape.test(text) ? repairLoneSurrogates(value) : value;
}

/**
 * A parsed document (JSON or YAML) with every string and key well formed. Objects and arrays are
 * repaired in place, each once (YAML aliases share them); the walk keeps its own stack, so a deeply
 * nested document cannot overflow it.
 */
export function repairLoneSurrogates(value: unknown): unknown {
  if (typeof value === 'string') return withoutLoneSurrogates(value);
  const stack: object[] = typeof value === 'object' && value !== null ? [value] : [];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const holder = stack.pop() as Record<string, unknown>;
    if (seen.has(holder)) continue;
    seen.add(holder);
    const keys = Object.keys(holder);
    const renamed = keys.some((key) => withoutLoneSurrogates(key) !== key);
    const entries = keys.map((key) => [withoutLoneSurrogates(key), holder[key]] as [string, unknown]);
    for (const entry of entries) {
      const item = entry[1];
      if (typeof item === 'string') entry[1] = withoutLoneSurrogates(item);
      else if (typeof item === 'object' && item !== null) stack.push(item);
    }
    if (renamed && !Array.isArray(holder)) for (const key of keys) delete holder[key];
    // defineProperty, not assignment: a "__proto__" key stays an own property, as JSON.parse made it.
    for (const [key, item] of entries) {
      if (renamed || holder[key] !== item)
        Object.defineProperty(holder, key, { value: item, writable: true, enumerable: true, configurable: true });
    }
  }
  return value;
}
