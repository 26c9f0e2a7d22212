import picomatch from 'picomatch';
import { UsageError } from '../errors.js';
import { WalkBudget, type WalkLimit } from '../limits/walk-budget.js';
import type { ApiResource } from '../surface/model.js';
import { type SchemaField, walkFields } from './field-index.js';
import type { ResourceSchema } from './resource-schemas.js';

/**
 * `kapi search`: which fields, across every resource's schema, match a query.
 * Pure once the schemas are loaded. A query is the AND of what it sets.
 */

export const hasKinds = ['default', 'enum', 'validation'] as const;
export type HasKind = (typeof hasKinds)[number];

export interface FieldQuery {
  /**
   * A glob over the dotted field path, case-insensitive: `*` matches within one
   * field name, `**` any number of them. It matches the end of a path at any
   * depth (`securityContext.privileged` finds spec.containers.securityContext.privileged);
   * a leading "." anchors it at the kind (`.spec.replicas`).
   */
  glob?: string;
  /** A regular expression (case-insensitive) over the field's own name. */
  name?: string;
  /** A type name, OpenAPI type or format: boolean, int-or-string, date-time, []string, Quantity... */
  type?: string;
  /** Every kind listed must hold. */
  has?: HasKind[];
  /** Text in the description (case-insensitive). */
  description?: string;
}

export interface FieldMatch {
  resource: ApiResource;
  field: SchemaField;
}

export type FieldPredicate = (field: SchemaField) => boolean;

/** A resource whose field walk stopped at a limit of the walk budget: its matches may be incomplete. */
export interface WalkCut {
  resource: ApiResource;
  limit: WalkLimit;
}

/** Turns a query into one predicate; throws a UsageError for a bad glob or regex, before any I/O. */
export function compileFieldQuery(query: FieldQuery): FieldPredicate {
  const tests: FieldPredicate[] = [];
  if (query.glob !== undefined) tests.push(globTest(query.glob));
  if (query.name !== undefined) {
    const regex = compileRegex(query.name);
    tests.push((field) => field.path.length > 0 && regex.test(field.path.at(-1) as string));
  }
  if (query.type !== undefined) {
    const wanted = query.type.toLowerCase();
    tests.push((field) => typeTokens(field).includes(wanted));
  }
  for (const kind of query.has ?? []) tests.push(hasTest(kind));
  if (query.description !== undefined) {
    const text = query.description.toLowerCase();
    tests.push((field) => field.description.toLowerCase().includes(text));
  }
  return (field) => tests.every((test) => test(field));
}

/** The matching fields of every schema, each walked with its own budget; `cuts` receives the walks that stopped short. */
export function searchFields(schemas: ResourceSchema[], predicate: FieldPredicate, cuts: WalkCut[] = []): FieldMatch[] {
  const matches: FieldMatch[] = [];
  for (const entry of schemas) {
    const budget = new WalkBudget();
    for (const field of walkFields(entry.document, entry.schema, budget)) {
      if (predicate(field)) matches.push({ resource: entry.resource, field });
    }
    if (budget.reached) cuts.push({ resource: entry.resource, limit: budget.reached });
  }
  return matches;
}

/** Field names may hold "/" (picomatch's separator): it stands in for "." here, so a real "/" becomes a look-alike. */
const separator = '/';
const slashStandIn = '\u2215';

function globTest(glob: string): FieldPredicate {
  if (glob.trim() === '' || glob === '.') throw new UsageError('the field pattern is empty: give a path glob such as spec.**.image');
  const anchored = glob.startsWith('.');
  const body = (anchored ? glob.slice(1) : glob).replaceAll(separator, slashStandIn).split('.').join(separator);
  const pattern = anchored || body.startsWith('**') ? body : `**${separator}${body}`;
  const isMatch = picomatch(pattern, { nocase: true, dot: true });
  return (field) => field.path.length > 0 && isMatch(field.path.map((name) => name.replaceAll(separator, slashStandIn)).join(separator));
}

function compileRegex(source: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (error) {
    throw new UsageError(`invalid --name regular expression "${source}": ${(error as Error).message}`);
  }
}

/** What --type compares with: kubectl's type name, the OpenAPI type, the format, and int-or-string. */
export function typeTokens(field: SchemaField): string[] {
  const tokens = [field.type, field.schemaType];
  if (field.format) tokens.push(field.format);
  if (field.intOrString) tokens.push('int-or-string');
  if (field.type.startsWith('map[')) tokens.push('map');
  return tokens.filter((token) => token !== '').map((token) => token.toLowerCase());
}

function hasTest(kind: HasKind): FieldPredicate {
  switch (kind) {
    case 'default':
      return (field) => field.default !== undefined;
    case 'enum':
      return (field) => field.enum.length > 0;
    case 'validation':
      return (field) => field.validations.length > 0;
  }
}
