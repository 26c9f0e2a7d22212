import { groupVersionPath } from '../surface/vocabulary.js';

/**
 * The OpenAPI documents explain reads. Only the parts kapi uses are typed;
 * everything else is kept as unknown so documents pass through unchanged.
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

/** GET /openapi/v3/apis/<group>/<version> (or /openapi/v3/api/v1). */
export interface OpenApiV3Document {
  openapi?: string;
  paths?: Record<string, PathItem>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** GET /openapi/v3: one entry per group-version, e.g. "apis/apps/v1". */
export interface OpenApiV3Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

/** GET /openapi/v2 (swagger 2.0). */
export interface SwaggerDocument {
  swagger?: string;
  paths?: Record<string, PathItem>;
  definitions?: Record<string, JsonSchema>;
}

/** The index key of a group-version: "api/v1" or "apis/<group>/<version>", as kubectl builds it. */
export function v3IndexKey(group: string, version: string): string {
  return groupVersionPath(group, version).slice(1);
}
