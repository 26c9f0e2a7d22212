import type * as z from 'zod/mini';
import { ExitCode, HttpError } from '../errors.js';
import { checkShape, checkShapeFast, checkShapeRead } from '../shape/check.js';
import { parseUntrustedJson } from '../shape/unicode.js';
import type { HttpResponse } from './transport.js';

/** The message of a Kubernetes Status body, or the first line of a plain-text body. */
export function statusMessage(response: HttpResponse): string {
  const text = response.body.toString('utf8').trim();
  try {
    const parsed = parseUntrustedJson(text);
    const field = (name: string): unknown => (typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, name) : undefined);
    const message = field('message');
    if (field('kind') === 'Status' && typeof message === 'string') return message;
  } catch {
    // not JSON: fall through to the plain text
  }
  return text.split('\n')[0]?.slice(0, 200) ?? '';
}

/** Throws a typed error for any non-2xx response. */
export function ensureOk(response: HttpResponse, method = 'GET'): HttpResponse {
  if (response.status >= 200 && response.status < 300) return response;
  const message = statusMessage(response);
  const statusLine = `${response.status} ${response.statusText}`.trim();
  const detail = { method, url: response.url, status: response.status };
  const suffix = message && message !== response.statusText ? `: ${message}` : '';
  if (response.status === 401) {
    return fail(
      new HttpError(
        'unauthorized',
        `${statusLine}${suffix} (the server rejected the credentials; check the kubeconfig user or --token)`,
        ExitCode.auth,
        detail,
      ),
    );
  }
  if (response.status === 403) {
    return fail(new HttpError('forbidden', `${statusLine}${suffix}`, ExitCode.auth, detail));
  }
  return fail(new HttpError('http-status', `${statusLine}${suffix}`, ExitCode.server, detail));
}

/** Parses a 2xx JSON response, or throws a typed error naming the URL; its shape is checked by the caller (readDocument). */
export function parseJson(response: HttpResponse, method = 'GET'): unknown {
  ensureOk(response, method);
  try {
    return parseUntrustedJson(response.body.toString('utf8'));
  } catch (error) {
    throw new HttpError('malformed', `the response is not valid JSON (${(error as Error).message})`, ExitCode.server, {
      method,
      url: response.url,
      status: response.status,
      cause: error,
    });
  }
}

/**
 * Parses a 2xx JSON response and checks it against its schema; a document of
 * the wrong shape is exit 7, naming the document kind and the first bad field.
 */
export function readDocument<Schema extends z.ZodMiniType>(
  response: HttpResponse,
  schema: Schema,
  kind: string,
  body: unknown = parseJson(response),
  /** The schema's plain-function test (checkShapeFast) or plain reader (checkShapeRead), where there is one. */
  fast?: ((value: unknown) => value is z.output<Schema>) | { read: (value: unknown) => z.output<Schema> | undefined },
): z.output<Schema> {
  const checked =
    fast === undefined
      ? checkShape(schema, body)
      : typeof fast === 'function'
        ? checkShapeFast(fast, schema, body)
        : checkShapeRead(fast.read, schema, body);
  if (checked.ok) return checked.value;
  throw new HttpError('malformed', `invalid ${kind}: ${checked.problem}`, ExitCode.server, {
    method: 'GET',
    url: response.url,
    status: response.status,
  });
}

function fail(error: HttpError): never {
  throw error;
}
