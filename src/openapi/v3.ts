import { WalkBudget } from '../limits/walk-budget.js';
import { groupVersionPath } from '../surface/vocabulary.js';
import type { GroupVersionKindRef, JsonSchema, OpenApiV3Document } from './documents.js';
import { arrayItems, isSet, mapValues, ownValue, resolveRef, sortedKeys } from './schema.js';

/**
 * Finding things in one OpenAPI v3 group-version document the way kubectl
 * explain's v3 template does, so that kapi lands on the same schema.
 */

export interface GroupVersionResourceRef {
  group: string;
  version: string;
  resource: string;
}

const searchMethods = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * The kind served at a resource's paths: the x-kubernetes-group-version-kind
 * of the first operation that has one, looking at the list and item paths,
 * cluster-scoped then namespaced (the last path present wins, as in kubectl).
 */
export function findGroupVersionKind(document: OpenApiV3Document, gvr: GroupVersionResourceRef): GroupVersionKindRef | undefined {
  const base = groupVersionPath(gvr.group, gvr.version);
  const searchPaths = [
    `${base}/${gvr.resource}`,
    `${base}/${gvr.resource}/{name}`,
    `${base}/namespaces/{namespace}/${gvr.resource}`,
    `${base}/namespaces/{namespace}/${gvr.resource}/{name}`,
  ];
  let gvk: GroupVersionKindRef | undefined;
  for (const path of searchPaths) {
    const item = document.paths?.[path];
    if (!isSet(item)) continue;
    for (const method of searchMethods) {
      const operation = item?.[method];
      if (!isSet(operation)) continue;
      gvk = operation?.['x-kubernetes-group-version-kind'];
      if (isSet(gvk)) break;
    }
  }
  return isSet(gvk) ? gvk : undefined;
}

/** The first component schema (in name order) declaring the kind. */
export function findKindSchema(document: OpenApiV3Document, gvk: GroupVersionKindRef): { name: string; schema: JsonSchema } | undefined {
  const schemas = document.components?.schemas ?? {};
  for (const name of sortedKeys(schemas)) {
    const schema = schemas[name] as JsonSchema;
    const kinds = schema['x-kubernetes-group-version-kind'];
    if (Array.isArray(kinds) && kinds.some((k) => sameGvk(k, gvk))) return { name, schema };
  }
  return undefined;
}

function sameGvk(a: GroupVersionKindRef, b: GroupVersionKindRef): boolean {
  const keys = (x: object) => Object.keys(x).sort().join(',');
  return keys(a) === keys(b) && a.group === b.group && a.version === b.version && a.kind === b.kind;
}

export interface FieldLookup {
  /** The last field name of the path; undefined for the resource itself. */
  fieldName?: string;
  /** The schema of that field as declared in its parent (before $ref resolution). */
  fieldSchema?: JsonSchema;
  /** The schema explained: the field's schema, or the kind's schema. */
  schema: JsonSchema;
  /** Each property step's schema from the kind down, for the JSON output and extras. */
  steps: { name: string; schema: JsonSchema; required: boolean }[];
}

/**
 * Follows a field path from a kind's schema through $ref, items (arrays),
 * additionalProperties (maps) and allOf, as kubectl does. undefined when a
 * field does not exist, or lies past the walk budget (allOf branches whose
 * references form a DAG).
 */
export function lookupField(document: unknown, kind: JsonSchema, fieldPath: string[], budget = new WalkBudget()): FieldLookup | undefined {
  if (fieldPath.length === 0) return { schema: kind, steps: [] };
  return follow(document, kind, fieldPath, new Set(), [], budget);
}

function follow(
  document: unknown,
  schema: JsonSchema,
  path: string[],
  history: Set<string>,
  steps: FieldLookup['steps'],
  budget: WalkBudget,
): FieldLookup | undefined {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : '';
  if (ref !== '' && (history.has(ref) || !budget.expand(ref))) return undefined;
  const next = new Set(history).add(ref);
  const resolved = resolveRef(ref, document) ?? schema;
  const [name, ...rest] = path as [string, ...string[]];
  const property = ownValue(resolved.properties, name);
  if (isSet(resolved.properties) && property !== undefined && isSet(property)) {
    const nextSteps = [...steps, { name, schema: property, required: resolved.required?.includes(name) === true }];
    if (rest.length === 0) return { fieldName: name, fieldSchema: property, schema: property, steps: nextSteps };
    return follow(document, property, rest, new Set(), nextSteps, budget);
  }
  const items = arrayItems(resolved);
  if (items) return follow(document, items, path, next, steps, budget);
  const values = mapValues(resolved);
  if (values) return follow(document, values, path, next, steps, budget);
  for (const alternative of resolved.allOf ?? []) {
    const found = follow(document, alternative, path, next, steps, budget);
    if (found) return found;
  }
  return undefined;
}

/**
 * kubectl's short type name: string, integer, Object, []Container,
 * map[string]string, ObjectMeta, IntOrString... With `byReference`, a
 * reference is always named by its target (Quantity, not the string it is in
 * OpenAPI v2), so that v2 and v3 documents of one API give the same name.
 */
export function typeName(schema: JsonSchema, document: unknown, options: { byReference?: boolean } = {}): string {
  if (!isSet(schema)) return 'Object';
  const items = arrayItems(schema);
  if (items) return `[]${typeName(items, document, options)}`;
  const values = mapValues(schema);
  if (values) return `map[string]${typeName(values, document, options)}`;
  if (isSet(schema.allOf) && !isSet(schema.properties) && schema.allOf?.length === 1) {
    return typeName(schema.allOf[0] as JsonSchema, document, options);
  }
  if (isSet(schema.$ref)) {
    const target = resolveRef(schema.$ref, document);
    if (options.byReference || !target || !isSet(target.type) || target.type === 'object') {
      const name = (schema.$ref as string).split('/').pop() ?? '';
      return name.split('.').pop() || 'Object';
    }
    return String(target.type);
  }
  if (schema.type === 'object') return 'Object';
  return isSet(schema.type) ? String(schema.type) : 'Object';
}
