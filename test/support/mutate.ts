/**
 * Realistic mutations of real documents, for the fuzz tests: a mutation picks
 * one node of the original document (by index into its list of paths) and
 * changes its type, nulls or deletes it, makes an array huge or empty, or puts
 * a hostile string in its place. fast-check draws the mutations, so a seed
 * replays the same documents.
 */
import fc from 'fast-check';

export type Path = Array<string | number>;

export const mutationKinds = [
  'null',
  'number',
  'string',
  'boolean',
  'object',
  'array',
  'delete',
  'huge',
  'empty',
  'hostile',
  'wrap',
  'key',
] as const;

export interface Mutation {
  at: number;
  kind: (typeof mutationKinds)[number];
  pick: number;
}

/** Strings a hostile server might send: escapes, bidi, NUL, newlines, prototype keys, huge text. */
export const hostileStrings = [
  '\u001b]0;PWNED\u0007\u001b[2J',
  'pods\nforged   row   v1   true   Pod',
  'a\u202eb',
  '\u0000',
  '\u009b31m',
  '__proto__',
  'constructor',
  '#/definitions/__proto__',
  '#/components/schemas/%',
  '',
  ' ',
  '-1',
  'x'.repeat(5000),
  '../../../etc/passwd',
];

const numbers = [0, -1, 1.5, 2 ** 53, Number.MAX_VALUE, 65536];

export const mutationArbitrary = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom(...mutationKinds),
  pick: fc.nat(),
});

/** One to four mutations of a document. */
export const mutationsArbitrary = fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 });

/** Every path in a document, parents before children (capped, so huge documents stay quick). */
export function pathsOf(document: unknown, limit = 50_000): Path[] {
  const paths: Path[] = [];
  const visit = (value: unknown, path: Path) => {
    if (paths.length >= limit) return;
    paths.push(path);
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, [...path, index]);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  visit(document, []);
  return paths;
}

/** A mutated copy of the document; the original is never changed. */
export function mutate<T>(document: T, paths: Path[], mutations: Mutation[]): unknown {
  const box: { root: unknown } = { root: structuredClone(document) };
  for (const mutation of mutations) {
    const path = paths[mutation.at % paths.length] as Path;
    let parent: unknown = box;
    let key: string | number = 'root';
    let missing = false;
    for (const part of path) {
      const holder = (parent as Record<string | number, unknown>)[key];
      if (typeof holder !== 'object' || holder === null || !Object.hasOwn(holder, part)) {
        missing = true;
        break;
      }
      parent = holder;
      key = part;
    }
    if (missing) continue;
    const record = parent as Record<string | number, unknown>;
    const current = record[key];
    record[key] = replacement(current, mutation);
    if (mutation.kind === 'delete') {
      if (Array.isArray(record)) record.splice(key as number, 1);
      else delete record[key];
    }
    if (mutation.kind === 'key' && typeof current === 'object' && current !== null && !Array.isArray(current)) {
      // An own key such as "__proto__", as JSON.parse makes from a server's body.
      const name = hostileStrings[mutation.pick % hostileStrings.length] as string;
      Object.defineProperty(current, name, { value: { $ref: name }, enumerable: true, configurable: true, writable: true });
    }
  }
  return box.root;
}

function replacement(current: unknown, mutation: Mutation): unknown {
  switch (mutation.kind) {
    case 'null':
      return null;
    case 'number':
      return numbers[mutation.pick % numbers.length];
    case 'string':
      return typeof current === 'string' ? `${current}${current}` : String(mutation.pick);
    case 'boolean':
      return mutation.pick % 2 === 0;
    case 'object':
      return {};
    case 'array':
      return [];
    case 'empty':
      return Array.isArray(current) ? [] : typeof current === 'string' ? '' : typeof current === 'object' ? {} : current;
    case 'huge': {
      // 1,000 to 2,000 items, fewer when each is large, so a document grows by at most about 200 KB.
      const item = Array.isArray(current) ? (current[0] ?? null) : current;
      const size = JSON.stringify(item)?.length ?? 4;
      return new Array(Math.max(2, Math.min(1000 + (mutation.pick % 1000), Math.floor(200_000 / size)))).fill(item);
    }
    case 'hostile':
      return hostileStrings[mutation.pick % hostileStrings.length];
    case 'wrap':
      return [current];
    default:
      return current;
  }
}
