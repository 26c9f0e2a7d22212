import type { ApiResource } from '../surface/model.js';
import type { JsonSchema, OpenApiV3Document, SwaggerDocument } from './documents.js';
import { v3IndexKey } from './documents.js';
import { ownEntry, type SchemaSource } from './load.js';
import { findGroupVersionKind, findKindSchema } from './v3.js';

/**
 * The schema of every resource asked for, found as explain finds one: OpenAPI
 * v3 (the index, then each group-version document once) or, for servers
 * without v3, the one v2 document. Resources without a schema are listed
 * apart, with the reason, so callers can say what they skipped.
 */

export interface ResourceSchema {
  resource: ApiResource;
  /** The document the schema lives in; its "#/..." references resolve against it. */
  document: OpenApiV3Document | SwaggerDocument;
  /** The component (v3) or definition (v2) name of the kind, e.g. io.k8s.api.apps.v1.Deployment. */
  schemaName: string;
  schema: JsonSchema;
  source: 'openapi/v3' | 'openapi/v2';
}

export interface MissingSchema {
  resource: ApiResource;
  reason: string;
}

export interface ResourceSchemas {
  found: ResourceSchema[];
  missing: MissingSchema[];
}

export async function loadResourceSchemas(source: SchemaSource, resources: ApiResource[]): Promise<ResourceSchemas> {
  const index = await source.v3Index();
  if (!index) return fromV2(await source.v2Document(), resources);
  const keys = [...new Set(resources.map((resource) => v3IndexKey(resource.group, resource.version)))];
  const documents = new Map(
    await Promise.all(keys.map(async (key) => [key, ownEntry(index, key) ? await source.v3Document(index, key) : undefined] as const)),
  );
  const found: ResourceSchema[] = [];
  const missing: MissingSchema[] = [];
  for (const resource of resources) {
    const key = v3IndexKey(resource.group, resource.version);
    const document = documents.get(key);
    if (!document) {
      missing.push({ resource, reason: `/openapi/v3 does not list ${key}` });
      continue;
    }
    const gvk = findGroupVersionKind(document, { group: resource.group, version: resource.version, resource: resource.name });
    const kind = gvk ? findKindSchema(document, gvk) : undefined;
    if (!kind) {
      missing.push({ resource, reason: `no schema for it in /openapi/v3/${key}` });
      continue;
    }
    found.push({ resource, document, schemaName: kind.name, schema: kind.schema, source: 'openapi/v3' });
  }
  return { found, missing };
}

function fromV2(document: SwaggerDocument, resources: ApiResource[]): ResourceSchemas {
  const byKind = new Map<string, string>();
  for (const [name, schema] of Object.entries(document.definitions ?? {})) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      // The first definition declaring a kind wins, as in explain's v2 lookup.
      const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
      if (!byKind.has(key)) byKind.set(key, name);
    }
  }
  const found: ResourceSchema[] = [];
  const missing: MissingSchema[] = [];
  for (const resource of resources) {
    const name = byKind.get(`${resource.group}/${resource.version}/${resource.kind}`);
    const schema = name === undefined ? undefined : document.definitions?.[name];
    if (name === undefined || !schema) {
      missing.push({ resource, reason: 'no schema for it in /openapi/v2' });
      continue;
    }
    found.push({ resource, document, schemaName: name, schema, source: 'openapi/v2' });
  }
  return { found, missing };
}
