import type { ExchangeListener } from './exchange.js';
import { Redactor } from './redact.js';
import { type TraceSummaryRecord, traceRecord } from './trace-json.js';
import { formatKlogExchange } from './trace-klog.js';

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
    // kubectl's klog lines trace HTTP only; a cache hit is reported in JSON alone.
    else if (options.level >= 6 && !exchange.fromCache)
      options.write(redactor.mask(formatKlogExchange(masked, options.level, options.pid ?? process.pid)));
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
