import { WalkBudget, walkCutLine } from '../limits/walk-budget.js';
import type { GroupVersionKindRef, JsonSchema } from '../openapi/documents.js';
import { arrayItems, isSet, mapValues, resolveRef, sortedKeys } from '../openapi/schema.js';
import { type FieldLookup, typeName } from '../openapi/v3.js';
import { allowsAnyFields, anyFieldsLine, extraLines } from './explain-extras.js';
import { indent, wordWrap } from './explain-wrap.js';
import { terminalText as safe } from './terminal-text.js';

/**
 * kubectl explain's plaintext (OpenAPI v3) output: the layout of kubectl's
 * plaintext template (GROUP/KIND/VERSION, FIELD, DESCRIPTION, FIELDS),
 * reimplemented as plain functions. With `extras`, kapi adds lines kubectl
 * does not print (see explain-extras.ts).
 */

export interface ExplainTextOptions {
  recursive: boolean;
  /** With recursive: how many levels of fields to print (1 = only the first). */
  maxDepth?: number;
  /** Print kapi's extra lines (off with --kubectl-compat). */
  extras: boolean;
  /** The walk's budget; when it runs out the field list ends with a marked line (and the caller warns). */
  budget?: WalkBudget;
}

/** kubectl's v3 header (GROUP only for a named group), which it prints before it looks the field path up. */
export function explainV3Header(gvk: GroupVersionKindRef): string {
  let out = '';
  if (gvk.group) out += `GROUP:      ${safe(gvk.group)}\n`;
  out += `KIND:       ${safe(gvk.kind)}\n`;
  out += `VERSION:    ${safe(gvk.version)}\n\n`;
  return out;
}

export function renderExplainV3(document: unknown, gvk: GroupVersionKindRef, lookup: FieldLookup, options: ExplainTextOptions): string {
  let out = explainV3Header(gvk);
  if (lookup.fieldName !== undefined && lookup.fieldSchema !== undefined) {
    out += `FIELD: ${safe(lookup.fieldName)} <${safe(typeName(lookup.fieldSchema, document))}>\n`;
    const enumPart = enumText(lookup.fieldSchema, { long: true, limit: -1, indentAmount: 0 });
    const extras = options.extras ? extraLines(lookup.fieldSchema, document) : [];
    out += extras.length === 0 ? enumPart : `${enumPart}${enumPart ? '\n' : ''}${extras.join('\n')}`;
    out += '\n\n';
  }
  const resolved = resolveRef(lookup.schema.$ref, document) ?? lookup.schema;
  const budget = options.budget ?? new WalkBudget();
  out += 'DESCRIPTION:\n';
  // Its own budget: a DAG of allOf branches in the description must not use up the field list's.
  out += `${indent(4, wordWrap(description(lookup.schema, document, new WalkBudget()) || '<empty>', 76))}\n`;
  const docs = externalDocs(resolved.externalDocs, 0);
  if (docs) out += `\n${docs}`;
  let fields = fieldList(resolved, document, { ...options, budget, level: 1, history: new Set() });
  if (budget.reached) fields += `${indent(2, walkCutLine(budget.reached, budget.limits))}\n`;
  if (fields) out += `FIELDS:\n${fields}`;
  else if (options.extras && allowsAnyFields(lookup.schema, document)) out += `FIELDS:\n  ${anyFieldsLine}\n\n`;
  // Descriptions keep their lines; any other character a terminal would act on is escaped.
  return safe(`${out}\n`, 'prose');
}

/**
 * The description of a schema and of what it wraps (allOf, items, map values), one per line. A
 * reference inside itself is not followed again, and the walk budget bounds a DAG of allOf branches.
 */
function description(schema: JsonSchema, document: unknown, budget: WalkBudget, ancestors: ReadonlySet<string> = new Set()): string {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : '';
  if (ref !== '' && (ancestors.has(ref) || !budget.expand(ref))) return '';
  const inside = ref === '' ? ancestors : new Set(ancestors).add(ref);
  const s = resolveRef(ref, document) ?? schema;
  let text = isSet(s.description) ? `${s.description}\n` : '';
  for (const part of s.allOf ?? []) text += description(part, document, budget, inside);
  const items = arrayItems(s);
  if (items) text += description(items, document, budget, inside);
  const values = mapValues(s);
  if (values) text += description(values, document, budget, inside);
  return text;
}

function externalDocs(docs: JsonSchema['externalDocs'], indentAmount: number): string {
  if (!isSet(docs)) return '';
  let text = `${indent(indentAmount, 'EXTERNAL DOCS:')}\n`;
  if (isSet(docs?.description)) text += `${indent(indentAmount + 2, wordWrap(docs?.description as string, 76 - indentAmount))}\n`;
  if (isSet(docs?.url)) text += `${indent(indentAmount + 2, `URL: ${docs?.url}`)}\n`;
  return text;
}

interface ListContext extends ExplainTextOptions {
  budget: WalkBudget;
  level: number;
  history: Set<string>;
}

function fieldList(schema: JsonSchema, document: unknown, context: ListContext): string {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : '';
  if (ref !== '' && context.history.has(ref)) return '';
  if (ref !== '' && !context.budget.expand(ref)) return '';
  const next: ListContext = { ...context, history: new Set(context.history).add(ref) };
  const resolved = resolveRef(ref, document) ?? schema;
  let text = '';
  for (const name of sortedKeys(resolved.properties)) {
    if (!context.budget.enter(context.level)) return text;
    const detail = fieldDetail(name, resolved, document, context);
    if (!context.budget.write(detail.length)) return text;
    text += detail;
    const deeper = context.maxDepth === undefined || context.level < context.maxDepth;
    if (context.recursive && deeper) {
      text += fieldList(resolved.properties?.[name] as JsonSchema, document, { ...next, level: context.level + 1 });
    }
  }
  for (const part of resolved.allOf ?? []) text += fieldList(part, document, next);
  const items = arrayItems(resolved);
  if (items) text += fieldList(items, document, next);
  const values = mapValues(resolved);
  if (values) text += fieldList(values, document, next);
  return text;
}

function fieldDetail(name: string, parent: JsonSchema, document: unknown, context: ListContext): string {
  const indentAmount = context.level * 2;
  const field = parent.properties?.[name] as JsonSchema;
  let text = `${indent(indentAmount, safe(name))}\t<${safe(typeName(field, document))}>`;
  if (parent.required?.includes(name)) text += ' -required-';
  text += enumText(field, { long: false, limit: 4, indentAmount });
  if (context.extras) {
    for (const line of extraLines(field, document, { enumShownLimit: 4 })) text += `\n${indent(indentAmount, line)}`;
  }
  text += '\n';
  if (context.recursive) return text;
  text += `${indent(indentAmount + 2, wordWrap(isSet(field.description) ? (field.description as string) : '<no description>', 78 - indentAmount))}\n`;
  const docs = externalDocs(field.externalDocs, indentAmount + 2);
  if (docs) text += `\n${docs}`;
  return `${text}\n`;
}

/** "enum: a, b, c, d, ...." in the field list; "ENUM:" with one value a line in the FIELD view. */
function enumText(schema: JsonSchema, options: { long: boolean; limit: number; indentAmount: number }): string {
  if (!isSet(schema.enum)) return '';
  const values = schema.enum as unknown[];
  let text = options.long ? 'ENUM:' : `\n${' '.repeat(options.indentAmount)}enum: `;
  for (const [index, value] of values.entries()) {
    if (options.limit > -1 && index >= options.limit) {
      text += ', ....';
      break;
    }
    if (index > 0 && !options.long) text += ', ';
    else if (options.long) text += '\n    ';
    text += value === '' ? '""' : goPrint(value);
  }
  return text;
}

/** How Go's text/template prints a JSON value. */
function goPrint(value: unknown): string {
  if (typeof value === 'string') return safe(value);
  if (typeof value === 'number') return goFloat(value);
  if (value === null) return '<nil>';
  return String(value);
}

/** fmt's %v of a float64: the shortest digits, in exponent form when the exponent is below -4 or 6 and up. */
function goFloat(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 6) return String(value);
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
