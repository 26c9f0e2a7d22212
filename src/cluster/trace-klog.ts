import { compareBytes } from '../surface/vocabulary.js';
import type { HttpExchange } from './exchange.js';
import { maskAuthorization } from './redact.js';

/**
 * `-v 6|7|8`: one request in the structured klog format client-go's
 * debugging round tripper writes in kubectl 1.33+. Pure; masking happens before.
 */

/** Source locations kubectl v1.36 prints for each line (client-go v0.36). */
const requestLocation = 'round_trippers.go:527';
const responseLocation = 'round_trippers.go:632';

/** Where kubectl logs the body of the equivalent request (the caller of rest.Request.Do). */
function bodyLocation(exchange: HttpExchange): string {
  const path = new URL(exchange.url).pathname;
  if (exchange.purpose === 'discovery') return path.endsWith('/api') ? 'discovery_client.go:255' : 'discovery_client.go:318';
  if (exchange.purpose === 'legacy') return 'discovery_client.go:413';
  if (exchange.purpose === 'version') return 'discovery_client.go:667';
  return 'request.go:1158';
}

/**
 * The lines client-go writes for one request at a level: 6 the "Response"
 * line with verb, url, status and milliseconds; 7 a "Request" line with the
 * headers, then status and milliseconds; 8 adds response headers and the
 * bodies, truncated to 1024 bytes (10240 at 9, whole at 10).
 */
export function formatKlogExchange(exchange: HttpExchange, level: number, pid: number): string {
  const start = exchange.startedAt.getTime();
  const end = start + exchange.durationMs;
  const header = (time: number, location: string) => klogHeader(time, pid, location);
  const status = exchange.status === undefined ? '' : `${exchange.status} ${exchange.statusText ?? ''}`.trim();
  const milliseconds = Math.floor(exchange.durationMs);
  if (level < 7) {
    return `${header(end, responseLocation)} "Response" verb=${goQuote(exchange.method)} url=${goQuote(exchange.url)} status=${goQuote(status)} milliseconds=${milliseconds}\n`;
  }
  const lines: string[] = [];
  if (level >= 8) lines.push(`${header(start, bodyLocation(exchange))} "Request Body"${kv('body', '')}`);
  lines.push(
    `${header(start, requestLocation)} "Request"${kv('verb', exchange.method)}${kv('url', exchange.url)}${kv('headers', headerBlock(exchange.requestHeaders, true))}`,
  );
  const responseHeaders = level >= 8 ? kv('headers', headerBlock(exchange.responseHeaders ?? {}, false)) : '';
  lines.push(`${header(end, responseLocation)} "Response"${kv('status', status)}${responseHeaders} milliseconds=${milliseconds}`);
  if (level >= 8 && exchange.body !== undefined) {
    lines.push(`${header(end, bodyLocation(exchange))} "Response Body"${kv('body', truncateBody(printableBody(exchange.body), level))}`);
  }
  return `${lines.join('\n')}\n`;
}

/** klog's header: I<mmdd hh:mm:ss.micros> <pid padded to 7> <file:line>] */
export function klogHeader(epochMs: number, pid: number, location: string): string {
  const totalMicros = Math.floor(epochMs * 1000);
  const time = new Date(Math.floor(totalMicros / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const micros = String(totalMicros % 1_000_000).padStart(6, '0');
  const stamp = `${two(time.getMonth() + 1)}${two(time.getDate())} ${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}.${micros}`;
  return `I${stamp} ${String(pid).padStart(7)} ${location}]`;
}

/** A klog key/value pair: a quoted string, or a multi-line block `key=<\n\t...\n >`. */
function kv(key: string, value: string): string {
  if (!value.includes('\n')) return ` ${key}=${goQuote(value)}`;
  const lines = value.split('\n');
  const endsWithNewline = value.endsWith('\n');
  const body = (endsWithNewline ? lines.slice(0, -1) : lines).map((line) => `\t${line}\n`).join('');
  return ` ${key}=<\n${body} >`;
}

/** Headers sorted by canonical name, one `Name: value` line each, Authorization masked as client-go does. */
export function headerBlock(headers: Record<string, string>, request: boolean): string {
  const entries = Object.entries(headers)
    .filter(([name]) => !transportHeaders.has(name.toLowerCase()))
    .map(([name, value]) => [canonicalHeaderKey(name), value] as const);
  entries.sort(([a], [b]) => compareBytes(a, b));
  return entries
    .map(([name, value]) => `${name}: ${request || name === 'Authorization' ? maskAuthorization(name, value) : value}\n`)
    .join('');
}

/**
 * Headers Go's HTTP transport adds or strips below client-go's logging layer,
 * so kubectl never prints them: compression is negotiated by the transport,
 * and Transfer-Encoding is moved out of the header map.
 */
const transportHeaders = new Set(['accept-encoding', 'transfer-encoding']);

/** Go's textproto.CanonicalMIMEHeaderKey for ordinary header names. */
export function canonicalHeaderKey(name: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) return name;
  return name
    .split('-')
    .map((part) => (part === '' ? part : part[0]?.toUpperCase() + part.slice(1).toLowerCase()))
    .join('-');
}

/** client-go dumps bodies containing control characters below \n as hex; the rest as text. */
function printableBody(body: Buffer): string {
  if (body.some((byte) => byte < 0x0a)) return hexDump(body);
  return body.toString('utf8');
}

function truncateBody(body: string, level: number): string {
  if (level >= 10) return body;
  const max = level >= 9 ? 10240 : 1024;
  const bytes = Buffer.from(body, 'utf8');
  if (bytes.length <= max) return body;
  return `${bytes.subarray(0, max).toString('utf8')} [truncated ${bytes.length - max} chars]`;
}

/** Go's encoding/hex.Dump. */
function hexDump(data: Buffer): string {
  let out = '';
  for (let offset = 0; offset < data.length; offset += 16) {
    const chunk = data.subarray(offset, offset + 16);
    let hex = '';
    for (let i = 0; i < 16; i++) {
      hex += i < chunk.length ? `${(chunk[i] as number).toString(16).padStart(2, '0')} ` : '   ';
      if (i === 7) hex += ' ';
    }
    const ascii = [...chunk].map((byte) => (byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : '.')).join('');
    out += `${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|\n`;
  }
  return out;
}

/** Go's strconv.Quote for the characters discovery and HTTP produce. */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0xfffd) out += '\\ufffd';
    else out += char;
  }
  return `${out}"`;
}
