import { WalkBudget, walkCutLine } from '../limits/walk-budget.js';
import type { GroupVersionKindRef, JsonSchema, SwaggerDocument } from '../openapi/documents.js';
import { sortedKeys } from '../openapi/schema.js';
import { classifyV2, v2TypeName } from '../openapi/v2.js';
import { groupVersionString } from '../surface/vocabulary.js';
import { wrapParagraphs } from './explain-wrap.js';
import { terminalText as safe } from './terminal-text.js';

/**
 * kubectl explain's OpenAPI v2 output (`--output plaintext-openapiv2`, and
 * servers without /openapi/v3): KIND, VERSION, RESOURCE or FIELD,
 * DESCRIPTION, FIELDS, at kubectl's indentation and 80-column wrapping.
 */

const wrapWidth = 80;

class Lines {
  text = '';
  write(indent: number, line: string): void {
    this.text += line === '' ? '\n' : `${' '.repeat(indent)}${line}\n`;
  }
  wrapped(indent: number, paragraph: string): void {
    for (const line of wrapParagraphs(paragraph, wrapWidth - indent)) this.write(indent, line);
  }
}

export function renderExplainV2(
  document: SwaggerDocument,
  gvk: GroupVersionKindRef,
  fieldName: string,
  leaf: JsonSchema,
  options: { recursive: boolean; budget?: WalkBudget },
): string {
  const out = new Lines();
  const descriptions: string[] = [];
  let type = '';
  const header = () => {
    out.write(0, `KIND:     ${safe(gvk.kind)}`);
    out.write(0, `VERSION:  ${safe(groupVersionString(gvk.group, gvk.version))}\n`);
  };
  const describe = (schema: JsonSchema) => {
    out.write(0, 'DESCRIPTION:');
    let empty = true;
    for (const [index, text] of [...descriptions, schema.description ?? ''].entries()) {
      if (text === '') continue;
      empty = false;
      if (index !== 0) out.write(0, '');
      out.wrapped(5, text);
    }
    if (empty) out.wrapped(5, '<empty>');
  };
  let schema = leaf;
  for (;;) {
    const model = classifyV2(schema, document);
    if (model.type === 'array' || model.type === 'map' || model.type === 'reference') {
      descriptions.push(schema.description ?? '');
      if (type === '' && model.type !== 'reference') type = v2TypeName(schema, document);
      schema =
        model.type === 'array' ? model.items : model.type === 'map' ? (model.values ?? { description: schema.description }) : model.target;
      continue;
    }
    header();
    if (model.type === 'kind') {
      if (type === '') type = 'Object';
      if (fieldName !== '') out.write(0, `RESOURCE: ${safe(fieldName)} <${safe(type)}>\n`);
      describe(schema);
      out.write(0, '\nFIELDS:');
      if (options.recursive) {
        const budget = options.budget ?? new WalkBudget();
        recursiveFields(out, document, schema, 3, new Set(), budget);
        if (budget.reached) out.write(3, walkCutLine(budget.reached, budget.limits));
      } else regularFields(out, document, schema);
    } else if (model.type === 'primitive') {
      if (type === '') type = model.name;
      out.write(0, `FIELD:    ${safe(fieldName)} <${safe(type)}>\n`);
      describe(schema);
    } else {
      describe(schema);
    }
    // Descriptions keep their lines; any other character a terminal would act on is escaped.
    return safe(out.text, 'prose');
  }
}

/** The kind whose fields are listed: arrays, maps and references are looked through. */
function fieldsOwner(
  document: SwaggerDocument,
  schema: JsonSchema,
  visited: Set<string>,
  budget?: WalkBudget,
): { fields: Record<string, JsonSchema>; required: string[]; visited: Set<string> } | undefined {
  const model = classifyV2(schema, document);
  if (model.type === 'kind') return { fields: model.fields, required: model.required, visited };
  if (model.type === 'array') return fieldsOwner(document, model.items, visited, budget);
  if (model.type === 'map') return model.values ? fieldsOwner(document, model.values, visited, budget) : undefined;
  if (model.type === 'reference' && !visited.has(model.ref) && budget?.expand(model.ref) !== false) {
    return fieldsOwner(document, model.target, new Set(visited).add(model.ref), budget);
  }
  return undefined;
}

/** The fields of a kind, one paragraph each. */
function regularFields(out: Lines, document: SwaggerDocument, schema: JsonSchema): void {
  const owner = fieldsOwner(document, schema, new Set());
  for (const key of sortedKeys(owner?.fields)) {
    const field = owner?.fields[key] as JsonSchema;
    out.write(3, `${safe(key)}\t<${safe(v2TypeName(field, document))}>${owner?.required.includes(key) ? ' -required-' : ''}`);
    out.wrapped(5, field.description ?? '');
    out.write(0, '');
  }
}

/** The field tree, three more spaces a level; a reference is not expanded inside itself, and the walk stops where its budget does. */
function recursiveFields(
  out: Lines,
  document: SwaggerDocument,
  schema: JsonSchema,
  indent: number,
  visited: Set<string>,
  budget: WalkBudget,
): void {
  const owner = fieldsOwner(document, schema, visited, budget);
  for (const key of sortedKeys(owner?.fields)) {
    const field = owner?.fields[key] as JsonSchema;
    const line = `${safe(key)}\t<${safe(v2TypeName(field, document))}>`;
    if (!budget.enter(indent / 3) || !budget.write(indent + line.length + 1)) return;
    out.write(indent, line);
    recursiveFields(out, document, field, indent + 3, owner?.visited ?? visited, budget);
  }
}
