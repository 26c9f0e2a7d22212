import type { ExchangeListener, HttpExchange } from './exchange.js';

export interface TraceOptions {
  /** kubectl's -v level; 6 and above trace requests. */
  level: number;
  json: boolean;
  write: (line: string) => void;
  pid?: number;
}

export interface Tracer {
  listener: ExchangeListener;
  /** Writes the closing summary (JSON mode only); call once at the end. */
  finish(): void;
}

/** Tracing is a listener on the transport; it formats each exchange as it completes. */
export function createTracer(options: TraceOptions): Tracer {
  const started = performance.now();
  let requests = 0;
  let bytes = 0;
  const listener: ExchangeListener = (exchange) => {
    requests++;
    bytes += exchange.bytes;
    if (options.json) options.write(`${JSON.stringify(exchangeToJson(exchange))}\n`);
    else if (options.level >= 6) options.write(formatKlogResponse(exchange, options.pid ?? process.pid));
  };
  return {
    listener,
    finish() {
      if (options.json) {
        options.write(`${JSON.stringify({ summary: { requests, bytes, wallMs: Math.round(performance.now() - started) } })}\n`);
      }
    },
  };
}

function exchangeToJson(exchange: HttpExchange) {
  return {
    id: exchange.id,
    method: exchange.method,
    url: exchange.url,
    status: exchange.status ?? null,
    durationMs: Math.round(exchange.durationMs),
    bytes: exchange.bytes,
    purpose: exchange.purpose ?? null,
    fromCache: exchange.fromCache === true,
    ...(exchange.error ? { error: exchange.error } : {}),
  };
}

/** client-go's -v 6 line: I<mmdd hh:mm:ss.micro> <pid> round_trippers.go:<n>] "Response" ... */
export function formatKlogResponse(exchange: HttpExchange, pid: number): string {
  const status = exchange.status === undefined ? '' : `${exchange.status} ${exchange.statusText ?? ''}`.trim();
  return `${klogHeader(new Date(exchange.startedAt.getTime() + exchange.durationMs), pid, 'round_trippers.go:632')} "Response" verb="${exchange.method}" url="${exchange.url}" status="${status}" milliseconds=${Math.round(exchange.durationMs)}\n`;
}

export function klogHeader(time: Date, pid: number, location: string): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const micros = String(time.getMilliseconds() * 1000).padStart(6, '0');
  const stamp = `${two(time.getMonth() + 1)}${two(time.getDate())} ${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}.${micros}`;
  return `I${stamp} ${String(pid).padStart(7)} ${location}]`;
}
