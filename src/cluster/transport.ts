import http from 'node:http';
import https from 'node:https';
import { ExitCode, HttpError } from '../errors.js';
import { defaultMaxResponseBytes, formatByteSize } from '../limits/bytes.js';
import { kapiVersion } from '../version.js';
import { monotonicMs } from './clock.js';
import { ConnectionGate } from './connection-gate.js';
import type { ExchangeListener, HttpExchange, RequestPurpose } from './exchange.js';
import { formatGoDuration } from './go-duration.js';
import { credentialHeaders, keepsCredentials, maxRedirects, redirectLocation } from './redirects.js';

/** What the transport needs to reach one server; produced by connection.ts. */
export interface TransportTarget {
  server: string;
  tls: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized?: boolean; servername?: string };
  /** Authentication and impersonation headers, applied to every request; a list is sent as repeated headers (Impersonate-Group). */
  headers: Record<string, string | string[]>;
}

export interface TransportOptions {
  /** 0 means no timeout, like kubectl's --request-timeout=0. */
  timeoutMs: number;
  /** Requests in flight at once (and sockets per agent). */
  maxConcurrency: number;
  /** Connections opened at once before the server has answered on them (see connection-gate.ts); 2 by default. */
  maxUnansweredConnections?: number;
  /** Extra attempts for idempotent GETs answered 429 or 5xx. */
  retries: number;
  retryBaseDelayMs: number;
  userAgent: string;
  /** The largest body read, on the wire and after gunzip; a larger one fails while it streams in. */
  maxResponseBytes: number;
  /** Ask for gzip (off with --disable-compression, as in kubectl). */
  compression?: boolean;
  onExchange?: ExchangeListener;
  /** Numbers exchanges; sessions that share a tracer share it, so ids stay unique. */
  ids?: () => number;
}

export interface HttpResponse {
  url: string;
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface GetOptions {
  accept?: string;
  /** Extra request headers, e.g. If-None-Match to revalidate a cached answer. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  purpose: RequestPurpose;
}

export const defaultTransportOptions: TransportOptions = {
  timeoutMs: 32_000,
  maxConcurrency: 16,
  retries: 2,
  retryBaseDelayMs: 250,
  maxResponseBytes: defaultMaxResponseBytes,
  userAgent: `kapi/${kapiVersion} (${process.platform}/${process.arch}) node/${process.version}`,
};

/**
 * The one way kapi talks HTTP: auth, TLS, timeouts, bounded concurrency (and
 * new connections opened a few at a time: connection-gate.ts),
 * bounded retries and a tracing hook. Nothing else opens a connection.
 */
export class Transport {
  private readonly agent: http.Agent;
  /** For a redirect that changes the scheme (Go's client follows https -> http too). */
  private otherAgent?: http.Agent;
  private readonly gate: ConnectionGate;
  private readonly base: URL;
  private nextId = 1;

  constructor(
    readonly target: TransportTarget,
    readonly options: TransportOptions = defaultTransportOptions,
  ) {
    this.base = new URL(target.server);
    this.base.username = '';
    this.base.password = '';
    this.gate = new ConnectionGate(options.maxConcurrency, options.maxUnansweredConnections ?? 2);
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, maxSockets: options.maxConcurrency, ...target.tls })
        : new http.Agent({ keepAlive: true, maxSockets: options.maxConcurrency });
  }

  /** The URL kapi requests for an API path, with kubectl's ?timeout= parameter. */
  urlFor(path: string): string {
    const url = new URL(this.base.toString());
    const [pathname, query] = path.split('?', 2) as [string, string | undefined];
    url.pathname = `${url.pathname.replace(/\/$/, '')}${pathname}`;
    url.search = query ?? '';
    if (this.options.timeoutMs > 0) url.searchParams.set('timeout', formatGoDuration(this.options.timeoutMs));
    return url.toString();
  }

  async get(path: string, options: GetOptions): Promise<HttpResponse> {
    const url = this.urlFor(path);
    for (let attempt = 1; ; attempt++) {
      const response = await this.gate.run(() => this.followRedirects(url, attempt, options));
      if (!this.shouldRetry(response, attempt)) return response;
      await delay(this.retryDelayMs(response, attempt), options.signal);
    }
  }

  /** A POST of a JSON body (e.g. a SubjectAccessReview). Never retried: a create is not idempotent. */
  async post(path: string, body: unknown, options: GetOptions): Promise<HttpResponse> {
    const url = this.urlFor(path);
    return this.gate.run(() => this.once('POST', url, 1, options, Buffer.from(JSON.stringify(body))));
  }

  close(): void {
    this.agent.destroy();
    this.otherAgent?.destroy();
  }

  /** One GET, following redirects as Go's http.Client does (see redirects.ts); each hop is its own exchange. */
  private async followRedirects(url: string, attempt: number, options: GetOptions): Promise<HttpResponse> {
    const initial = new URL(url);
    let current = url;
    let credentials = true;
    for (let hop = 0; ; hop++) {
      const response = await this.once('GET', current, attempt, options, undefined, credentials);
      const next = redirectLocation(response.status, response.headers.location, current);
      if (!next) return response;
      if (!/^https?:$/.test(next.protocol)) {
        throw new HttpError('redirect', `redirected to an unsupported scheme ${next.protocol}`, ExitCode.server, {
          method: 'GET',
          url: current,
          status: response.status,
        });
      }
      if (hop + 1 > maxRedirects) {
        throw new HttpError('redirect', `stopped after ${maxRedirects} redirects`, ExitCode.server, {
          method: 'GET',
          url: current,
          status: response.status,
        });
      }
      credentials &&= keepsCredentials(initial, next);
      current = next.toString();
    }
  }

  private shouldRetry(response: HttpResponse, attempt: number): boolean {
    if (attempt > this.options.retries) return false;
    if (response.status === 429) return true;
    // An aggregated API that is down answers 503 every time; retrying it only
    // delays the answer, so 503 is retried only when the server asks for it.
    if (response.status === 503) return response.headers['retry-after'] !== undefined;
    return response.status >= 500;
  }

  private retryDelayMs(response: HttpResponse, attempt: number): number {
    const retryAfter = Number(response.headers['retry-after']);
    if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter, 5) * 1000;
    return this.options.retryBaseDelayMs * 2 ** (attempt - 1);
  }

  private once(
    method: string,
    url: string,
    attempt: number,
    options: GetOptions,
    body?: Buffer,
    credentials = true,
  ): Promise<HttpResponse> {
    const sent: Record<string, string | string[]> = {
      Accept: options.accept ?? 'application/json, */*',
      'User-Agent': this.options.userAgent,
      ...(this.options.compression === false ? {} : { 'Accept-Encoding': 'gzip' }),
      ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(body.length) } : {}),
      ...options.headers,
      ...this.target.headers,
    };
    if (!credentials) for (const name of Object.keys(sent)) if (credentialHeaders.includes(name.toLowerCase())) delete sent[name];
    const requestHeaders = Object.fromEntries(Object.entries(sent).map(([name, value]) => [name, [value].flat().join(', ')]));
    const exchange: HttpExchange = {
      id: this.options.ids?.() ?? this.nextId++,
      method,
      url,
      startedAt: new Date(),
      requestHeaders,
      bytes: 0,
      durationMs: 0,
      purpose: options.purpose,
      attempt,
    };
    const started = monotonicMs();
    const timeoutSignal = this.options.timeoutMs > 0 ? AbortSignal.timeout(this.options.timeoutMs) : undefined;
    const signals = [timeoutSignal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
    const secure = new URL(url).protocol === 'https:';
    const client = secure ? https : http;
    const agent = secure === (this.base.protocol === 'https:') ? this.agent : this.agentFor(secure);

    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        exchange.durationMs = monotonicMs() - started;
        const timedOut = timeoutSignal?.aborted === true;
        exchange.error = timedOut ? 'timeout' : error.message;
        this.options.onExchange?.(exchange);
        reject(this.networkError(method, url, error, timedOut, exchange.durationMs));
      };
      const maxBytes = this.options.maxResponseBytes;
      const tooLarge = () => {
        if (settled) return;
        settled = true;
        exchange.durationMs = monotonicMs() - started;
        exchange.error = 'too large';
        this.options.onExchange?.(exchange);
        request.destroy();
        reject(this.tooLargeError(method, url, exchange.durationMs));
      };
      const request = client.request(url, { method, headers: sent, agent, signal }, (res) => {
        this.gate.answeredOn(res.socket);
        if (Number(res.headers['content-length']) > maxBytes) return tooLarge();
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          exchange.bytes += chunk.length;
          if (exchange.bytes > maxBytes) return tooLarge();
          chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('end', () => {
          if (settled) return;
          let body = Buffer.concat(chunks);
          try {
            // node:zlib loads with the first compressed (large) answer: 3 ms of start-up a short run does without.
            if (res.headers['content-encoding'] === 'gzip')
              body = process.getBuiltinModule('node:zlib').gunzipSync(body, { maxOutputLength: maxBytes });
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') tooLarge();
            else fail(error as Error);
            return;
          }
          const headers = flattenHeaders(res.headers);
          exchange.durationMs = monotonicMs() - started;
          exchange.status = res.statusCode ?? 0;
          exchange.statusText = res.statusMessage ?? '';
          exchange.responseHeaders = headers;
          exchange.body = body;
          settled = true;
          this.options.onExchange?.(exchange);
          resolve({ url, status: exchange.status, statusText: exchange.statusText, headers, body });
        });
      });
      request.on('error', fail);
      request.end(body);
    });
  }

  private tooLargeError(method: string, url: string, totalMs: number): HttpError {
    const limit = formatByteSize(this.options.maxResponseBytes);
    return new HttpError('too-large', `the response is larger than ${limit} (--max-response-bytes)`, ExitCode.server, {
      method,
      url,
      timings: { totalMs },
    });
  }

  private agentFor(secure: boolean): http.Agent {
    this.otherAgent ??= secure
      ? new https.Agent({ keepAlive: true, maxSockets: this.options.maxConcurrency, ...this.target.tls })
      : new http.Agent({ keepAlive: true, maxSockets: this.options.maxConcurrency });
    return this.otherAgent;
  }

  private networkError(method: string, url: string, error: Error, timedOut: boolean, totalMs: number): HttpError {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const detail = { method, url, timings: { totalMs }, cause: error };
    if (timedOut) {
      const limit = formatGoDuration(this.options.timeoutMs);
      return new HttpError('timeout', `no response within ${limit} (--request-timeout)`, ExitCode.unreachable, detail);
    }
    if (error.name === 'AbortError') {
      return new HttpError('aborted', `the request was cancelled`, ExitCode.unreachable, detail);
    }
    const tls = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code);
    const why = tls ? `TLS verification failed: ${error.message}` : error.message;
    return new HttpError(tls ? 'tls' : 'unreachable', `${why}`, ExitCode.unreachable, detail);
  }
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Waits between retries; an abort ends the wait at once, and the listener never outlives it. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
