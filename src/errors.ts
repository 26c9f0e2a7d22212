/**
 * Every error a user can hit is a KapiError: a stable code, a one-line message
 * and a documented exit code. Anything else is a bug and exits 1.
 */

export const ExitCode = {
  ok: 0,
  /** An unexpected error (a bug). */
  unexpected: 1,
  /** Bad flags or arguments. */
  usage: 2,
  /** The answer was printed, but some group-versions could not be discovered. */
  partial: 3,
  /** No usable kubeconfig, context, or snapshot file. */
  config: 4,
  /** The server could not be reached: refused, DNS, TLS, or timed out. */
  unreachable: 5,
  /** The server rejected the credentials (401) or the request (403). */
  auth: 6,
  /** The server answered, but with an error status or a document kapi cannot read. */
  server: 7,
  /** A resource, field or schema that does not exist. */
  notFound: 8,
  /** audit found problems at or above the --fail-on level. */
  auditFindings: 10,
  /** diff found differences (with --exit-code). */
  diffFound: 11,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class KapiError extends Error {
  readonly code: string;
  readonly exitCode: ExitCodeValue;
  override readonly cause?: unknown;

  constructor(code: string, message: string, exitCode: ExitCodeValue, cause?: unknown) {
    super(message);
    this.name = 'KapiError';
    this.code = code;
    this.exitCode = exitCode;
    this.cause = cause;
  }
}

export class UsageError extends KapiError {
  constructor(message: string) {
    super('usage', message, ExitCode.usage);
  }
}

export class ConfigError extends KapiError {
  constructor(message: string, cause?: unknown) {
    super('config', message, ExitCode.config, cause);
  }
}

export class NotFoundError extends KapiError {
  constructor(message: string) {
    super('not-found', message, ExitCode.notFound);
  }
}

/** Timings of one HTTP exchange, in milliseconds since the request started. */
export interface HttpTimings {
  totalMs: number;
}

/** An HTTP exchange that failed; the message reads "failed to GET <url>: <why>". */
export class HttpError extends KapiError {
  readonly method: string;
  readonly url: string;
  /** The reason alone, without the method and URL. */
  readonly why: string;
  readonly status?: number;
  readonly timings?: HttpTimings;

  constructor(
    code: string,
    why: string,
    exitCode: ExitCodeValue,
    detail: { method: string; url: string; status?: number; timings?: HttpTimings; cause?: unknown },
  ) {
    super(code, `failed to ${detail.method} ${detail.url}: ${why}`, exitCode, detail.cause);
    this.why = why;
    this.method = detail.method;
    this.url = detail.url;
    this.status = detail.status;
    this.timings = detail.timings;
  }
}

export function isKapiError(error: unknown): error is KapiError {
  return error instanceof KapiError;
}
