/**
 * The textual CRD string formats of kube-openapi's strfmt registry (the one
 * the apiextensions-apiserver validates with): hostname, date-time, duration,
 * ISBN, credit card, SSN, colours, base64, BSON object ids. Each follows the
 * Go check's decisions, written from its behaviour: Go's `\s` and `\d` are
 * ASCII, its lengths are UTF-8 bytes, its `.` is any character but "\n".
 */

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

// A hostname label character: ASCII letter or digit, or any Unicode letter or symbol.
const labelChar = String.raw`[a-zA-Z0-9\p{S}\p{L}]`;
const labelCharOrDash = String.raw`[a-zA-Z0-9\p{S}\p{L}-]`;
const topLevelChar = String.raw`[a-zA-Z\p{L}]`;
/**
 * strfmt's hostname grammar: a single label (one character, then at most one
 * dash and up to 62 more characters: "a-host" passes, "my-host" does not), or
 * labels ending in '.' followed by a top-level domain of 2 to 63 letters.
 */
const hostname = new RegExp(
  `^(?:${labelChar}(?:-?${labelChar}{0,62})?|(?:${labelChar}(?:${labelCharOrDash}{0,61}${labelChar})?\\.)+${topLevelChar}{2,63})$`,
  'u',
);

export function isHostname(text: string): boolean {
  return hostname.test(text) && utf8Length(text) <= 255 && text.split('.').every((label) => utf8Length(label) <= 63);
}

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const max = month === 2 && !leap ? 28 : (daysInMonth[month - 1] as number);
  return day <= max;
}

/** time.Parse("2006-01-02", text). */
export function isFullDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && validDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * strfmt's date-time: the text lower-cased and split at each 't'; the first
 * piece a full date, the second a clock time with a zone ('z' or any ±hh:mm,
 * unchecked); hours, minutes and seconds at most 23, 59, 59. Pieces after a
 * second 't' are not looked at. One pattern for all of it: the clock piece
 * holds no 't', so its fraction separator (Go's `.`, any character but "\n")
 * is none either.
 */
const dateTime = /^(\d{4})-(\d{2})-(\d{2})[tT](\d{2}):(\d{2}):(\d{2})(?:[^\ntT]\d+)?(?:[zZ]|[+-]\d{2}:\d{2})(?:[tT][\s\S]*)?$/u;

export function isStrfmtDateTime(text: string): boolean {
  const m = dateTime.exec(text);
  return (
    m !== null && validDate(Number(m[1]), Number(m[2]), Number(m[3])) && Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 59
  );
}

const int64Max = (1n << 63n) - 1n;
const goUnits: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n, // U+00B5
  μs: 1000n, // U+03BC
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go's time.ParseDuration: [-+] then number-unit pairs ("1.5h", "300ms", ".5s"), or "0"; no overflow past 2^63. */
function isGoDuration(text: string): boolean {
  let s = text;
  const negative = s.startsWith('-');
  if (s.startsWith('-') || s.startsWith('+')) s = s.slice(1);
  if (s === '0') return true;
  if (s === '') return false;
  let total = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s) as RegExpExecArray;
    const whole = m[1] as string;
    const fraction = m[2];
    if (whole === '' && (fraction === undefined || fraction === '')) return false;
    s = s.slice(m[0].length);
    const unitLength = s.search(/[.0-9]/);
    const unit = unitLength < 0 ? s : s.slice(0, unitLength);
    const scale = goUnits[unit];
    if (unit === '' || scale === undefined) return false;
    s = s.slice(unit.length);
    const value = BigInt(whole === '' ? '0' : whole);
    if (value > 1n << 63n) return false;
    let amount = value * scale;
    if (amount > 1n << 63n) return false;
    if (fraction) amount += BigInt(Math.trunc(Number(`0.${fraction}`) * Number(scale)));
    total += amount;
    if (amount > 1n << 63n || total > 1n << 63n) return false;
  }
  return negative || total <= int64Max;
}

/** Scala-style units strfmt also takes: the last spelling of each is a prefix ("5 seconds", "2 hours"). */
const scalaUnits = [
  ['ns', 'nano'],
  ['us', 'µs', 'micro'],
  ['ms', 'milli'],
  ['s', 'sec'],
  ['m', 'min'],
  ['h', 'hr', 'hour'],
  ['d', 'day'],
  ['w', 'wk', 'week'],
];

/**
 * strfmt's duration: Go's syntax, or else any "<digits> <letters>" anywhere
 * in the text whose letters name a unit (the rest of the text is ignored);
 * digits beyond int64 anywhere make it invalid.
 */
export function isStrfmtDuration(text: string): boolean {
  if (isGoDuration(text)) return true;
  let ok = false;
  for (const match of text.matchAll(/(\d+)[\t\n\f\r ]*([A-Za-zµ]+)/g)) {
    if (BigInt(match[1] as string) > int64Max) return false;
    const unit = (match[2] as string).toLowerCase();
    for (const spellings of scalaUnits) {
      const last = spellings.length - 1;
      if (spellings.some((spelling, i) => (i === last && unit.startsWith(spelling)) || spelling === unit)) ok = true;
    }
  }
  return ok;
}

function isbn10(digits: string): boolean {
  if (!/^(?:\d{9}X|\d{10})$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (i + 1) * Number(digits[i]);
  sum += 10 * (digits[9] === 'X' ? 10 : Number(digits[9]));
  return sum % 11 === 0;
}

function isbn13(digits: string): boolean {
  if (!/^\d{13}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * Number(digits[i]);
  return Number(digits[12]) === (10 - (sum % 10)) % 10;
}

/** ISBNs with spaces and dashes anywhere (Go's `\s`: tab, newline, form feed, carriage return, space). */
const isbnDigits = (text: string) => text.replace(/[\t\n\f\r -]+/g, '');
export const isIsbn10 = (text: string) => isbn10(isbnDigits(text));
export const isIsbn13 = (text: string) => isbn13(isbnDigits(text));

const cardNumber =
  /^(?:4\d{12}(?:\d{3})?|5[1-5]\d{14}|6(?:011|5\d\d)\d{12}|3[47]\d{13}|3(?:0[0-5]|[68]\d)\d{11}|(?:2131|1800|35\d{3})\d{11})$/;

/** A card number of a known issuer's shape once every non-digit is dropped, passing the Luhn check. */
export function isCreditCard(text: string): boolean {
  const digits = text.replace(/[^0-9]+/g, '');
  if (!cardNumber.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let digit = Number(digits[i]);
    if (double) digit = digit * 2 >= 10 ? ((digit * 2) % 10) + 1 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Eleven bytes: three digits, two, four, separated by '-' or ' '. */
export const isSsn = (text: string) => text.length === 11 && /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(text);

export const isHexColor = (text: string) => /^#?(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(text);

const octet = '(?:0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])';
const space = '[\\t\\n\\f\\r ]*';
const rgb = new RegExp(`^rgb\\(${space}${octet}${space},${space}${octet}${space},${space}${octet}${space}\\)$`);
export const isRgbColor = (text: string) => rgb.test(text);

/** The byte format's check: whole groups of four base64 characters, the last one possibly padded; not empty, no newlines. */
export const isBase64Text = (text: string) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/.test(text);

export const isBsonObjectId = (text: string) => /^[0-9a-fA-F]{24}$/.test(text);

/** UUIDs in any case, dashes optional; uuid3/4/5 fix the version digit, uuid4/5 the variant too. */
const uuids = {
  '': /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
  '3': /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
  '4': /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i,
  '5': /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i,
};
export const isUuid = (version: keyof typeof uuids) => (text: string) => uuids[version].test(text);

const dnsLabel = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
/** k8s-short-name: a lower-case DNS label of at most 63 bytes. */
export const isShortName = (text: string) => text.length <= 63 && dnsLabel.test(text);
/** k8s-long-name: dot-separated lower-case labels, at most 253 bytes in all (no per-label limit, unlike a DNS subdomain). */
export const isLongName = (text: string) => text.length <= 253 && text.split('.').every((label) => dnsLabel.test(label));
