/**
 * Format uri: whether Go's url.ParseRequestURI (Go 1.26, the apiserver's
 * toolchain, with its go.mod's strict colons for http and https hosts)
 * accepts the text. Only the acceptance matters, so this follows the parser's
 * decisions (scheme, authority, host, port, userinfo, %-escapes) without
 * building a URL. Written from the parser's behaviour.
 */
import { parseAddrWithZone } from './format-ip.js';

const isHex = (c: string | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);
const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);

/** Characters net/url lets stand unescaped in a host (it rejects the other ASCII ones). */
const hostPunctuation = new Set([...`!$&'()*+,;=:[]<>"-_.~`]);

type Part = 'path' | 'user' | 'host' | 'zone';

/** net/url's unescape check: every % starts a two-hex escape; hosts and zones also restrict bytes. */
function validEscapes(s: string, part: Part): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) return false;
      const escaped = s.slice(i, i + 3);
      const value = Number.parseInt(escaped.slice(1), 16);
      if (part === 'host' && value < 0x80 && escaped !== '%25') return false;
      if (part === 'zone' && escaped !== '%25' && value !== 0x20 && !isHostAscii(String.fromCharCode(value))) return false;
      i += 2;
    } else if ((part === 'host' || part === 'zone') && c.charCodeAt(0) < 0x80 && !isHostAscii(c)) {
      return false;
    }
  }
  return true;
}

/** An ASCII character net/url leaves unescaped in a host. */
function isHostAscii(c: string): boolean {
  return isAlnum(c) || hostPunctuation.has(c);
}

/** ":" followed by digits only, or nothing. */
function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function validUserinfo(s: string): boolean {
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

function validHost(scheme: string, host: string): boolean {
  const open = host.lastIndexOf('[');
  if (open > 0) return false;
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) return false;
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return false;
    const name = host.slice(1, close);
    const zone = name.indexOf('%25');
    const hostPart = zone >= 0 ? name.slice(0, zone) : name;
    if (!validEscapes(hostPart, 'host')) return false;
    if (zone >= 0 && !validEscapes(name.slice(zone), 'zone')) return false;
    const address = parseAddrWithZone(decodePercent(hostPart) + (zone >= 0 ? decodePercent(name.slice(zone)) : ''));
    return address.valid && !address.ipv4;
  }
  const first = host.indexOf(':');
  if (first >= 0) {
    const last = host.lastIndexOf(':');
    const at = last !== first && (scheme === 'http' || scheme === 'https') ? first : last;
    if (!validOptionalPort(host.slice(at))) return false;
  }
  return validEscapes(host, 'host');
}

/** Decodes escapes already checked by validEscapes (bytes as Latin-1 characters: only ASCII matters to the IP parser). */
function decodePercent(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function validAuthority(scheme: string, authority: string): boolean {
  const at = authority.lastIndexOf('@');
  if (!validHost(scheme, at < 0 ? authority : authority.slice(at + 1))) return false;
  if (at < 0) return true;
  const userinfo = authority.slice(0, at);
  return validUserinfo(userinfo) && validEscapes(userinfo, 'user');
}

export function isRequestUri(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  if (raw === '') return false;
  if (raw === '*') return true;
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(raw);
  if (raw.startsWith(':')) return false;
  const scheme = schemeMatch ? (schemeMatch[1] as string).toLowerCase() : '';
  let rest = schemeMatch ? raw.slice(schemeMatch[0].length) : raw;
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) rest = rest.slice(0, -1);
  else if (rest.includes('?')) rest = rest.slice(0, rest.indexOf('?'));
  if (!rest.startsWith('/')) return scheme !== '';
  if (scheme !== '' && rest.startsWith('//')) {
    const authorityAndPath = rest.slice(2);
    const slash = authorityAndPath.indexOf('/');
    const authority = slash >= 0 ? authorityAndPath.slice(0, slash) : authorityAndPath;
    if (!validAuthority(scheme, authority)) return false;
    rest = slash >= 0 ? authorityAndPath.slice(slash) : '';
  }
  return validEscapes(rest, 'path');
}
