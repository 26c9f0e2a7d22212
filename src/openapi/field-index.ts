import { WalkBudget } from '../limits/walk-budget.js';
import type { JsonSchema, ValidationRule } from './documents.js';
import { arrayItems, declaresDefault, deprecationText, effectiveSchema, isSet, mapValues, resolveRef, sortedKeys } from './schema.js';
import { typeName } from './v3.js';

/**
 * Every field of a kind's schema, depth first in name order, with the facts
 * search, schema diff and the atlas ask about. Paths are explain's: arrays and
 * maps are transparent (spec.containers.image), so a path can be pasted into
 * `kapi explain`. The walk steps through $ref, allOf, items and map values the
 * way explain's lookupField does (OpenAPI v3 and v2 alike: references are
 * local "#/..." pointers in both), and stops where a reference repeats one of
 * its ancestors (JSONSchemaProps, recursive CRD schemas) and where the walk
 * budget runs out (a DAG of references: the budget says which limit).
 */

export interface SchemaField {
  /** Field names from the kind down; [] is the kind itself. */
  path: string[];
  /** kubectl's type name: string, integer, []Container, map[string]string, IntOrString... */
  type: string;
  /** The type named by reference where there is one (Quantity, IntOrString), the same in OpenAPI v2 and v3: what schema diff compares. */
  namedType: string;
  /** The OpenAPI type of the field (after references): string, integer, boolean, number, array, object, or "". */
  schemaType: string;
  format: string | null;
  description: string;
  required: boolean;
  /** Present when the schema declares a default that is not a zero value (declaresDefault). */
  default?: unknown;
  enum: unknown[];
  validations: ValidationRule[];
  intOrString: boolean;
  deprecated: boolean;
  /** minimum, maximum, lengths, item counts, pattern: whatever the schema sets. */
  bounds: Record<string, unknown>;
  /** The reference a walk stopped at because an ancestor already expanded it. */
  cycle?: string;
}

/** All fields under (and including) a kind's schema, as far as the budget allows. */
export function walkFields(document: unknown, kind: JsonSchema, budget = new WalkBudget()): SchemaField[] {
  const fields: SchemaField[] = [];
  const visit = (path: string[], declared: JsonSchema, required: boolean, ancestors: Set<string>) => {
    const chain = resolveChain(declared, document, ancestors, budget);
    fields.push(describe(path, declared, chain, required, document));
    if (chain.cycle) return;
    for (const [name, child, childRequired] of chain.children) {
      if (!budget.enter(path.length + 1)) return;
      visit([...path, name], child, childRequired, chain.refs);
    }
  };
  budget.enter(0);
  visit([], kind, false, new Set());
  return fields;
}

interface Chain {
  children: [string, JsonSchema, boolean][];
  /** Ancestor references plus those followed here. */
  refs: Set<string>;
  cycle?: string;
}

/**
 * Follows a declared schema to the properties it contributes: through $ref,
 * then items, map values and each allOf branch, as explain's lookup does.
 */
function resolveChain(declared: JsonSchema, document: unknown, ancestors: Set<string>, budget: WalkBudget): Chain {
  const children: Chain['children'] = [];
  const refs = new Set(ancestors);
  let cycle: string | undefined;
  const seenHere = new Set<string>();
  const step = (schema: JsonSchema) => {
    const ref = typeof schema.$ref === 'string' ? schema.$ref : '';
    if (ref !== '') {
      if (ancestors.has(ref)) {
        cycle ??= ref;
        return;
      }
      if (seenHere.has(ref)) return;
      seenHere.add(ref);
      if (!budget.expand(ref)) return;
      refs.add(ref);
    }
    const resolved = resolveRef(ref, document) ?? schema;
    if (isSet(resolved.properties)) {
      const required = new Set(resolved.required ?? []);
      for (const name of sortedKeys(resolved.properties)) {
        const property = resolved.properties?.[name];
        if (property !== undefined && !children.some(([known]) => known === name)) children.push([name, property, required.has(name)]);
      }
      return;
    }
    const items = arrayItems(resolved);
    if (items) return step(items);
    const values = mapValues(resolved);
    if (values) return step(values);
    for (const part of resolved.allOf ?? []) step(part);
  };
  step(declared);
  return { children, refs, ...(cycle ? { cycle } : {}) };
}

const boundKeys = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'pattern',
] as const;

/** The facts of one field, from its own keywords completed by its $ref or single allOf target (as explain's extra lines). */
function describe(path: string[], declared: JsonSchema, chain: Chain, required: boolean, document: unknown): SchemaField {
  const s = effectiveSchema(declared, document);
  const schemaType = Array.isArray(s.type) ? s.type.join('|') : (s.type ?? '');
  const format = isSet(s.format) ? (s.format as string) : null;
  const description = s.description ?? '';
  const hasDefault = declaresDefault(s.default);
  const bounds: Record<string, unknown> = {};
  for (const key of boundKeys) if (s[key] !== undefined) bounds[key] = s[key];
  return {
    path,
    type: typeName(declared, document),
    namedType: typeName(declared, document, { byReference: true }),
    schemaType,
    format,
    description,
    required,
    ...(hasDefault ? { default: s.default } : {}),
    enum: enumValues(s, document),
    validations: dedupeRules(s['x-kubernetes-validations'] ?? []),
    intOrString: s['x-kubernetes-int-or-string'] === true || format === 'int-or-string',
    deprecated: deprecationText(s) !== undefined,
    bounds,
    ...(chain.cycle ? { cycle: chain.cycle } : {}),
  };
}

/** A field's enum, or for a list its items' enum (policyTypes: []string of Ingress, Egress). */
function enumValues(schema: JsonSchema, document: unknown): unknown[] {
  if (Array.isArray(schema.enum)) return schema.enum;
  const items = arrayItems(schema);
  const values = items ? effectiveSchema(items, document).enum : undefined;
  return Array.isArray(values) ? values : [];
}

function dedupeRules(rules: ValidationRule[]): ValidationRule[] {
  const seen = new Set<string>();
  return rules.filter((rule) => {
    const key = JSON.stringify(rule);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "spec.template.spec.containers": how explain and search print a path; the kind itself is ".". */
export function fieldPathText(path: string[]): string {
  return path.length === 0 ? '.' : path.join('.');
}
