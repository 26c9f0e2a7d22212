/**
 * One HTTP request and its outcome, as the transport reports it to tracing.
 * Headers are as sent and received; masking happens when they are formatted.
 */
export interface HttpExchange {
  id: number;
  method: string;
  /** Full URL with the query string, credentials never included. */
  url: string;
  startedAt: Date;
  requestHeaders: Record<string, string>;
  status?: number;
  statusText?: string;
  responseHeaders?: Record<string, string>;
  /** Decoded response body. */
  body?: Buffer;
  /** Bytes received on the wire (compressed size when gzip was used). */
  bytes: number;
  durationMs: number;
  /** Set when no response arrived (refused, timeout, TLS). */
  error?: string;
  /** What the request was for, e.g. "aggregated", "legacy", "openapi-v3", "apiservices". */
  purpose?: string;
  /** True when served from kapi's discovery cache instead of the network. */
  fromCache?: boolean;
  attempt: number;
}

export type ExchangeListener = (exchange: HttpExchange) => void;
