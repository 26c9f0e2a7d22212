import * as z from 'zod/mini';
import { groupVersionPath } from '../surface/vocabulary.js';

/**
 * The OpenAPI documents explain reads, with the schemas that check them where
 * they enter. Only the parts kapi uses are typed and checked; everything else
 * is kept as unknown so documents pass through unchanged. JsonSchema is
 * recursive, so it is written out and its schema is checked against it.
 */

/** A JSON schema as Kubernetes publishes it (OpenAPI v3 components or v2 definitions). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  pattern?: string;
  deprecated?: boolean;
  externalDocs?: { description?: string; url?: string };
  'x-kubernetes-group-version-kind'?: GroupVersionKindRef[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: ValidationRule[];
  [extension: string]: unknown;
}

export interface GroupVersionKindRef {
  group: string;
  version: string;
  kind: string;
}

export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
}

export interface OperationObject {
  'x-kubernetes-group-version-kind'?: GroupVersionKindRef;
  [key: string]: unknown;
}

export type PathItem = Partial<Record<'get' | 'put' | 'post' | 'patch' | 'delete', OperationObject>> & Record<string, unknown>;

const text = z.optional(z.string());
const flag = z.optional(z.boolean());
const count = z.optional(z.number());

// Every schema is built on first use (z.lazy): most runs never build one, because the plain readers
// of well-formed.ts take the documents first and leave only what they refuse to these schemas.
const gvkSchema = z.lazy(() => z.looseObject({ group: z.string(), version: z.string(), kind: z.string() }));

/** The recursive parts, each built once (a getter would build a new schema on every visit). */
const nested = z.lazy(() => jsonSchemaSchema);
const nestedMap = z.optional(z.lazy(() => z.record(z.string(), jsonSchemaSchema)));
const nestedList = z.optional(z.lazy(() => z.array(jsonSchemaSchema)));

export const jsonSchemaSchema: z.ZodMiniType<JsonSchema> = z.lazy(() =>
  z.looseObject({
    $ref: text,
    type: z.optional(z.union([z.string(), z.array(z.string())])),
    format: text,
    description: text,
    properties: nestedMap,
    required: z.optional(z.array(z.string())),
    items: z.optional(nested),
    additionalProperties: z.optional(z.union([z.boolean(), nested])),
    allOf: nestedList,
    oneOf: nestedList,
    anyOf: nestedList,
    enum: z.optional(z.array(z.unknown())),
    nullable: flag,
    minimum: count,
    maximum: count,
    exclusiveMinimum: z.optional(z.union([z.boolean(), z.number()])),
    exclusiveMaximum: z.optional(z.union([z.boolean(), z.number()])),
    minLength: count,
    maxLength: count,
    minItems: count,
    maxItems: count,
    minProperties: count,
    maxProperties: count,
    pattern: text,
    deprecated: flag,
    externalDocs: z.optional(z.looseObject({ description: text, url: text })),
    'x-kubernetes-group-version-kind': z.optional(z.array(gvkSchema)),
    'x-kubernetes-preserve-unknown-fields': flag,
    'x-kubernetes-int-or-string': flag,
    'x-kubernetes-embedded-resource': flag,
    'x-kubernetes-list-type': text,
    'x-kubernetes-list-map-keys': z.optional(z.array(z.string())),
    'x-kubernetes-map-type': text,
    'x-kubernetes-validations': z.optional(
      z.array(z.looseObject({ rule: z.string(), message: text, messageExpression: text, reason: text, fieldPath: text })),
    ),
  }),
);

const pathItemSchema = z.lazy(() => {
  const operationSchema = z.looseObject({ 'x-kubernetes-group-version-kind': z.optional(gvkSchema) });
  return z.looseObject({
    get: z.optional(operationSchema),
    put: z.optional(operationSchema),
    post: z.optional(operationSchema),
    patch: z.optional(operationSchema),
    delete: z.optional(operationSchema),
  });
});
const schemaMap = z.optional(z.lazy(() => z.record(z.string(), jsonSchemaSchema)));

/** GET /openapi/v3/apis/<group>/<version> (or /openapi/v3/api/v1). */
export const openApiV3DocumentSchema = z.lazy(() =>
  z.looseObject({
    openapi: text,
    paths: z.optional(z.record(z.string(), pathItemSchema)),
    components: z.optional(z.looseObject({ schemas: schemaMap })),
  }),
);
export type OpenApiV3Document = z.infer<typeof openApiV3DocumentSchema>;

/** GET /openapi/v3: one entry per group-version, e.g. "apis/apps/v1". */
export const openApiV3IndexSchema = z.lazy(() =>
  z.looseObject({
    paths: z.record(z.string(), z.looseObject({ serverRelativeURL: z.string() })),
  }),
);
export type OpenApiV3Index = z.infer<typeof openApiV3IndexSchema>;

/** GET /openapi/v2 (swagger 2.0). */
export const swaggerDocumentSchema = z.lazy(() =>
  z.looseObject({
    swagger: text,
    paths: z.optional(z.record(z.string(), pathItemSchema)),
    definitions: schemaMap,
  }),
);
export type SwaggerDocument = z.infer<typeof swaggerDocumentSchema>;

/** The index key of a group-version: "api/v1" or "apis/<group>/<version>", as kubectl builds it. */
export function v3IndexKey(group: string, version: string): string {
  return groupVersionPath(group, version).slice(1);
}
