import { WalkBudget, walkCutLine } from '../limits/walk-budget.js';
import type { JsonSchema } from '../openapi/documents.js';
import type { ExplainedSchema, ExplainTarget } from '../openapi/explain.js';
import { arrayItems, isSet, mapValues, resolveRef, sortedKeys } from '../openapi/schema.js';
import { v2TypeName } from '../openapi/v2.js';
import { typeName } from '../openapi/v3.js';
import { groupVersionString } from '../surface/vocabulary.js';
import { type MarkdownCell, markdownText, toMarkdown } from './formats.js';

/** A Markdown field table of the schema at the path; with recursive, nested fields as dotted paths. */
export function renderExplainMarkdown(
  explained: ExplainedSchema,
  target: ExplainTarget,
  options: { recursive: boolean; maxDepth?: number; budget?: WalkBudget },
): string {
  const budget = options.budget ?? new WalkBudget();
  const rows: MarkdownCell[][] = [];
  const document = explained.document;
  const typeOf = (schema: JsonSchema) =>
    explained.source === 'openapi/v3' ? typeName(schema, document) : v2TypeName(schema, explained.document);
  const visit = (schema: JsonSchema, prefix: string, level: number, seen: Set<string>) => {
    const { fields, refs } = fieldsOf(schema, document, seen, budget);
    for (const { name, field, required } of fields) {
      const row: MarkdownCell[] = [
        { code: `${prefix}${name}` },
        { code: typeOf(field) },
        required ? 'yes' : '',
        firstParagraph(field.description),
      ];
      if (!budget.enter(level) || !budget.write(prefix.length + name.length + (row[3] as string).length)) return;
      rows.push(row);
      const deeper = options.maxDepth === undefined || level < options.maxDepth;
      if (options.recursive && deeper) visit(field, `${prefix}${name}.`, level + 1, refs);
    }
  };
  const root = explained.source === 'openapi/v3' ? explained.lookup.schema : explained.leaf;
  visit(root, '', 1, new Set());
  const path = [explained.gvk.kind, ...target.fieldPath].join('.');
  const gv = groupVersionString(explained.gvk.group, explained.gvk.version);
  const heading = `## ${markdownText(path, 'line')} (${markdownText(gv, 'line')})\n\n`;
  const description = firstParagraph(descriptionOf(root, document));
  const table = rows.length > 0 ? toMarkdown(['Field', 'Type', 'Required', 'Description'], rows) : '_No fields._\n';
  const cut = budget.reached ? `\n_${markdownText(walkCutLine(budget.reached, budget.limits), 'line')}_\n` : '';
  return `${heading}${description ? `${markdownText(description, 'line')}\n\n` : ''}${table}${cut}`;
}

function descriptionOf(schema: JsonSchema, document: unknown): string | undefined {
  if (isSet(schema.description)) return schema.description;
  const target = resolveRef(schema.$ref ?? schema.allOf?.[0]?.$ref, document);
  return target?.description;
}

/** A schema's fields (through $ref, allOf, items and map values) and the references followed to them, its fields' ancestors. */
function fieldsOf(
  schema: JsonSchema,
  document: unknown,
  seen: Set<string>,
  budget: WalkBudget,
): { fields: { name: string; field: JsonSchema; required: boolean }[]; refs: Set<string> } {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : '';
  if (ref && (seen.has(ref) || !budget.expand(ref))) return { fields: [], refs: seen };
  const next = ref ? new Set(seen).add(ref) : seen;
  const s = resolveRef(ref, document) ?? schema;
  const own = sortedKeys(s.properties).map((name) => ({
    name,
    field: s.properties?.[name] as JsonSchema,
    required: s.required?.includes(name) === true,
  }));
  const wrapped = [...(s.allOf ?? []), arrayItems(s), mapValues(s)].filter((x): x is JsonSchema => x !== undefined);
  const parts = wrapped.map((part) => fieldsOf(part, document, next, budget));
  const refs = new Set([next, ...parts.map((part) => part.refs)].flatMap((set) => [...set]));
  return { fields: [...own, ...parts.flatMap((part) => part.fields)], refs };
}

function firstParagraph(text: string | undefined): string {
  return (
    (text ?? '')
      .split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, ' ')
      .trim() ?? ''
  );
}
