import { compareBytes } from '../surface/vocabulary.js';
import type { JsonSchema } from './documents.js';

/**
 * Helpers shared by every schema walker. Kubernetes' own explain is a Go
 * template, so "is set" follows Go's truth rules: an empty string, list or
 * map, false, 0 and null are all "not set".
 */

/**
 * Whether a schema's default is one a user meets. OpenAPI v3 writes a zero value ("", 0, false, or an
 * empty object or list next to a $ref) for every non-pointer field of a Go type, which is no default,
 * and older v2 documents write none; so a zero value counts as none. The one rule for explain, search,
 * the atlas and diff --schemas.
 */
export function declaresDefault(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return false;
  return !(typeof value === 'object' && Object.keys(value).length === 0);
}

export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/**
 * Resolves a local reference to a named schema, "#/components/schemas/<name>"
 * (v3) or "#/definitions/<name>" (v2), the only places whose shape is checked;
 * undefined for anything else.
 */
export function resolveRef(ref: unknown, document: unknown): JsonSchema | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  const parts = ref
    .slice(1)
    .split('/')
    .filter((part) => part !== '');
  const named = parts.length === 3 ? parts[0] === 'components' && parts[1] === 'schemas' : parts.length === 2 && parts[0] === 'definitions';
  if (!named) return undefined;
  let current: unknown = document;
  for (const part of parts) {
    let key: string;
    try {
      key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'object' && current !== null && !Array.isArray(current) ? (current as JsonSchema) : undefined;
}

/** A record's own value for a key: never one inherited from Object.prototype ("constructor", "__proto__"). */
export function ownValue<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** additionalProperties when it is a schema (not a boolean) and set. */
export function mapValues(schema: JsonSchema): JsonSchema | undefined {
  const value = schema.additionalProperties;
  return typeof value === 'object' && isSet(value) ? value : undefined;
}

/** items when set. */
export function arrayItems(schema: JsonSchema): JsonSchema | undefined {
  return isSet(schema.items) ? schema.items : undefined;
}

/** The last segment of a reference: "#/components/schemas/io.k8s.api.core.v1.Pod" -> "io.k8s.api.core.v1.Pod". */
export function refName(ref: string): string {
  return ref.split('/').pop() ?? '';
}

/** Go's sort.Strings order (bytes), which Go templates use to range over maps. */
export function sortedKeys(record: Record<string, unknown> | undefined): string[] {
  return Object.keys(record ?? {}).sort(compareBytes);
}

/** The field's own keywords, completed by those of a single $ref or allOf target. */
export function effectiveSchema(schema: JsonSchema, document: unknown): JsonSchema {
  const target =
    resolveRef(schema.$ref, document) ?? (schema.allOf?.length === 1 ? resolveRef(schema.allOf[0]?.$ref, document) : undefined);
  return target ? { ...target, ...schema } : schema;
}

/** The deprecation sentence of a description ("Deprecated: use x."), "yes" for deprecated: true, else undefined. */
export function deprecationText(schema: JsonSchema): string | undefined {
  const sentence = /(?:^|[\s.])(?:DEPRECATED|Deprecated)[:.]?\s*([^\n]*?[.!])(?:\s|$)/.exec(schema.description ?? '');
  if (sentence) return sentence[1]?.trim() || 'yes';
  return schema.deprecated === true ? 'yes' : undefined;
}
