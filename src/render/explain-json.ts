import type { JsonSchema } from '../openapi/documents.js';
import type { ExplainedSchema, ExplainTarget } from '../openapi/explain.js';
import { arrayItems, isSet, mapValues, refName, resolveRef, sortedKeys } from '../openapi/schema.js';
import { v2TypeName } from '../openapi/v2.js';
import { typeName } from '../openapi/v3.js';
import { groupVersionString } from '../surface/vocabulary.js';
import { toMarkdown } from './formats.js';
import { terminalText } from './terminal-text.js';

/**
 * The document `kapi explain -o json|yaml` prints. Stable: fields are only
 * ever added.
 */
export interface ExplainDocument {
  /** The kind explained. */
  group: string;
  version: string;
  kind: string;
  /** Plural resource name. */
  resource: string;
  /** [] for the resource itself. */
  fieldPath: string[];
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
   * {"$ref": ..., "x-kapi-cut": "depth" | "cycle"}.
   */
  schema: JsonSchema;
}

export function renderExplainDocument(
  explained: ExplainedSchema,
  target: ExplainTarget,
  options: { maxRefDepth: number },
): ExplainDocument {
  const document = explained.document;
  const schema = explained.source === 'openapi/v3' ? explained.lookup.schema : explained.leaf;
  const type =
    explained.source === 'openapi/v3'
      ? explained.lookup.fieldSchema
        ? typeName(explained.lookup.fieldSchema, document)
        : 'Object'
      : v2TypeName(schema, explained.document);
  return {
    group: explained.gvk.group,
    version: explained.gvk.version,
    kind: explained.gvk.kind,
    resource: target.resource,
    fieldPath: target.fieldPath,
    source: explained.source,
    type,
    required: isRequired(explained),
    schema: inlineRefs(schema, document, options.maxRefDepth, []),
  };
}

function isRequired(explained: ExplainedSchema): boolean {
  return explained.source === 'openapi/v3' && explained.lookup.steps.at(-1)?.required === true;
}

/** Replaces $refs by their targets, to a bounded depth, cutting cycles. */
export function inlineRefs(schema: JsonSchema, document: unknown, depth: number, stack: string[]): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') continue;
    out[key] = inlineValue(key, value, document, depth, stack);
  }
  if (typeof schema.$ref === 'string') {
    const name = refName(schema.$ref);
    if (stack.includes(name)) return { $ref: schema.$ref, 'x-kapi-cut': 'cycle', ...out };
    if (depth <= 0) return { $ref: schema.$ref, 'x-kapi-cut': 'depth', ...out };
    const target = resolveRef(schema.$ref, document);
    if (target) return { ...inlineRefs(target, document, depth - 1, [...stack, name]), ...out, 'x-kapi-ref': name };
  }
  return out;
}

function inlineValue(key: string, value: unknown, document: unknown, depth: number, stack: string[]): unknown {
  const schemaOf = (v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? inlineRefs(v as JsonSchema, document, depth, stack) : v;
  if (key === 'properties' && typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, schemaOf(sub)]));
  }
  if (key === 'items' || key === 'additionalProperties' || key === 'not') return schemaOf(value);
  if ((key === 'allOf' || key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) return value.map(schemaOf);
  return value;
}

/** A Markdown field table of the schema at the path; with recursive, nested fields as dotted paths. */
export function renderExplainMarkdown(
  explained: ExplainedSchema,
  target: ExplainTarget,
  options: { recursive: boolean; maxDepth?: number },
): string {
  const rows: string[][] = [];
  const document = explained.document;
  const typeOf = (schema: JsonSchema) =>
    explained.source === 'openapi/v3' ? typeName(schema, document) : v2TypeName(schema, explained.document);
  const visit = (schema: JsonSchema, prefix: string, level: number, seen: Set<string>) => {
    for (const { name, field, required } of fieldsOf(schema, document, seen)) {
      rows.push([`\`${prefix}${name}\``, `\`${typeOf(field)}\``, required ? 'yes' : '', firstParagraph(field.description)]);
      const deeper = options.maxDepth === undefined || level < options.maxDepth;
      if (options.recursive && deeper) visit(field, `${prefix}${name}.`, level + 1, seen);
    }
  };
  const root = explained.source === 'openapi/v3' ? explained.lookup.schema : explained.leaf;
  visit(root, '', 1, new Set());
  const path = [explained.gvk.kind, ...target.fieldPath].join('.');
  const gv = groupVersionString(explained.gvk.group, explained.gvk.version);
  const heading = `## ${terminalText(path, 'line')} (${terminalText(gv, 'line')})\n\n`;
  const description = firstParagraph(descriptionOf(root, document));
  const table = rows.length > 0 ? toMarkdown(['Field', 'Type', 'Required', 'Description'], rows) : '_No fields._\n';
  return terminalText(`${heading}${description ? `${description}\n\n` : ''}${table}`, 'prose');
}

function descriptionOf(schema: JsonSchema, document: unknown): string | undefined {
  if (isSet(schema.description)) return schema.description;
  const target = resolveRef(schema.$ref ?? schema.allOf?.[0]?.$ref, document);
  return target?.description;
}

function fieldsOf(schema: JsonSchema, document: unknown, seen: Set<string>): { name: string; field: JsonSchema; required: boolean }[] {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : '';
  if (ref && seen.has(ref)) return [];
  const next = ref ? new Set(seen).add(ref) : seen;
  const s = resolveRef(ref, document) ?? schema;
  const own = sortedKeys(s.properties).map((name) => ({
    name,
    field: s.properties?.[name] as JsonSchema,
    required: s.required?.includes(name) === true,
  }));
  const wrapped = [...(s.allOf ?? []), arrayItems(s), mapValues(s)].filter((x): x is JsonSchema => x !== undefined);
  return [...own, ...wrapped.flatMap((part) => fieldsOf(part, document, next))];
}

function firstParagraph(text: string | undefined): string {
  return (
    (text ?? '')
      .split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, ' ')
      .trim() ?? ''
  );
}
