import { NotFoundError } from '../errors.js';
import type { GroupVersionKindRef, JsonSchema, SwaggerDocument } from './documents.js';
import { ownValue } from './schema.js';

/**
 * The OpenAPI v2 (swagger) models kubectl explain's v2 printer works on:
 * every schema is a kind (object with properties), a map, an array, a
 * primitive, a reference to a definition, or arbitrary (anything goes).
 */
export type V2Model =
  | { type: 'kind'; schema: JsonSchema; fields: Record<string, JsonSchema>; required: string[] }
  | { type: 'map'; schema: JsonSchema; values: JsonSchema | undefined }
  | { type: 'array'; schema: JsonSchema; items: JsonSchema }
  | { type: 'primitive'; schema: JsonSchema; name: string }
  | { type: 'reference'; schema: JsonSchema; ref: string; target: JsonSchema }
  | { type: 'arbitrary'; schema: JsonSchema };

export function classifyV2(schema: JsonSchema, document: SwaggerDocument): V2Model {
  if (typeof schema.$ref === 'string' && schema.$ref !== '') {
    const name = schema.$ref.replace(/^#\/definitions\//, '');
    return { type: 'reference', schema, ref: name, target: ownValue(document.definitions, name) ?? {} };
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  if (types.length === 0) {
    return schema.properties !== undefined
      ? { type: 'kind', schema, fields: schema.properties, required: schema.required ?? [] }
      : { type: 'arbitrary', schema };
  }
  if (types[0] === 'object') {
    if (schema.properties !== undefined) return { type: 'kind', schema, fields: schema.properties, required: schema.required ?? [] };
    const values = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    return { type: 'map', schema, values };
  }
  if (types[0] === 'array') return { type: 'array', schema, items: schema.items ?? {} };
  return { type: 'primitive', schema, name: String(types[0]) };
}

/** The definition declaring the kind in x-kubernetes-group-version-kind. */
export function findV2Definition(document: SwaggerDocument, gvk: GroupVersionKindRef): JsonSchema | undefined {
  for (const schema of Object.values(document.definitions ?? {})) {
    const kinds = schema['x-kubernetes-group-version-kind'];
    if (Array.isArray(kinds) && kinds.some((k) => k.group === gvk.group && k.version === gvk.version && k.kind === gvk.kind)) {
      return schema;
    }
  }
  return undefined;
}

/**
 * Follows a field path as kubectl's v2 lookup does: through references,
 * arrays and maps; a primitive or arbitrary value ends the walk.
 */
export function lookupV2Field(document: SwaggerDocument, schema: JsonSchema, path: string[]): JsonSchema {
  const model = classifyV2(schema, document);
  if (model.type === 'primitive' || model.type === 'arbitrary') return schema;
  if (path.length === 0) return schema;
  if (model.type === 'array') return lookupV2Field(document, model.items, path);
  if (model.type === 'map') return model.values ? lookupV2Field(document, model.values, path) : { ...model.schema, type: undefined };
  if (model.type === 'reference') return lookupV2Field(document, model.target, path);
  const [name, ...rest] = path as [string, ...string[]];
  const field = ownValue(model.fields, name);
  if (field === undefined) throw new NotFoundError(`field "${name}" does not exist`);
  return lookupV2Field(document, field, rest);
}

export function v2TypeName(schema: JsonSchema, document: SwaggerDocument): string {
  const model = classifyV2(schema, document);
  switch (model.type) {
    case 'array':
      return `[]${v2TypeName(model.items, document)}`;
    case 'kind':
      return 'Object';
    case 'map':
      return `map[string]${model.values ? v2TypeName(model.values, document) : ''}`;
    case 'primitive':
      return model.name;
    case 'reference':
      return v2TypeName(model.target, document);
    case 'arbitrary':
      return '';
  }
}
