import type { RequestPurpose } from '../cluster/exchange.js';
import { statusMessage } from '../cluster/response.js';
import type { HttpResponse, Transport } from '../cluster/transport.js';
import { HttpError } from '../errors.js';

/** What a read gave: the document, or why not. A denial is a value, never an exception. */
export type Readable<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'forbidden'; message: string }
  | { kind: 'not-found'; message: string }
  | { kind: 'error'; message: string };

/** The response to a GET or POST as a Readable: 403 forbidden, 404 not found, other errors with their message. */
export async function readJson<T>(request: () => Promise<HttpResponse>): Promise<Readable<T>> {
  try {
    const response = await request();
    if (response.status === 403) return { kind: 'forbidden', message: statusMessage(response) };
    if (response.status === 404) return { kind: 'not-found', message: statusMessage(response) };
    if (response.status < 200 || response.status >= 300) {
      return { kind: 'error', message: `${response.status} ${response.statusText}: ${statusMessage(response)}`.trim() };
    }
    return { kind: 'ok', value: JSON.parse(response.body.toString('utf8')) as T };
  } catch (error) {
    return { kind: 'error', message: error instanceof HttpError ? error.why : (error as Error).message };
  }
}

export function getJson<T>(transport: Transport, path: string, purpose: RequestPurpose = 'doctor'): Promise<Readable<T>> {
  return readJson<T>(() => transport.get(path, { purpose }));
}

export function postJson<T>(transport: Transport, path: string, body: unknown, purpose: RequestPurpose = 'doctor'): Promise<Readable<T>> {
  return readJson<T>(() => transport.post(path, body, { purpose }));
}

/** "cannot check: forbidden (...)" and friends, for a read that did not give a document. */
export function cannotCheck(result: Exclude<Readable<unknown>, { kind: 'ok' }>, what: string): string {
  if (result.kind === 'forbidden') return `cannot check: forbidden (${what})`;
  if (result.kind === 'not-found') return `cannot check: not found (${what})`;
  return `cannot check: ${what}: ${result.message}`;
}
