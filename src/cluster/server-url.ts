import { ConfigError } from '../errors.js';

/** A server address as kapi uses it: never with credentials in it. */
export interface ServerAddress {
  /** The URL with any userinfo removed: the only form stored, printed or used as a cache key. */
  url: string;
  /** Credentials that were in the URL; sent as basic auth, as Go's http client sends them. */
  userinfo?: { username: string; password: string };
}

/**
 * kubectl's reading of a server address: a host or host:port without a scheme
 * is http://, and a path is refused then (client-go's DefaultServerURL). client-go
 * would pick https:// when TLS is configured, but kubectl decides whether the
 * connection is TLS from the address alone, before it reads the CA or the
 * client certificate, so for kubectl a bare host:port is always http.
 */
export function serverAddress(server: string): ServerAddress {
  const invalid = () => new ConfigError(`invalid server "${withoutUserinfo(server)}": host must be a URL or a host:port pair`);
  let text = server;
  let url = parse(text);
  if (!url || !/^https?:$/.test(url.protocol) || url.host === '') {
    text = `http://${server}`;
    url = parse(text);
    if (server === '' || !url || (url.pathname !== '' && url.pathname !== '/')) throw invalid();
  }
  if (url.username === '' && url.password === '') return { url: text };
  const userinfo = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  return { url: withoutUserinfo(text), userinfo };
}

/** A URL with its userinfo removed; text that is not a URL is returned as it is. */
export function withoutUserinfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1');
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
