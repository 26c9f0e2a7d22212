import { WalkBudget, walkLimitText } from '../limits/walk-budget.js';
import type { ChangeMarker } from '../surface/diff.js';
import { compareBytes, groupVersionString, resourceVersionPath } from '../surface/vocabulary.js';
import { fieldPathText, type SchemaField, walkFields } from './field-index.js';
import type { MissingSchema, ResourceSchema } from './resource-schemas.js';
import { declaresDefault } from './schema.js';

/**
 * Field-level changes between the schemas of two surfaces, for every resource
 * (group, version, plural) both serve. Pure. The JSON shape printed by
 * `kapi diff --schemas -o json|yaml` is SchemaDiff: fields are never omitted.
 */

/** The same markers as the surface diff. */
export type FieldChangeMarker = ChangeMarker;

/** type, format, required, enum, default, validation, deprecated. */
export type SchemaAttribute = 'type' | 'format' | 'required' | 'enum' | 'default' | 'validation' | 'deprecated';

export interface AttributeChange {
  attribute: SchemaAttribute;
  /** Scalars as text (default as JSON); null when unset. For enum and validation, null: see added/removed. */
  from: string | null;
  to: string | null;
  /** Enum values (as JSON) or validation rules that appeared / went away; else []. */
  added: string[];
  removed: string[];
}

export interface SchemaFieldChange {
  change: FieldChangeMarker;
  /** Explain's dotted path. */
  field: string;
  /** The field's type on the side that has it (the new side for changed fields). */
  type: string;
  attributes: AttributeChange[];
}

export interface ResourceSchemaChanges {
  group: string;
  version: string;
  groupVersion: string;
  resource: string;
  kind: string;
  changes: SchemaFieldChange[];
}

export interface SchemaDiffSide {
  label: string;
  serverVersion: string | null;
  /** Where the schemas came from: openapi/v3 or openapi/v2. */
  schemaSource: string | null;
}

export interface SchemaDiffSummary {
  resourcesCompared: number;
  /** Resources (group, version, plural) only one side serves: not compared, named in notes. */
  resourcesOnOneSide: number;
  resourcesChanged: number;
  fieldsAdded: number;
  fieldsRemoved: number;
  fieldsChanged: number;
}

export interface SchemaDiff {
  apiVersion: 'kapi.dev/v1';
  kind: 'ApiSchemaDiff';
  from: SchemaDiffSide;
  to: SchemaDiffSide;
  summary: SchemaDiffSummary;
  /** Resources with at least one change, sorted by group (core first), version, resource. */
  resources: ResourceSchemaChanges[];
  /** What could not be compared and why. */
  notes: string[];
}

export interface SchemaSide {
  label: string;
  serverVersion: string | null;
  found: ResourceSchema[];
  missing: MissingSchema[];
  /**
   * Whether a built-in kind is deprecated at this side's release, from the lifecycle data;
   * undefined when the data does not know the kind or the release (a kind's description
   * decides then). A description is no API deprecation: core/v1 Binding's said "Deprecated
   * in 1.7" until 1.32, though the type never was (it is pods/binding's request).
   */
  kindDeprecated?: (group: string, version: string, kind: string) => boolean | undefined;
}

/** The kind's own row (the root field) takes the side's lifecycle verdict when there is one. */
function withKindDeprecation(fields: SchemaField[], side: SchemaSide, resource: ResourceSchema['resource']): SchemaField[] {
  const known = side.kindDeprecated?.(resource.group, resource.version, resource.kind);
  return known === undefined ? fields : fields.map((field) => (field.path.length === 0 ? { ...field, deprecated: known } : field));
}

export function diffSchemas(from: SchemaSide, to: SchemaSide): SchemaDiff {
  const key = ({ resource }: { resource: { group: string; version: string; name: string } }) =>
    resourceVersionPath(resource.group, resource.version, resource.name);
  const after = new Map(to.found.map((entry) => [key(entry), entry]));
  const resources: ResourceSchemaChanges[] = [];
  let compared = 0;
  const cutNotes: string[] = [];
  for (const before of from.found) {
    const now = after.get(key(before));
    if (!now) continue;
    compared++;
    const budgets = [new WalkBudget(), new WalkBudget()] as const;
    const changes = fieldChanges(
      withKindDeprecation(walkFields(before.document, before.schema, budgets[0]), from, before.resource),
      withKindDeprecation(walkFields(now.document, now.schema, budgets[1]), to, now.resource),
    );
    budgets.forEach((budget, index) => {
      const label = index === 0 ? from.label : to.label;
      if (budget.reached)
        cutNotes.push(`compared only in part, the field walk stopped at ${walkLimitText(budget.reached)} in ${label}: ${key(now)}`);
    });
    if (changes.length === 0) continue;
    const { group, version, name, kind } = now.resource;
    resources.push({ group, version, groupVersion: groupVersionString(group, version), resource: name, kind, changes });
  }
  resources.sort((a, b) => compareBytes(a.group, b.group) || compareBytes(a.version, b.version) || compareBytes(a.resource, b.resource));
  const notes: string[] = [...cutNotes];
  let oneSide = 0;
  for (const [side, other] of [
    [from, to],
    [to, from],
  ] as const) {
    const otherKeys = new Set([...other.found, ...other.missing].map(key));
    const only = [...side.found, ...side.missing].map(key).filter((name) => !otherKeys.has(name));
    oneSide += only.length;
    if (only.length > 0) notes.push(`served only by ${side.label}, not compared: ${only.sort(compareBytes).join(', ')}`);
    const skipped = side.missing.filter((entry) => otherKeys.has(key(entry)));
    if (skipped.length > 0) {
      const names = skipped.map(key).sort(compareBytes);
      notes.push(`not compared, no schema in ${side.label}: ${names.join(', ')}`);
    }
  }
  const all = resources.flatMap((r) => r.changes);
  return {
    apiVersion: 'kapi.dev/v1',
    kind: 'ApiSchemaDiff',
    from: side(from),
    to: side(to),
    summary: {
      resourcesCompared: compared,
      resourcesOnOneSide: oneSide,
      resourcesChanged: resources.length,
      fieldsAdded: all.filter((c) => c.change === 'added').length,
      fieldsRemoved: all.filter((c) => c.change === 'removed').length,
      fieldsChanged: all.filter((c) => c.change === 'changed').length,
    },
    resources,
    notes,
  };
}

function side(s: SchemaSide): SchemaDiffSide {
  return { label: s.label, serverVersion: s.serverVersion, schemaSource: s.found[0]?.source ?? null };
}

/** Removed fields first in the old order, then added and changed ones in the new order (both walks are name-sorted, depth first). */
export function fieldChanges(before: SchemaField[], after: SchemaField[]): SchemaFieldChange[] {
  const old = new Map(before.map((field) => [fieldPathText(field.path), field]));
  const now = new Map(after.map((field) => [fieldPathText(field.path), field]));
  const changes: SchemaFieldChange[] = [];
  for (const [path, field] of old) {
    if (!now.has(path)) changes.push({ change: 'removed', field: path, type: field.type, attributes: [] });
  }
  for (const [path, field] of now) {
    const previous = old.get(path);
    if (!previous) {
      changes.push({ change: 'added', field: path, type: field.type, attributes: [] });
      continue;
    }
    const attributes = attributeChanges(previous, field);
    if (attributes.length > 0) changes.push({ change: 'changed', field: path, type: field.type, attributes });
  }
  return changes.sort((a, b) => comparePaths(a.field, b.field));
}

/** Depth-first order: a field's children come right after it, siblings by name. */
function comparePaths(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const order = compareBytes(x[i] as string, y[i] as string);
    if (order !== 0) return order;
  }
  return x.length - y.length;
}

function attributeChanges(before: SchemaField, after: SchemaField): AttributeChange[] {
  const changes: AttributeChange[] = [];
  const scalar = (attribute: SchemaAttribute, from: string | null, to: string | null) => {
    if (from !== to) changes.push({ attribute, from, to, added: [], removed: [] });
  };
  const set = (attribute: SchemaAttribute, from: string[], to: string[]) => {
    const added = to.filter((item) => !from.includes(item));
    const removed = from.filter((item) => !to.includes(item));
    if (added.length > 0 || removed.length > 0) changes.push({ attribute, from: null, to: null, added, removed });
  };
  scalar('type', before.namedType, after.namedType);
  scalar('format', before.format, after.format);
  scalar('required', String(before.required), String(after.required));
  set(
    'enum',
    before.enum.map((value) => JSON.stringify(value)),
    after.enum.map((value) => JSON.stringify(value)),
  );
  scalar('default', defaultText(before.default), defaultText(after.default));
  set(
    'validation',
    before.validations.map((rule) => rule.rule),
    after.validations.map((rule) => rule.rule),
  );
  scalar('deprecated', String(before.deprecated), String(after.deprecated));
  return changes;
}

/** A default as JSON, or null when unset or a zero value (declaresDefault). */
function defaultText(value: unknown): string | null {
  return declaresDefault(value) ? JSON.stringify(value) : null;
}
