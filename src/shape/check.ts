import type * as z from 'zod/mini';

/**
 * Checks a document read from a server or a file against its schema. The
 * answer is the value, typed, or one line naming the first bad field:
 * `.resources[0]: expected object, got null`.
 */
export function checkShape<Schema extends z.ZodMiniType>(
  schema: Schema,
  value: unknown,
  /** Where the value sits in its file or document, to prefix the field path. */
  at: readonly PropertyKey[] = [],
): { ok: true; value: z.output<Schema> } | { ok: false; problem: string } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  if (!issue) return { ok: false, problem: 'does not have the expected shape' };
  const where = fieldPath([...at, ...issue.path]);
  const found = valueAt(value, issue.path);
  return { ok: false, problem: `${where === '' ? '' : `${where}: `}${describe(issue, found)}` };
}

/**
 * checkShape after a plain-function test (src/shape/plain.ts) that accepts only what the schema
 * accepts as it is: a value that passes it is taken as it is, and the schema is neither run nor,
 * when it is lazy, built. A value it refuses goes to the schema, which has the last word.
 */
export function checkShapeFast<Schema extends z.ZodMiniType>(
  isWellFormed: (value: unknown) => value is z.output<Schema>,
  schema: Schema,
  value: unknown,
  at: readonly PropertyKey[] = [],
): { ok: true; value: z.output<Schema> } | { ok: false; problem: string } {
  return isWellFormed(value) ? { ok: true, value } : checkShape(schema, value, at);
}

/**
 * checkShape after a plain reader that gives the schema's own output (a copy in the schema's key
 * order) for what it takes and undefined for the rest (src/openapi/well-formed.ts): what it takes
 * never reaches the schema; what it leaves goes to the schema, which has the last word.
 */
export function checkShapeRead<Schema extends z.ZodMiniType>(
  read: (value: unknown) => z.output<Schema> | undefined,
  schema: Schema,
  value: unknown,
  at: readonly PropertyKey[] = [],
): { ok: true; value: z.output<Schema> } | { ok: false; problem: string } {
  const fast = read(value);
  return fast === undefined ? checkShape(schema, value, at) : { ok: true, value: fast };
}

/** ["resources", 0, "name"] -> ".resources[0].name"; odd keys are quoted. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part) => {
      if (typeof part === 'number') return `[${part}]`;
      const key = String(part);
      return /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    })
    .join('');
}

/** The JSON type of a value, as messages name it. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function describe(issue: z.core.$ZodIssue, found: { present: boolean; value: unknown }): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'record' ? 'object' : issue.expected;
      return found.present ? `expected ${expected}, got ${jsonType(found.value)}` : `missing (expected ${expected})`;
    }
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${shortJson(found.value)}`;
    case 'invalid_union':
      return `unexpected ${jsonType(found.value)}`;
    default:
      return issue.message;
  }
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let current = value;
  for (const part of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) return { present: false, value: undefined };
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return { present: current !== undefined, value: current };
}
