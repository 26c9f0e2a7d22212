import { WalkBudget, type WalkLimit } from '../limits/walk-budget.js';
import type { JsonSchema } from '../openapi/documents.js';
import type { ExplainedSchema, ExplainTarget } from '../openapi/explain.js';
import { refName, resolveRef } from '../openapi/schema.js';
import { v2TypeName } from '../openapi/v2.js';
import { typeName } from '../openapi/v3.js';

/**
 * What `kapi explain -o json|yaml` prints: kapi's envelope (apiVersion, kind
 * FieldExplanation) as search, diff, check and lifecycle have, with the
 * explained resource and field under "target". Fields are only ever added.
 */
export interface ExplainDocument {
  apiVersion: 'kapi.dev/v1';
  kind: 'FieldExplanation';
  /** What was explained: the resource (named as search and diff name one) and the path of the field in it. */
  target: ExplainTarget;
  /** Which OpenAPI document the schema comes from. */
  source: 'openapi/v3' | 'openapi/v2';
  /** kubectl's type name at the path: "Object", "[]Container", "string"... */
  type: string;
  /** Whether the field is required by its parent (false for the resource). */
  required: boolean;
  /**
   * The schema at the path. Each $ref is replaced by the schema it names plus
   * "x-kapi-ref" (the name), down to maxRefDepth nested references; a reference
   * beyond that, or one repeating an enclosing reference, is left as
   * {"$ref": ..., "x-kapi-cut": "depth" | "cycle"}; one past kapi's walk
   * budget (a schema bomb) as {"$ref": ..., "x-kapi-cut": "budget"}.
   */
  schema: JsonSchema;
  /** Present only when the walk budget cut the schema short: the limit reached (nodes, depth, repeats). */
  truncated?: WalkLimit;
}

export function renderExplainDocument(
  explained: ExplainedSchema,
  target: ExplainTarget,
  options: { maxRefDepth: number; budget?: WalkBudget },
): ExplainDocument {
  const budget = options.budget ?? new WalkBudget();
  const document = explained.document;
  const schema = explained.source === 'openapi/v3' ? explained.lookup.schema : explained.leaf;
  const type =
    explained.source === 'openapi/v3'
      ? explained.lookup.fieldSchema
        ? typeName(explained.lookup.fieldSchema, document)
        : 'Object'
      : v2TypeName(schema, explained.document);
  return {
    apiVersion: 'kapi.dev/v1',
    kind: 'FieldExplanation',
    target: {
      group: explained.gvk.group,
      version: explained.gvk.version,
      resource: target.resource,
      kind: explained.gvk.kind,
      fieldPath: target.fieldPath,
    },
    source: explained.source,
    type,
    required: isRequired(explained),
    schema: inlineRefs(schema, document, options.maxRefDepth, [], budget),
    ...(budget.reached ? { truncated: budget.reached } : {}),
  };
}

function isRequired(explained: ExplainedSchema): boolean {
  return explained.source === 'openapi/v3' && explained.lookup.steps.at(-1)?.required === true;
}

/** Replaces $refs by their targets, to a bounded depth, cutting cycles and what the walk budget does not allow. */
export function inlineRefs(schema: JsonSchema, document: unknown, depth: number, stack: string[], budget: WalkBudget): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') continue;
    out[key] = inlineValue(key, value, document, depth, stack, budget);
  }
  if (typeof schema.$ref === 'string') {
    const name = refName(schema.$ref);
    if (stack.includes(name)) return { $ref: schema.$ref, 'x-kapi-cut': 'cycle', ...out };
    if (depth <= 0) return { $ref: schema.$ref, 'x-kapi-cut': 'depth', ...out };
    if (!budget.enter(stack.length + 1) || !budget.expand(schema.$ref)) return { $ref: schema.$ref, 'x-kapi-cut': 'budget', ...out };
    const target = resolveRef(schema.$ref, document);
    if (target) return { ...inlineRefs(target, document, depth - 1, [...stack, name], budget), ...out, 'x-kapi-ref': name };
  }
  return out;
}

function inlineValue(key: string, value: unknown, document: unknown, depth: number, stack: string[], budget: WalkBudget): unknown {
  const schemaOf = (v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? inlineRefs(v as JsonSchema, document, depth, stack, budget) : v;
  if (key === 'properties' && typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, schemaOf(sub)]));
  }
  if (key === 'items' || key === 'additionalProperties' || key === 'not') return schemaOf(value);
  if ((key === 'allOf' || key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) return value.map(schemaOf);
  return value;
}
