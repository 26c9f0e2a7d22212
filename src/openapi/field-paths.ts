import type { JsonSchema } from './documents.js';
import { arrayItems, mapValues, resolveRef, sortedKeys } from './schema.js';
import { typeName } from './v3.js';

/** One field under a kind, as explain names it: arrays and maps are transparent (spec.containers.image). */
export interface FieldPath {
  path: string[];
  /** kubectl's type name: string, []Container, map[string]string... */
  type: string;
}

/**
 * Every field path under a kind's schema, depth first in name order, through
 * $ref, allOf, items and map values as explain's lookup does. A reference that
 * repeats one of its ancestors (JSONSchemaProps, recursive CRDs) is not expanded again.
 */
export function fieldPaths(document: unknown, kind: JsonSchema, options: { maxDepth?: number } = {}): FieldPath[] {
  const maxDepth = options.maxDepth ?? 12;
  const out: FieldPath[] = [];
  const visit = (schema: JsonSchema, path: string[], ancestors: Set<string>) => {
    if (path.length >= maxDepth) return;
    const refs = new Set(ancestors);
    for (const [name, child] of properties(schema, document, refs)) {
      const childPath = [...path, name];
      out.push({ path: childPath, type: typeName(child, document) });
      visit(child, childPath, refs);
    }
  };
  visit(kind, [], new Set());
  return out;
}

/**
 * The properties a schema contributes, looking through $ref, allOf, items and
 * map values; adds the references followed to `refs` (the children's ancestors).
 */
function properties(schema: JsonSchema, document: unknown, refs: Set<string>): [string, JsonSchema][] {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : '';
  if (ref !== '') {
    if (refs.has(ref)) return [];
    refs.add(ref);
  }
  const resolved = resolveRef(ref, document) ?? schema;
  const own = sortedKeys(resolved.properties).map((name): [string, JsonSchema] => [name, resolved.properties?.[name] as JsonSchema]);
  const wrapped = [...(resolved.allOf ?? []), arrayItems(resolved), mapValues(resolved)].filter((s): s is JsonSchema => s !== undefined);
  return [...own, ...wrapped.flatMap((inner) => properties(inner, document, refs))];
}
