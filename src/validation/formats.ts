/**
 * String formats: the few the Go decoder enforces on built-in types (Quantity,
 * metav1.Time, []byte as base64) and every one the apiextensions-apiserver
 * validates in CRD schemas (kube-openapi's strfmt registry, the formats
 * apiextensions-apiserver's formats.go supports at v1.36). A format outside
 * that list is not checked, as the apiserver strips it from the schema.
 */
import { isMailAddress } from './format-email.js';
import { isFormatCidr, isFormatIPv4, isFormatIPv6, isFormatMac } from './format-ip.js';
import {
  isBase64Text,
  isBsonObjectId,
  isCreditCard,
  isFullDate,
  isHexColor,
  isHostname,
  isIsbn10,
  isIsbn13,
  isLongName,
  isRgbColor,
  isShortName,
  isSsn,
  isStrfmtDateTime,
  isStrfmtDuration,
  isUuid,
  validDate,
} from './format-text.js';
import { isRequestUri } from './format-uri.js';

/** resource.ParseQuantity's grammar: <signed number><binary SI | decimal SI | exponent>. */
const quantity = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

export const quantityMessage = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

export function isQuantity(text: string): boolean {
  return quantity.test(text);
}

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const rfc3339AnyCase = new RegExp(rfc3339.source, 'i');

/**
 * Go's time.Parse(time.RFC3339, text), which metav1.Time's decoder uses
 * (upper-case T and Z only); `anyCase` also takes t and z, for CEL's view
 * of a CRD date-time string (the format check itself is isStrfmtDateTime).
 */
export function isRfc3339(text: string, anyCase = false): boolean {
  const m = (anyCase ? rfc3339AnyCase : rfc3339).exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return false;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return false;
  return true;
}

/** Go's base64.StdEncoding, which ignores \r and \n: what []byte fields and format "byte" take. */
export function isBase64(text: string): boolean {
  const compact = text.replace(/[\r\n]/g, '');
  return compact.length % 4 === 0 && /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact);
}

/** The CRD formats by their name without dashes, as strfmt looks them up ("date-time" is "datetime"). */
const crdFormats: Record<string, (text: string) => boolean> = {
  bsonobjectid: isBsonObjectId,
  uri: isRequestUri,
  email: isMailAddress,
  hostname: isHostname,
  ipv4: isFormatIPv4,
  ipv6: isFormatIPv6,
  cidr: isFormatCidr,
  mac: isFormatMac,
  uuid: isUuid(''),
  uuid3: isUuid('3'),
  uuid4: isUuid('4'),
  uuid5: isUuid('5'),
  isbn: (text) => isIsbn10(text) || isIsbn13(text),
  isbn10: isIsbn10,
  isbn13: isIsbn13,
  creditcard: isCreditCard,
  ssn: isSsn,
  hexcolor: isHexColor,
  rgbcolor: isRgbColor,
  byte: isBase64Text,
  password: () => true,
  date: isFullDate,
  duration: isStrfmtDuration,
  datetime: isStrfmtDateTime,
  k8sshortname: isShortName,
  k8slongname: isLongName,
};

/** Each format name seen, with its check (null: not checked). */
const checksByName = new Map<string, ((text: string) => boolean) | null>();

/** Whether a CRD string value satisfies its format; true for formats the apiserver does not check. */
export function satisfiesCrdFormat(format: string, text: string): boolean {
  let check = checksByName.get(format);
  if (check === undefined) {
    const name = format.replaceAll('-', '');
    check = Object.hasOwn(crdFormats, name) ? (crdFormats[name] ?? null) : null;
    if (checksByName.size < 1000) checksByName.set(format, check);
  }
  return check === null || check(text);
}
