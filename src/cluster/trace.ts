import type { ExchangeListener, HttpExchange } from './exchange.js';

/**
 * Request tracing: `-v 6|7|8` in the structured klog format client-go's
 * debugging round tripper writes in kubectl 1.33+, or `--trace=json` (one
 * object per request and a summary). Every line passes through a Redactor, so
 * no credential reaches stderr at any level.
 */

export interface TraceOptions {
  /** kubectl's -v level; 6 and above trace requests. */
  level: number;
  json: boolean;
  write: (line: string) => void;
  pid?: number;
  /** Defaults to the wall clock; tests pin it. */
  now?: () => number;
}

export interface Tracer {
  listener: ExchangeListener;
  /** Values that must never be printed (tokens, passwords, client keys and certificates). */
  addSecrets(values: Array<string | Buffer | undefined>): void;
  /** Writes the closing summary (JSON mode only); call once at the end. */
  finish(): void;
}

/** Where a traced request's answer came from. */
export type TraceSource = 'aggregated' | 'legacy' | 'registrations' | 'version' | 'openapi' | 'cache' | 'other';

/** One `--trace=json` line per request. */
export interface TraceRequestRecord {
  id: number;
  method: string;
  /** Full URL, credentials masked. */
  url: string;
  /** HTTP status code, or null when no response arrived. */
  status: number | null;
  durationMs: number;
  /** Response bytes on the wire (compressed size when gzip was used). */
  bytes: number;
  source: TraceSource;
  /** The caller's label for the request (e.g. "discovery", "legacy", "registrations"). */
  purpose: string | null;
  fromCache: boolean;
  attempt: number;
  error?: string;
}

/** The last `--trace=json` line. */
export interface TraceSummaryRecord {
  summary: { requests: number; bytes: number; wallMs: number; errors: number };
}

export function createTracer(options: TraceOptions): Tracer {
  const now = options.now ?? (() => performance.timeOrigin + performance.now());
  const started = now();
  const redactor = new Redactor();
  let requests = 0;
  let bytes = 0;
  let errors = 0;
  const listener: ExchangeListener = (exchange) => {
    requests++;
    bytes += exchange.bytes;
    if (exchange.status === undefined || exchange.status >= 400) errors++;
    redactor.learn(exchange.requestHeaders);
    const masked = redactor.maskExchange(exchange);
    if (options.json) options.write(`${redactor.mask(JSON.stringify(traceRecord(masked)))}\n`);
    else if (options.level >= 6) options.write(redactor.mask(formatKlogExchange(masked, options.level, options.pid ?? process.pid)));
  };
  return {
    listener,
    addSecrets: (values) => redactor.add(values),
    finish() {
      if (!options.json) return;
      const summary: TraceSummaryRecord = { summary: { requests, bytes, wallMs: Math.round(now() - started), errors } };
      options.write(`${JSON.stringify(summary)}\n`);
    },
  };
}

export function traceRecord(exchange: HttpExchange): TraceRequestRecord {
  return {
    id: exchange.id,
    method: exchange.method,
    url: exchange.url,
    status: exchange.status ?? null,
    durationMs: Math.round(exchange.durationMs),
    bytes: exchange.bytes,
    source: traceSource(exchange),
    purpose: exchange.purpose ?? null,
    fromCache: exchange.fromCache === true,
    attempt: exchange.attempt,
    ...(exchange.error ? { error: exchange.error } : {}),
  };
}

/** Discovery roots answer in either protocol; the Content-Type says which. */
export function traceSource(exchange: HttpExchange): TraceSource {
  if (exchange.fromCache) return 'cache';
  const purpose = exchange.purpose ?? '';
  if (purpose === 'discovery' || purpose === 'aggregated') {
    return (exchange.responseHeaders?.['content-type'] ?? '').includes('apidiscovery.k8s.io') ? 'aggregated' : 'legacy';
  }
  if (purpose === 'legacy' || purpose === 'registrations' || purpose === 'version') return purpose;
  if (purpose.startsWith('openapi')) return 'openapi';
  return 'other';
}

// ---------------------------------------------------------------- klog lines

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
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
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

const knownAuthTypes = new Set(['bearer', 'basic', 'negotiate']);

/** client-go's maskValue: keep a known scheme, mask the credential; unknown schemes are masked whole. */
export function maskAuthorization(name: string, value: string): string {
  if (name.toLowerCase() !== 'authorization' || value === '') return value;
  const space = value.indexOf(' ');
  const scheme = space > 0 ? value.slice(0, space) : value;
  if (!knownAuthTypes.has(scheme.toLowerCase())) return '<masked>';
  return value.length > scheme.length + 1 ? `${scheme} <masked>` : scheme;
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

// ---------------------------------------------------------------- masking

const mask = '<masked>';
/** PEM private keys, in clear or base64-encoded ("-----BEGIN" is "LS0tLS1CRUdJTi" in base64). */
const pemPrivateKey = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
const base64Pem = /LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g;
/** Bearer and Basic credentials written anywhere in a line. */
const inlineAuthorization = /\b(Bearer|Basic)\s+(?!<masked>)[A-Za-z0-9._~+/=:-]{16,}/g;
/** Query parameters that carry credentials (e.g. ?access_token= on some proxies). */
const credentialQuery = /([?&](?:access_token|token|password|secret)=)[^&\s"]+/gi;
/** JSON fields that hold credentials: kubeconfig users, ExecCredential status, TokenRequest status. */
const credentialFields =
  /("(?:token|password|client-key-data|client-certificate-data|clientKeyData|clientCertificateData|access-token|id-token|refresh-token|idToken|refreshToken)"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/**
 * Removes every credential kapi knows of (the tokens and passwords it sends,
 * the client key and certificate it presents) and every credential-shaped
 * text (PEM private keys, Bearer/Basic values, credential JSON fields) from a line.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(values: Array<string | Buffer | undefined>): void {
    for (const value of values) {
      if (value === undefined) continue;
      const text = Buffer.isBuffer(value) ? value.toString('utf8') : value;
      this.addOne(text.trim());
      this.addOne(Buffer.from(text).toString('base64'));
      // A PEM block: each base64 line of its body is secret too.
      for (const line of text.split('\n')) if (!line.startsWith('-----')) this.addOne(line.trim());
    }
  }

  /** Learns the credentials in request headers: the bearer token, and the basic user:password. */
  learn(headers: Record<string, string>): void {
    for (const [name, value] of Object.entries(headers)) {
      if (name.toLowerCase() !== 'authorization') continue;
      const [scheme, credential] = value.split(/\s+/, 2) as [string, string | undefined];
      if (!credential) {
        this.addOne(value);
        continue;
      }
      this.addOne(credential);
      if (scheme.toLowerCase() === 'basic') {
        const decoded = Buffer.from(credential, 'base64').toString('utf8');
        this.addOne(decoded);
        const colon = decoded.indexOf(':');
        if (colon >= 0) this.addOne(decoded.slice(colon + 1));
      }
    }
  }

  /**
   * A copy of the exchange with credentials removed from the URL, header
   * values, body and error, before any quoting can hide them from the patterns.
   * Authorization keeps its scheme (client-go's format masks it again).
   */
  maskExchange(exchange: HttpExchange): HttpExchange {
    const maskHeaders = (headers: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [
          name,
          name.toLowerCase() === 'authorization' ? maskAuthorization(name, value) : this.mask(value),
        ]),
      );
    const body = exchange.body;
    const textBody = body !== undefined && !body.some((byte) => byte < 0x0a);
    return {
      ...exchange,
      url: this.mask(exchange.url),
      requestHeaders: maskHeaders(exchange.requestHeaders),
      responseHeaders: exchange.responseHeaders && maskHeaders(exchange.responseHeaders),
      body: body && (textBody ? Buffer.from(this.mask(body.toString('utf8'))) : Buffer.from(this.mask(body.toString('latin1')), 'latin1')),
      error: exchange.error && this.mask(exchange.error),
    };
  }

  mask(text: string): string {
    let out = text
      .replace(pemPrivateKey, mask)
      .replace(base64Pem, mask)
      .replace(credentialFields, `$1"${mask}"`)
      .replace(inlineAuthorization, `$1 ${mask}`)
      .replace(credentialQuery, `$1${mask}`);
    // Longest first, so a secret containing another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.replaceAll(secret, mask);
    for (const secret of this.secrets) {
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret) out = out.replaceAll(escaped, mask);
    }
    return out;
  }

  private addOne(value: string): void {
    // Short values (a user name, "1") would mask ordinary text; credentials are longer.
    if (value.length >= 8) this.secrets.add(value);
  }
}
