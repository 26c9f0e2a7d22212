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
  /** What the request was for. */
  purpose: RequestPurpose;
  /** True when served from kapi's discovery cache instead of the network. */
  fromCache?: boolean;
  attempt: number;
}

export type ExchangeListener = (exchange: HttpExchange) => void;

/**
 * What a request is for: a discovery root (/api, /apis), a legacy
 * group-version, the APIServices and CRDs, /version, an OpenAPI document, or
 * doctor's checks (reads and reviews, and the live probe of an aggregated API), or
 * audit's deprecation evidence (/metrics, and probes for Warning headers).
 */
export type RequestPurpose =
  | 'discovery'
  | 'legacy'
  | 'registrations'
  | 'version'
  | 'openapi-v3-index'
  | 'openapi-v3'
  | 'openapi-v2'
  | 'doctor'
  | 'doctor-probe'
  | 'deprecation-metrics'
  | 'deprecation-probe'
  | 'pipeline'
  | 'access'
  | 'helm-releases';
