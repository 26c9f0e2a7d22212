import type { HttpExchange, RequestPurpose } from './exchange.js';

/** `--trace=json`: one object per request, and a summary at the end. Pure; masking happens after. */

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
  /** What the request was for. */
  purpose: RequestPurpose;
  fromCache: boolean;
  attempt: number;
  error?: string;
}

/** One line of `--trace=json` on stderr (schemas/trace.schema.json). */
export type TraceRecord = TraceRequestRecord | TraceSummaryRecord;

/** The last `--trace=json` line. */
export interface TraceSummaryRecord {
  summary: { requests: number; bytes: number; wallMs: number; errors: number };
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
    purpose: exchange.purpose,
    fromCache: exchange.fromCache === true,
    attempt: exchange.attempt,
    ...(exchange.error ? { error: exchange.error } : {}),
  };
}

/** Discovery roots answer in either protocol; the Content-Type says which. */
export function traceSource(exchange: HttpExchange): TraceSource {
  if (exchange.fromCache) return 'cache';
  const purpose = exchange.purpose;
  if (purpose === 'discovery') {
    return (exchange.responseHeaders?.['content-type'] ?? '').includes('apidiscovery.k8s.io') ? 'aggregated' : 'legacy';
  }
  if (purpose === 'legacy' || purpose === 'registrations' || purpose === 'version') return purpose;
  if (purpose.startsWith('openapi')) return 'openapi';
  return 'other';
}
