import type { WalkLimit } from '../limits/walk-budget.js';
import { fieldPathText } from '../openapi/field-index.js';
import type { FieldMatch, WalkCut } from '../openapi/field-search.js';
import { qualifiedName } from '../surface/vocabulary.js';
import { byOutput, documentPrinters, toCsv } from './formats.js';
import { tabwriteRows } from './tabwriter.js';

/** What -o takes (table is the default). */
export const searchOutputs = ['table', 'json', 'yaml', 'csv'] as const;
export type SearchFormat = (typeof searchOutputs)[number];

export interface SearchRenderOptions {
  format: SearchFormat;
  /** Adds the VERSION column (several versions of a resource may match). */
  versionColumn: boolean;
  /** Adds the DEFAULT column (with --has default): each default as JSON. */
  defaultColumn?: boolean;
  noHeaders: boolean;
  /** Resources whose field walk stopped at the walk budget (-o json|yaml lists them under "truncated"). */
  cuts?: WalkCut[];
}

/** The documented entry of `kapi search -o json|yaml`: every field always present. */
export interface FieldMatchEntry {
  group: string;
  version: string;
  resource: string;
  kind: string;
  /** The dotted path explain takes: spec.template.spec.containers.image. */
  field: string;
  type: string;
  format: string | null;
  required: boolean;
  default: unknown;
  enum: unknown[];
  validations: Array<{ rule: string; message: string | null }>;
  intOrString: boolean;
  deprecated: boolean;
  description: string;
}

/** A resource whose field walk stopped at a limit of kapi's walk budget (a schema bomb): its matches may be incomplete. */
export interface TruncatedWalk {
  group: string;
  version: string;
  resource: string;
  /** The limit reached: nodes (fields visited), depth, repeats (expansions of one schema) or outputChars. */
  limit: WalkLimit;
}

export interface FieldSearchDocument {
  apiVersion: 'kapi.dev/v1';
  kind: 'FieldSearch';
  matches: FieldMatchEntry[];
  /** Present only when a walk was cut short. */
  truncated?: TruncatedWalk[];
}

export function renderFieldSearch(matches: FieldMatch[], options: SearchRenderOptions): string {
  return byOutput(options.format, {
    ...documentPrinters(() => searchDocument(matches, options.cuts)),
    csv: () => renderCsv(matches),
    table: () => renderTable(matches, options),
  });
}

function renderCsv(matches: FieldMatch[]): string {
  return toCsv(
    ['RESOURCE', 'GROUP', 'VERSION', 'KIND', 'FIELD', 'TYPE'],
    matches.map(({ resource, field }) => [
      qualifiedName(resource.name, resource.group),
      resource.group,
      resource.version,
      resource.kind,
      fieldPathText(field.path),
      field.type,
    ]),
  );
}

function renderTable(matches: FieldMatch[], options: SearchRenderOptions): string {
  if (matches.length === 0) return '';
  const header = [
    'RESOURCE',
    ...(options.versionColumn ? ['VERSION'] : []),
    'FIELD',
    'TYPE',
    ...(options.defaultColumn ? ['DEFAULT'] : []),
  ];
  const rows = matches.map(({ resource, field }) => [
    qualifiedName(resource.name, resource.group),
    ...(options.versionColumn ? [resource.version] : []),
    fieldPathText(field.path),
    field.type,
    ...(options.defaultColumn ? [JSON.stringify(field.default) ?? ''] : []),
  ]);
  const lines = options.noHeaders ? rows : [header, ...rows];
  return tabwriteRows(lines);
}

export function searchDocument(matches: FieldMatch[], cuts: WalkCut[] = []): FieldSearchDocument {
  const truncated = cuts.map(({ resource, limit }) => ({
    group: resource.group,
    version: resource.version,
    resource: resource.name,
    limit,
  }));
  return {
    apiVersion: 'kapi.dev/v1',
    kind: 'FieldSearch',
    matches: matches.map(({ resource, field }) => ({
      group: resource.group,
      version: resource.version,
      resource: resource.name,
      kind: resource.kind,
      field: fieldPathText(field.path),
      type: field.type,
      format: field.format,
      required: field.required,
      default: field.default ?? null,
      enum: field.enum,
      validations: field.validations.map((rule) => ({ rule: rule.rule, message: rule.message ?? null })),
      intOrString: field.intOrString,
      deprecated: field.deprecated,
      description: field.description,
    })),
    ...(truncated.length > 0 ? { truncated } : {}),
  };
}
