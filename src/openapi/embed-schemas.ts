import { createHash } from 'node:crypto';
import type { JsonSchema } from './documents.js';
import type { ResourceSchema } from './resource-schemas.js';
import { resolveRef } from './schema.js';
import { typeName } from './v3.js';

/**
 * The schemas a self-contained page needs: for each resource, its kind's
 * schema and every schema reachable from it through $ref, once. Schemas of
 * the same name and content (ObjectMeta in every group-version document) are
 * stored once; the same name with other content gets "name~2". References are
 * rewritten to those keys ({"$ref": "io.k8s.api.core.v1.PodSpec"}), and each
 * property carries "x-kapi-type", explain's type name, so the page need not
 * name types itself. Pure.
 */

export interface EmbeddedSchemas {
  /** Schema key -> schema with rewritten references. */
  schemas: Record<string, JsonSchema>;
  /** Per resource (in the order given): the key of its kind's schema. */
  roots: string[];
}

/** Keywords the page never shows: dropped to keep the page small. */
const dropped = new Set(['x-kubernetes-group-version-kind']);

export function embedSchemas(resources: ResourceSchema[]): EmbeddedSchemas {
  const schemas: Record<string, JsonSchema> = {};
  /** content hash -> key, and per document: local reference -> key. */
  const byContent = new Map<string, string>();
  const perDocument = new Map<unknown, Map<string, string>>();

  const keyFor = (document: unknown, ref: string, schema: JsonSchema, name: string): string => {
    let local = perDocument.get(document);
    if (!local) {
      local = new Map();
      perDocument.set(document, local);
    }
    const known = local.get(ref);
    if (known !== undefined) return known;
    const hash = createHash('sha1').update(JSON.stringify(schema)).digest('base64');
    const same = byContent.get(`${name}\n${hash}`);
    if (same !== undefined) {
      local.set(ref, same);
      return same;
    }
    let key = name;
    for (let n = 2; key in schemas; n++) key = `${name}~${n}`;
    local.set(ref, key);
    byContent.set(`${name}\n${hash}`, key);
    schemas[key] = {};
    schemas[key] = rewrite(schema, document);
    return key;
  };

  const rewrite = (schema: JsonSchema, document: unknown): JsonSchema => {
    const copy = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(copy);
      if (typeof value !== 'object' || value === null) return value;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (dropped.has(key)) continue;
        const target = key === '$ref' && typeof item === 'string' ? resolveRef(item, document) : undefined;
        out[key] = target ? keyFor(document, item as string, target, (item as string).split('/').pop() as string) : copy(item);
      }
      return out;
    };
    const result = copy(schema) as JsonSchema;
    annotateTypes(schema, result, document);
    return result;
  };

  const roots = resources.map((entry) => {
    const ref = entry.source === 'openapi/v3' ? `#/components/schemas/${entry.schemaName}` : `#/definitions/${entry.schemaName}`;
    return keyFor(entry.document, ref, entry.schema, entry.schemaName);
  });
  shareRepeatedSubtrees(schemas);
  return { schemas, roots };
}

/** Inline schemas at least this long (as JSON, roughly) are stored once when they repeat. */
const shareMinLength = 512;

/** The slots a subschema sits in: each property, items, and map values. */
function slots(schema: JsonSchema): Array<[Record<string, JsonSchema>, string]> {
  const out: Array<[Record<string, JsonSchema>, string]> = [];
  for (const key of Object.keys(schema.properties ?? {})) out.push([schema.properties as Record<string, JsonSchema>, key]);
  if (schema.items && typeof schema.items === 'object') out.push([schema as Record<string, JsonSchema>, 'items']);
  if (typeof schema.additionalProperties === 'object') out.push([schema as Record<string, JsonSchema>, 'additionalProperties']);
  return out;
}

/**
 * CRDs carry their schemas inline, and many embed the same subtree (a whole
 * pod template). A property, items or map-value schema that appears more than
 * once, and is large, is stored once under "~<hash>" and referenced, as if
 * the document had named it. Hashes are computed bottom-up once per node.
 */
function shareRepeatedSubtrees(schemas: Record<string, JsonSchema>): void {
  const memo = new WeakMap<JsonSchema, { hash: string; size: number }>();
  const measure = (schema: JsonSchema): { hash: string; size: number } => {
    const known = memo.get(schema);
    if (known) return known;
    const shallow: Record<string, unknown> = { ...schema };
    let size = 0;
    const childHashes = (holder: Record<string, JsonSchema>, key: string) => {
      const child = measure(holder[key] as JsonSchema);
      size += child.size;
      return child.hash;
    };
    if (schema.properties) {
      shallow.properties = Object.fromEntries(
        Object.keys(schema.properties).map((key) => [key, childHashes(schema.properties as Record<string, JsonSchema>, key)]),
      );
    }
    if (schema.items && typeof schema.items === 'object') shallow.items = childHashes(schema as Record<string, JsonSchema>, 'items');
    if (typeof schema.additionalProperties === 'object')
      shallow.additionalProperties = childHashes(schema as Record<string, JsonSchema>, 'additionalProperties');
    const text = JSON.stringify(shallow);
    const result = { hash: createHash('sha1').update(text).digest('hex').slice(0, 16), size: size + text.length };
    memo.set(schema, result);
    return result;
  };
  const counts = new Map<string, number>();
  const count = (schema: JsonSchema) => {
    for (const [holder, key] of slots(schema)) {
      const sub = holder[key] as JsonSchema;
      const { hash, size } = measure(sub);
      if (size >= shareMinLength) counts.set(hash, (counts.get(hash) ?? 0) + 1);
      count(sub);
    }
  };
  for (const schema of Object.values(schemas)) count(schema);
  const replace = (schema: JsonSchema) => {
    for (const [holder, key] of slots(schema)) {
      const sub = holder[key] as JsonSchema;
      const { hash, size } = measure(sub);
      if (size < shareMinLength || (counts.get(hash) ?? 0) < 2) {
        replace(sub);
        continue;
      }
      const name = `~${hash}`;
      if (!(name in schemas)) {
        schemas[name] = sub;
        replace(sub);
      }
      holder[key] = { $ref: name };
    }
  };
  for (const name of Object.keys(schemas)) if (!name.startsWith('~')) replace(schemas[name] as JsonSchema);
}

/** Adds x-kapi-type to every property (and to items/map values down the way) of the copied schema. */
function annotateTypes(original: JsonSchema, copy: JsonSchema, document: unknown): void {
  for (const [name, property] of Object.entries(original.properties ?? {})) {
    const target = copy.properties?.[name];
    if (!target) continue;
    target['x-kapi-type'] = typeName(property, document);
    annotateTypes(property, target, document);
  }
  if (original.items && copy.items && typeof original.items === 'object') annotateTypes(original.items, copy.items, document);
  if (typeof original.additionalProperties === 'object' && typeof copy.additionalProperties === 'object')
    annotateTypes(original.additionalProperties, copy.additionalProperties, document);
  (original.allOf ?? []).forEach((part, index) => {
    const target = copy.allOf?.[index];
    if (target) annotateTypes(part, target, document);
  });
}
