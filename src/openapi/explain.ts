import { NotFoundError } from '../errors.js';
import { WalkBudget } from '../limits/walk-budget.js';
import { closeNames, didYouMean } from '../suggest.js';
import { groupVersionString } from '../surface/vocabulary.js';
import type { GroupVersionKindRef, JsonSchema, OpenApiV3Document, SwaggerDocument } from './documents.js';
import { v3IndexKey } from './documents.js';
import { ownEntry, type SchemaSource } from './load.js';
import { arrayItems, mapValues, resolveRef, sortedKeys } from './schema.js';
import { classifyV2, findV2Definition, lookupV2Field } from './v2.js';
import { type FieldLookup, findGroupVersionKind, findKindSchema, lookupField } from './v3.js';

/** What explain is asked about, once the resource argument is resolved ("target" in `explain -o json`). */
export interface ExplainTarget {
  /** "" for the core group. */
  group: string;
  version: string;
  /** Plural resource name. */
  resource: string;
  /** The resource's kind (discovery's; the OpenAPI v2 lookup uses it). */
  kind: string;
  /** The field's path from the kind, one name a step; [] for the resource itself. */
  fieldPath: string[];
}

export type ExplainedSchema =
  | { source: 'openapi/v3'; document: OpenApiV3Document; gvk: GroupVersionKindRef; lookup: FieldLookup }
  | { source: 'openapi/v2'; document: SwaggerDocument; gvk: GroupVersionKindRef; fieldName: string; leaf: JsonSchema };

/**
 * Loads the one schema document needed and finds the path in it: OpenAPI v3
 * (the index, then only the target's group-version document), or v2 when the
 * server has no v3 or `preferV2` is set, as kubectl explain does.
 */
export async function explainSchema(source: SchemaSource, target: ExplainTarget, options: { preferV2: boolean }): Promise<ExplainedSchema> {
  const index = options.preferV2 ? undefined : await source.v3Index();
  if (!index) return explainV2(await source.v2Document(), target);
  const key = v3IndexKey(target.group, target.version);
  const gvrText = `${groupVersionString(target.group, target.version)}, Resource=${target.resource}`;
  const document = ownEntry(index, key) ? await source.v3Document(index, key) : undefined;
  if (!document) throw new NotFoundError(`couldn't find resource for "${gvrText}": /openapi/v3 does not list ${key}`);
  const gvk = findGroupVersionKind(document, target);
  if (!gvk) throw new NotFoundError(`GVR (${gvrText}) not found in OpenAPI schema /openapi/v3/${key}`);
  const kind = findKindSchema(document, gvk);
  if (!kind) throw new NotFoundError(`no schema for ${formatGvk(gvk)} in OpenAPI schema /openapi/v3/${key}`);
  const lookup = lookupField(document, kind.schema, target.fieldPath);
  if (!lookup) {
    const error = missingField(
      target,
      (path) => lookupField(document, kind.schema, path),
      (schema) => v3FieldNames(schema, document),
    );
    throw Object.assign(error, { gvk });
  }
  return { source: 'openapi/v3', document, gvk, lookup };
}

function explainV2(document: SwaggerDocument, target: ExplainTarget): ExplainedSchema {
  const gvk = { group: target.group, version: target.version, kind: target.kind };
  const definition = findV2Definition(document, gvk);
  if (!definition) throw new NotFoundError(`couldn't find resource for "${formatGvk(gvk)}" in /openapi/v2`);
  let leaf: JsonSchema;
  try {
    leaf = lookupV2Field(document, definition, target.fieldPath);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw missingField(
      target,
      (path) => {
        try {
          return { schema: lookupV2Field(document, definition, path), steps: [] };
        } catch {
          return undefined;
        }
      },
      (schema) => v2FieldNames(schema, document),
    );
  }
  return { source: 'openapi/v2', document, gvk, fieldName: target.fieldPath.at(-1) ?? '', leaf };
}

export function formatGvk(gvk: GroupVersionKindRef): string {
  return `${groupVersionString(gvk.group, gvk.version)}, Kind=${gvk.kind}`;
}

/** A field path that names nothing; on the OpenAPI v3 path it carries the kind found, whose header kubectl prints first. */
export class MissingFieldError extends NotFoundError {
  /** The field kubectl names in its own message ('field "x" does not exist'). */
  readonly field: string;
  gvk?: GroupVersionKindRef;

  constructor(message: string, field: string) {
    super(message);
    this.field = field;
  }
}

/** 'field "x" does not exist in pods.spec; did you mean "y"?': names the first missing segment. */
function missingField(
  target: ExplainTarget,
  lookup: (path: string[]) => { schema: JsonSchema } | undefined,
  fieldNames: (schema: JsonSchema) => string[],
): MissingFieldError {
  let depth = 0;
  let parent = lookup([]);
  while (depth < target.fieldPath.length) {
    const next = lookup(target.fieldPath.slice(0, depth + 1));
    if (!next) break;
    parent = next;
    depth++;
  }
  const missing = target.fieldPath[depth] ?? '';
  const where = [target.resource, ...target.fieldPath.slice(0, depth)].join('.');
  const names = parent ? fieldNames(parent.schema) : [];
  const suggestions = closeNames(missing, names);
  return new MissingFieldError(`field "${missing}" does not exist in ${where}${didYouMean(suggestions)}`, missing);
}

/** Field names reachable from a v3 schema: its properties and those behind $ref, allOf, items and map values (within the walk budget). */
export function v3FieldNames(schema: JsonSchema, document: unknown, seen = new Set<string>(), budget = new WalkBudget()): string[] {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : '';
  if (ref && (seen.has(ref) || !budget.expand(ref))) return [];
  const next = new Set(seen).add(ref);
  const s = resolveRef(ref, document) ?? schema;
  const parts = [sortedKeys(s.properties)];
  for (const part of s.allOf ?? []) parts.push(v3FieldNames(part, document, next, budget));
  const items = arrayItems(s);
  if (items) parts.push(v3FieldNames(items, document, next, budget));
  const values = mapValues(s);
  if (values) parts.push(v3FieldNames(values, document, next, budget));
  return parts.flat();
}

function v2FieldNames(schema: JsonSchema, document: SwaggerDocument): string[] {
  const model = classifyV2(schema, document);
  if (model.type === 'kind') return sortedKeys(model.fields);
  if (model.type === 'reference') return v2FieldNames(model.target, document);
  if (model.type === 'array') return v2FieldNames(model.items, document);
  if (model.type === 'map' && model.values) return v2FieldNames(model.values, document);
  return [];
}
