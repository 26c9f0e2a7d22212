import type * as z from 'zod/mini';
import type { RequestPurpose } from '../cluster/exchange.js';
import { statusMessage } from '../cluster/response.js';
import type { HttpResponse, Transport } from '../cluster/transport.js';
import { HttpError } from '../errors.js';
import { checkShape } from '../shape/check.js';
import { parseUntrustedJson } from '../shape/unicode.js';

/** What a read gave: the document, or why not. A denial or a document of the wrong shape is a value, never an exception. */
export type Readable<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'forbidden'; message: string }
  | { kind: 'not-found'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'invalid'; message: string };

/** What a read expects: the schema its answer is checked against, and the document's name for messages ("Service"). */
export interface Expected<S extends z.ZodMiniType> {
  schema: S;
  name: string;
}

/**
 * The response to a GET or POST as a Readable: 403 forbidden, 404 not found,
 * other errors with their message; a body that is not JSON or not of the
 * expected shape is `invalid`, naming the first bad field
 * ("invalid Service: .spec.ports[0].port: expected number, got string").
 */
export async function readJson<S extends z.ZodMiniType>(
  request: () => Promise<HttpResponse>,
  expected: Expected<S>,
): Promise<Readable<z.output<S>>> {
  let response: HttpResponse;
  try {
    response = await request();
  } catch (error) {
    return { kind: 'error', message: error instanceof HttpError ? error.why : (error as Error).message };
  }
  if (response.status === 403) return { kind: 'forbidden', message: statusMessage(response) };
  if (response.status === 404) return { kind: 'not-found', message: statusMessage(response) };
  if (response.status < 200 || response.status >= 300) {
    return { kind: 'error', message: `${response.status} ${response.statusText}: ${statusMessage(response)}`.trim() };
  }
  let document: unknown;
  try {
    document = parseUntrustedJson(response.body.toString('utf8'));
  } catch (error) {
    return { kind: 'invalid', message: `invalid ${expected.name}: not JSON (${(error as Error).message.split('\n')[0]})` };
  }
  return checked(expected, document);
}

/** A document already parsed (a list item), checked against its schema. */
export function checked<S extends z.ZodMiniType>(
  expected: Expected<S>,
  document: unknown,
  at: readonly PropertyKey[] = [],
): Readable<z.output<S>> {
  const result = checkShape(expected.schema, document, at);
  return result.ok ? { kind: 'ok', value: result.value } : { kind: 'invalid', message: `invalid ${expected.name}: ${result.problem}` };
}

export function getJson<S extends z.ZodMiniType>(
  transport: Transport,
  path: string,
  expected: Expected<S>,
  purpose: RequestPurpose = 'doctor',
): Promise<Readable<z.output<S>>> {
  return readJson(() => transport.get(path, { purpose }), expected);
}

export function postJson<S extends z.ZodMiniType>(
  transport: Transport,
  path: string,
  body: unknown,
  expected: Expected<S>,
  purpose: RequestPurpose = 'doctor',
): Promise<Readable<z.output<S>>> {
  return readJson(() => transport.post(path, body, { purpose }), expected);
}

/** "cannot check: forbidden (...)" and friends, for a read that did not give a document. */
export function cannotCheck(result: Exclude<Readable<unknown>, { kind: 'ok' }>, what: string): string {
  if (result.kind === 'forbidden') return `cannot check: forbidden (${what})`;
  if (result.kind === 'not-found') return `cannot check: not found (${what})`;
  return `cannot check: ${what}: ${result.message}`;
}
