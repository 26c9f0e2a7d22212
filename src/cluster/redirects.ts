/**
 * How kapi follows redirects: as Go's http.Client does for kubectl. GET is
 * followed for 301, 302, 303, 307 and 308, at most 10 times. The Authorization
 * header goes along only to the same host or one of its subdomains (Go's
 * shouldCopyHeaderOnRedirect), and once dropped it stays dropped for the rest
 * of the chain. Userinfo in a Location is never used nor shown.
 */

export const maxRedirects = 10;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** Headers Go drops on a redirect to another domain. */
export const credentialHeaders = ['authorization', 'www-authenticate', 'cookie', 'cookie2'];

/** The URL a response redirects to, resolved against the request's URL, or undefined when it is not a redirect. */
export function redirectLocation(status: number, location: string | undefined, current: string): URL | undefined {
  if (!redirectStatuses.has(status) || !location) return undefined;
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    return undefined;
  }
  next.username = '';
  next.password = '';
  return next;
}

/** Go's isDomainOrSubdomain on host names (ports ignored): "sub.foo.com" may receive foo.com's credentials. */
export function keepsCredentials(initial: URL, next: URL): boolean {
  const from = initial.hostname.toLowerCase();
  const to = next.hostname.toLowerCase();
  if (from === to) return true;
  // An IP literal has no subdomains.
  if (/^[\d.]+$|^\[/.test(from)) return false;
  return to.endsWith(`.${from}`);
}
