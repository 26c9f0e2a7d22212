import type { JsonSchema, OpenApiV3Document, OpenApiV3Index, SwaggerDocument } from './documents.js';

/**
 * Plain-function readers of the OpenAPI documents, standing before their zod schemas
 * (documents.ts) as src/snapshot/well-formed.ts stands before the snapshot's: building and running
 * zod's schemas over a group-version's schemas cost explain and `kapi check` more than the rest of
 * their work. A reader gives exactly what the schema's parse gives (a copy, with the schema's keys
 * first in its order, then the others as they came), or undefined for anything it is not sure of:
 * a wrong type, an own "__proto__" key, nesting deeper than `maxDepth`. zod then has the last word
 * and names the bad field, so a hostile document is refused and bounded exactly as before.
 * test/unit/openapi-well-formed.test.ts holds each reader to its schema on mutated real documents.
 */

type Json = Record<string, unknown>;
/** A reader: the schema's output for the value, or `refuse` (left to the schema). */
type Read = (value: unknown, depth: number) => unknown;

/** Deeper than any published schema (a CRD's nest a few dozen levels); deeper documents go to zod as before. */
const maxDepth = 100;
const refuse = Symbol('refuse');

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Object.hasOwn(value, '__proto__');

const optional =
  (read: Read): Read =>
  (value, depth) =>
    value === undefined ? undefined : read(value, depth);
const string: Read = (value) => (typeof value === 'string' ? value : refuse);
const boolean: Read = (value) => (typeof value === 'boolean' ? value : refuse);
const number: Read = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : refuse);
const unknown: Read = (value) => value;

function arrayOf(item: Read): Read {
  return (value, depth) => {
    if (!Array.isArray(value)) return refuse;
    const copy = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const read = item(value[i], depth);
      if (read === refuse) return refuse;
      copy[i] = read;
    }
    return copy;
  };
}

/** z.record(z.string(), item): a copy, keys in their order. */
function recordOf(item: Read): Read {
  return (value, depth) => {
    if (!isObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return refuse;
    const copy: Json = {};
    for (const key of Object.keys(value)) {
      const read = item(value[key], depth);
      if (read === refuse) return refuse;
      copy[key] = read;
    }
    return copy;
  };
}

/**
 * z.looseObject(fields): the fields present, in the schema's order, then every other key as it is.
 * It visits the keys the value has (a schema object has a few of the 35 fields a schema may have).
 */
function looseObject(fields: Record<string, Read>): Read {
  const names = Object.keys(fields);
  const position = new Map(names.map((name, index) => [name, index]));
  // Fields whose reader refuses an absent value: a value without one of them is left to zod.
  const required = names.filter((name) => (fields[name] as Read)(undefined, 0) === refuse);
  return (value, depth) => {
    if (!isObject(value)) return refuse;
    for (const name of required) if (!Object.hasOwn(value, name)) return refuse;
    const keys = Object.keys(value);
    const present: number[] = [];
    for (const key of keys) {
      const index = position.get(key);
      if (index !== undefined) present.push(index);
    }
    present.sort((a, b) => a - b);
    const copy: Json = {};
    for (const index of present) {
      const name = names[index] as string;
      const read = (fields[name] as Read)(value[name], depth);
      if (read === refuse) return refuse;
      copy[name] = read;
    }
    for (const key of keys) if (!position.has(key)) copy[key] = value[key];
    return copy;
  };
}

const text = optional(string);
const flag = optional(boolean);
const count = optional(number);
const numberOrFlag: Read = (value) => (typeof value === 'boolean' ? value : number(value, 0));
const gvk = looseObject({ group: string, version: string, kind: string });

/** A schema, one level deeper; past maxDepth it is left to zod. */
const nested: Read = (value, depth) => (depth >= maxDepth ? refuse : jsonSchema(value, depth + 1));
const nestedMap = optional(recordOf(nested));
const nestedList = optional(arrayOf(nested));

const jsonSchema: Read = looseObject({
  $ref: text,
  type: optional((value, depth) => (typeof value === 'string' ? value : arrayOf(string)(value, depth))),
  format: text,
  description: text,
  properties: nestedMap,
  required: optional(arrayOf(string)),
  items: optional(nested),
  additionalProperties: optional((value, depth) => (typeof value === 'boolean' ? value : nested(value, depth))),
  allOf: nestedList,
  oneOf: nestedList,
  anyOf: nestedList,
  enum: optional(arrayOf(unknown)),
  nullable: flag,
  minimum: count,
  maximum: count,
  exclusiveMinimum: optional(numberOrFlag),
  exclusiveMaximum: optional(numberOrFlag),
  minLength: count,
  maxLength: count,
  minItems: count,
  maxItems: count,
  minProperties: count,
  maxProperties: count,
  pattern: text,
  deprecated: flag,
  externalDocs: optional(looseObject({ description: text, url: text })),
  'x-kubernetes-group-version-kind': optional(arrayOf(gvk)),
  'x-kubernetes-preserve-unknown-fields': flag,
  'x-kubernetes-int-or-string': flag,
  'x-kubernetes-embedded-resource': flag,
  'x-kubernetes-list-type': text,
  'x-kubernetes-list-map-keys': optional(arrayOf(string)),
  'x-kubernetes-map-type': text,
  'x-kubernetes-validations': optional(
    arrayOf(looseObject({ rule: string, message: text, messageExpression: text, reason: text, fieldPath: text })),
  ),
});

const operation = optional(looseObject({ 'x-kubernetes-group-version-kind': optional(gvk) }));
const pathItem = looseObject({ get: operation, put: operation, post: operation, patch: operation, delete: operation });
const schemaMap = optional(recordOf(jsonSchema));

const v3Document = looseObject({
  openapi: text,
  paths: optional(recordOf(pathItem)),
  components: optional(looseObject({ schemas: schemaMap })),
});
const v3Index = looseObject({ paths: recordOf(looseObject({ serverRelativeURL: string })) });
const swaggerDocument = looseObject({ swagger: text, paths: optional(recordOf(pathItem)), definitions: schemaMap });

const reader =
  <T>(read: Read) =>
  (value: unknown): T | undefined => {
    const result = read(value, 0);
    return result === refuse ? undefined : (result as T);
  };

/** openApiV3DocumentSchema's output, or undefined (left to the schema). */
export const readOpenApiV3Document = reader<OpenApiV3Document>(v3Document);
/** openApiV3IndexSchema's output, or undefined. */
export const readOpenApiV3Index = reader<OpenApiV3Index>(v3Index);
/** swaggerDocumentSchema's output, or undefined. */
export const readSwaggerDocument = reader<SwaggerDocument>(swaggerDocument);
/** jsonSchemaSchema's output, or undefined. */
export const readJsonSchema = reader<JsonSchema>(jsonSchema);
