/**
 * IP, CIDR and MAC syntax as the apiserver's CRD formats judge it. Two IP
 * parsers are in play there: Go's net.ParseIP (strict since Go 1.17: no
 * leading zeros in an IPv4 octet, at most four hex digits in an IPv6 field)
 * for `ipv6`, and k8s.io/utils/net's ParseIPSloppy / ParseCIDRSloppy (Go 1.16's
 * parser kept for stored values: leading zeros allowed anywhere) for `ipv4`
 * and `cidr`. Written from the behaviour of those parsers, byte by byte.
 */

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const hexValue = (c: string | undefined): number => {
  if (c === undefined) return -1;
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
};

/** Go's net dtoi: a decimal run capped at 0xFFFFFF; [value, digits read] or undefined. */
function leadingDecimal(s: string): [number, number] | undefined {
  let n = 0;
  let i = 0;
  for (; i < s.length && isDigit(s[i]); i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= 0xffffff) return undefined;
  }
  return i === 0 ? undefined : [n, i];
}

/** The length of the IPv4 address at the start of `s`, which must be all of it. */
function sloppyIPv4(s: string): boolean {
  let rest = s;
  for (let octet = 0; octet < 4; octet++) {
    if (octet > 0) {
      if (rest[0] !== '.') return false;
      rest = rest.slice(1);
    }
    const read = leadingDecimal(rest);
    if (read === undefined || read[0] > 255) return false;
    rest = rest.slice(read[1]);
  }
  return rest.length === 0;
}

function strictIPv4(s: string): boolean {
  const octets = s.split('.');
  return octets.length === 4 && octets.every((octet) => /^(?:0|[1-9]\d{0,2})$/.test(octet) && Number(octet) <= 255);
}

/**
 * The IPv6 grammar both parsers share: hex fields separated by colons, one
 * "::" standing for at least one zero field, an optional IPv4 tail in the
 * last 32 bits. They differ in how a field may be written (`sloppy`: any
 * number of leading zeros; strict: at most four digits) and in the tail.
 */
function parseIPv6(text: string, sloppy: boolean): boolean {
  let s = text;
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return true;
  }
  let filled = 0;
  while (filled < 16) {
    let digits = 0;
    let value = 0;
    while (digits < s.length && hexValue(s[digits]) >= 0) {
      value = value * 16 + hexValue(s[digits]);
      digits++;
      if (sloppy ? value >= 0xffffff : digits > 4) return false;
    }
    if (digits === 0 || value > 0xffff) return false;
    if (s[digits] === '.') {
      if ((ellipsis < 0 && filled !== 12) || filled + 4 > 16) return false;
      if (!(sloppy ? sloppyIPv4(s) : strictIPv4(s))) return false;
      s = '';
      filled += 4;
      break;
    }
    filled += 2;
    s = s.slice(digits);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return false;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return false;
      ellipsis = filled;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return false;
  return filled < 16 ? ellipsis >= 0 : ellipsis < 0;
}

/** k8s.io/utils/net.ParseIPSloppy: the first '.' or ':' decides the family. */
function parseIPSloppy(s: string): boolean {
  for (const c of s) {
    if (c === '.') return sloppyIPv4(s);
    if (c === ':') return parseIPv6(s, true);
  }
  return false;
}

/** Go's net.ParseIP: netip.ParseAddr without a zone. */
export function parseIPStrict(s: string): boolean {
  for (const c of s) {
    if (c === '.') return strictIPv4(s);
    if (c === ':') return !s.includes('%') && parseIPv6(s, false);
    if (c === '%') return false;
  }
  return false;
}

/** Format ipv4: ParseIPSloppy accepts it and it has a dot (so "::ffff:1.2.3.4" passes). */
export function isFormatIPv4(s: string): boolean {
  return s.includes('.') && parseIPSloppy(s);
}

/** Format ipv6: net.ParseIP accepts it and it has a colon. */
export function isFormatIPv6(s: string): boolean {
  return s.includes(':') && parseIPStrict(s);
}

/** Format cidr: ParseCIDRSloppy, whose prefix length may have leading zeros. */
export function isFormatCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const address = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  const bits = sloppyIPv4(address) ? 32 : parseIPv6(address, true) ? 128 : 0;
  const read = leadingDecimal(mask);
  return bits > 0 && read !== undefined && read[1] === mask.length && read[0] <= bits;
}

/**
 * Format mac: Go's net.ParseMAC. 6, 8 or 20 octets, as pairs of hex digits
 * joined by the one separator the third character sets (':' or '-'), or as
 * groups of four joined by '.'.
 */
export function isFormatMac(s: string): boolean {
  if (s.length < 14) return false;
  const pairSeparator = s[2];
  if (pairSeparator === ':' || pairSeparator === '-') {
    if ((s.length + 1) % 3 !== 0) return false;
    const octets = (s.length + 1) / 3;
    if (octets !== 6 && octets !== 8 && octets !== 20) return false;
    for (let at = 0; at < s.length; at += 3) {
      if (hexValue(s[at]) < 0 || hexValue(s[at + 1]) < 0) return false;
      if (at + 2 < s.length && s[at + 2] !== pairSeparator) return false;
    }
    return true;
  }
  if (s[4] !== '.' || (s.length + 1) % 5 !== 0) return false;
  const octets = (2 * (s.length + 1)) / 5;
  if (octets !== 6 && octets !== 8 && octets !== 20) return false;
  for (let at = 0; at < s.length; at += 5) {
    for (let k = 0; k < 4; k++) if (hexValue(s[at + k]) < 0) return false;
    if (at + 4 < s.length && s[at + 4] !== '.') return false;
  }
  return true;
}

/** netip.ParseAddr as a URL host uses it: zones allowed; [isValid, isIPv4]. */
export function parseAddrWithZone(s: string): { valid: boolean; ipv4: boolean } {
  for (const c of s) {
    if (c === '.') return { valid: strictIPv4(s), ipv4: true };
    if (c === ':') {
      const percent = s.indexOf('%');
      if (percent >= 0 && percent === s.length - 1) return { valid: false, ipv4: false };
      return { valid: parseIPv6(percent >= 0 ? s.slice(0, percent) : s, false), ipv4: false };
    }
    if (c === '%') return { valid: false, ipv4: false };
  }
  return { valid: false, ipv4: false };
}
