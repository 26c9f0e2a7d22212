/**
 * Plain-function tests of JSON values, for the shapes checked on every run (snapshots, the
 * discovery cache, aggregated discovery): building and running zod's schemas for them costs more
 * than the rest of a short command. Each test built from these accepts only what its zod schema
 * accepts as it is; a false answer sends the value to the schema, which names the problem.
 */
export type Json = Record<string, unknown>;
export type Test = (value: unknown) => boolean;

/** An object (zod's looseObject accepts any non-array object). */
export const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A plain object, as z.record accepts it (stricter than zod: no class instances). */
export const isPlainRecord = (value: unknown): value is Json =>
  isRecord(value) && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);
export const isString = (value: unknown): value is string => typeof value === 'string';
/** z.number(): finite numbers only. */
export const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
export const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
/** z.nullish(z.string()): Go's empty string, absent or null. */
export const isText = (value: unknown) => value === undefined || value === null || typeof value === 'string';
/** z.optional(item): absent, or the item. */
export const optional = (item: Test) => (value: unknown) => value === undefined || item(value);
/** z.array(item). */
export const arrayOf = (item: Test) => (value: unknown) => Array.isArray(value) && value.every(item);
/** z.nullish(z.array(item)): a list Go decodes from null or an absent field as empty. */
export const isListOf = (value: unknown, item: Test) =>
  value === undefined || value === null || (Array.isArray(value) && value.every(item));
/** z.enum(values) or z.literal. */
export const oneOf =
  (...values: string[]) =>
  (value: unknown) =>
    typeof value === 'string' && values.includes(value);
/** z.looseObject(fields): an object whose named fields pass their tests; other fields are kept as they are. */
export const object =
  (fields: Record<string, Test>) =>
  (value: unknown): boolean => {
    if (!isRecord(value)) return false;
    for (const name in fields) if (!(fields[name] as Test)(value[name])) return false;
    return true;
  };

/** A test, as a type guard for the type its schema infers. */
export const guard = <T>(test: Test) => test as (value: unknown) => value is T;
