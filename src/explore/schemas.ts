import { NotFoundError } from '../errors.js';
import { WalkBudget, type WalkLimit } from '../limits/walk-budget.js';
import type { OpenApiV3Document, OpenApiV3Index } from '../openapi/documents.js';
import { v3IndexKey } from '../openapi/documents.js';
import { walkFields } from '../openapi/field-index.js';
import type { SchemaSource } from '../openapi/load.js';
import { findGroupVersionKind, findKindSchema, lookupField } from '../openapi/v3.js';
import { renderExplainV3 } from '../render/explain-v3.js';
import type { ExploreResource, FieldPath, GroupVersionSchemas } from './state.js';

/**
 * Loads one group-version's OpenAPI v3 document for the explorer (the index
 * once, then each document once, when first asked for) and answers its two questions:
 * a resource's field paths and explain's plaintext for one path, exactly as
 * `kapi explain` prints it.
 */
export function groupVersionLoader(source: SchemaSource): (resource: ExploreResource) => Promise<GroupVersionSchemas> {
  let index: Promise<OpenApiV3Index | undefined> | undefined;
  const loaded = new Map<string, Promise<GroupVersionSchemas>>();
  const load = async (resource: ExploreResource): Promise<GroupVersionSchemas> => {
    index ??= source.v3Index();
    const indexDocument = await index;
    const key = v3IndexKey(resource.group, resource.version);
    if (!indexDocument)
      throw new NotFoundError('the server serves no OpenAPI v3 (/openapi/v3): use `kapi explain`, which reads OpenAPI v2');
    const document = indexDocument.paths[key] ? await source.v3Document(indexDocument, key) : undefined;
    if (!document) throw new NotFoundError(`/openapi/v3 does not list ${key}`);
    return documentSchemas(document);
  };
  return (resource) => {
    const key = v3IndexKey(resource.group, resource.version);
    if (!loaded.has(key)) loaded.set(key, load(resource));
    return loaded.get(key) as Promise<GroupVersionSchemas>;
  };
}

/** A group-version document's answers, with each kind's field list computed once (within the walk budget). */
export function documentSchemas(document: OpenApiV3Document): GroupVersionSchemas {
  const fieldsByResource = new Map<string, FieldPath[]>();
  const cuts = new Map<string, WalkLimit>();
  const kindOf = (resource: ExploreResource) => {
    const gvk = findGroupVersionKind(document, { group: resource.group, version: resource.version, resource: resource.name });
    const kind = gvk ? findKindSchema(document, gvk) : undefined;
    return gvk && kind ? { gvk, schema: kind.schema } : undefined;
  };
  return {
    fields(resource) {
      const key = `${resource.name}.${resource.group}`;
      let fields = fieldsByResource.get(key);
      if (!fields) {
        const kind = kindOf(resource);
        const budget = new WalkBudget();
        fields = kind ? walkFields(document, kind.schema, budget).filter((field) => field.path.length > 0) : [];
        fieldsByResource.set(key, fields);
        if (budget.reached) cuts.set(key, budget.reached);
      }
      return fields;
    },
    fieldsCut(resource) {
      this.fields(resource);
      return cuts.get(`${resource.name}.${resource.group}`);
    },
    explain(resource, path) {
      const kind = kindOf(resource);
      if (!kind) throw new NotFoundError(`no schema for ${resource.kind} in /openapi/v3/${v3IndexKey(resource.group, resource.version)}`);
      const lookup = lookupField(document, kind.schema, path);
      if (!lookup) throw new NotFoundError(`field "${path.join('.')}" does not exist in ${resource.name}`);
      return renderExplainV3(document, kind.gvk, lookup, { recursive: false, extras: true });
    },
  };
}
