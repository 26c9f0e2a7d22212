/**
 * String formats: the few the Go decoder enforces on built-in types (Quantity,
 * metav1.Time, []byte as base64) and the ones the apiextensions-apiserver
 * validates in CRD schemas. A format kapi does not check here (hostname, email,
 * isbn, creditcard, ...) is accepted: a missed rejection, never a false one.
 */

/** resource.ParseQuantity's grammar: <signed number><binary SI | decimal SI | exponent>. */
const quantity = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

export const quantityMessage = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

export function isQuantity(text: string): boolean {
  return quantity.test(text);
}

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const max = month === 2 && !leap ? 28 : (daysInMonth[month - 1] as number);
  return day <= max;
}

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const rfc3339AnyCase = new RegExp(rfc3339.source, 'i');

/**
 * Go's time.Parse(time.RFC3339, text), which metav1.Time's decoder uses
 * (upper-case T and Z only); `anyCase` is the CRD date-time format, which
 * also takes t and z (seen on a v1.36 apiserver).
 */
export function isRfc3339(text: string, anyCase = false): boolean {
  const m = (anyCase ? rfc3339AnyCase : rfc3339).exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return false;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return false;
  return true;
}

function isDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && validDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Go's base64.StdEncoding, which ignores \r and \n: what []byte fields and format "byte" take. */
export function isBase64(text: string): boolean {
  const compact = text.replace(/[\r\n]/g, '');
  return compact.length % 4 === 0 && /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact);
}

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => /^(?:0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255);
}

function isIPv6(text: string): boolean {
  if (!text.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(text)) return false;
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

function isCidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const ip = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (isIPv4(ip)) return Number(bits) <= 32;
  return isIPv6(ip) && Number(bits) <= 128;
}

const mac =
  /^(?:[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){7}|[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){19}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2,9})$/;

function isMac(text: string): boolean {
  if (!mac.test(text)) return false;
  // One separator throughout, as net.ParseMAC requires.
  const separators = new Set(text.replace(/[0-9A-Fa-f]/g, ''));
  return separators.size === 1;
}

const dns1123Label = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;

function isShortName(text: string): boolean {
  return text.length <= 63 && dns1123Label.test(text);
}

function isLongName(text: string): boolean {
  return text.length <= 253 && text.split('.').every((label) => label.length <= 63 && dns1123Label.test(label));
}

const crdFormats: Record<string, (text: string) => boolean> = {
  'date-time': (text) => isRfc3339(text, true),
  datetime: (text) => isRfc3339(text, true),
  date: isDate,
  byte: isBase64,
  ipv4: isIPv4,
  ipv6: isIPv6,
  cidr: isCidr,
  mac: isMac,
  uuid: (text) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(text),
  uuid3: (text) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(text),
  uuid4: (text) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(text),
  uuid5: (text) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(text),
  bsonobjectid: (text) => /^[0-9a-fA-F]{24}$/.test(text),
  hexcolor: (text) => /^#?(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(text),
  'k8s-short-name': isShortName,
  'k8s-long-name': isLongName,
};

/** Whether a CRD string value satisfies its format; true for formats kapi does not check. */
export function satisfiesCrdFormat(format: string, text: string): boolean {
  const check = Object.hasOwn(crdFormats, format) ? crdFormats[format] : undefined;
  return check === undefined || check(text);
}
