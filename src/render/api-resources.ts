import type { ServedBy } from '../surface/model.js';
import type { ServedResource } from '../surface/served-by.js';
import { groupVersionString, qualifiedName } from '../surface/vocabulary.js';
import { apiResourceList } from './api-resource-list.js';
import { byOutput, documentPrinters, kubectlDocumentPrinters, toCsv, toMarkdown } from './formats.js';
import { servedByCell } from './served-by.js';
import { tabwriteRows } from './tabwriter.js';
import { terminalText } from './terminal-text.js';

/** A resource row of api-resources, with who serves its group-version and, with --access, the verbs the caller may use. */
type ResourceRow = ServedResource & { allowedVerbs?: string[] };

/** What -o takes; without -o, kubectl's table. */
export const apiResourcesOutputs = ['wide', 'name', 'json', 'yaml', 'csv', 'markdown'] as const;
export type ApiResourcesFormat = 'table' | (typeof apiResourcesOutputs)[number];

export interface ApiResourcesRenderOptions {
  format: ApiResourcesFormat;
  noHeaders: boolean;
  /** Adds the SUBRESOURCES column to table, csv and markdown (json and yaml always have them). */
  subresources: boolean;
  /** kubectl's shapes exactly: no SERVED BY in -o wide, and -o json|yaml as kubectl's APIResourceList. */
  kubectlCompat: boolean;
  /** Adds the ACCESS column (json and yaml: allowedVerbs) from each row's allowedVerbs. */
  access?: boolean;
}

/** What `api-resources -o json|yaml` prints (schemas/api-resources.schema.json). */
export type ApiResourcesDocument = ApiResourceEntry[];

/** The documented JSON/YAML entry of `api-resources -o json`. */
export interface ApiResourceEntry {
  name: string;
  singularName: string;
  shortNames: string[];
  group: string;
  version: string;
  groupVersion: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  categories: string[];
  subresources: Array<{ name: string; kind: string; verbs: string[] }>;
  servedBy: ServedBy;
  /** With --access: the verbs the caller may use on it (cluster-wide, or in -n NAMESPACE). */
  allowedVerbs?: string[];
}

export function renderApiResources(rows: ResourceRow[], options: ApiResourcesRenderOptions): string {
  const flatRows = () => rows.map((row) => flatCells(row, options));
  return byOutput(options.format, {
    ...(options.kubectlCompat
      ? kubectlDocumentPrinters(() => apiResourceList(rows.map((row) => row.resource)))
      : documentPrinters(() => rows.map(toEntry))),
    name: () => rows.map(({ resource }) => `${terminalText(qualifiedName(resource.name, resource.group))}\n`).join(''),
    csv: () => toCsv(flatHeader(options), flatRows()),
    markdown: () => toMarkdown(flatHeader(options), flatRows()),
    table: () => renderTable(rows, options),
    wide: () => renderTable(rows, options),
  });
}

function renderTable(rows: ResourceRow[], options: ApiResourcesRenderOptions): string {
  const wide = options.format === 'wide';
  const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'];
  if (wide) header.push('VERBS', 'CATEGORIES');
  if (options.subresources) header.push('SUBRESOURCES');
  if (wide && !options.kubectlCompat) header.push('SERVED BY');
  if (options.access) header.push('ACCESS');
  const lines = options.noHeaders ? [] : [header];
  for (const row of rows) {
    const { resource } = row;
    const cells = [
      resource.name,
      resource.shortNames.join(','),
      groupVersionString(resource.group, resource.version),
      String(resource.namespaced),
      resource.kind,
    ];
    if (wide) cells.push(resource.verbs.join(','), resource.categories.join(','));
    if (options.subresources) cells.push(resource.subresources.map((sub) => sub.name).join(','));
    if (wide && !options.kubectlCompat) cells.push(servedByCell(row.servedBy));
    if (options.access) cells.push(accessCell(row));
    lines.push(cells);
  }
  return tabwriteRows(lines);
}

/** The verbs the caller may use, or "none". */
function accessCell(row: ResourceRow): string {
  return row.allowedVerbs && row.allowedVerbs.length > 0 ? row.allowedVerbs.join(',') : 'none';
}

function flatHeader(options: ApiResourcesRenderOptions): string[] {
  const header = ['name', 'shortNames', 'group', 'version', 'namespaced', 'kind', 'verbs', 'categories', 'servedBy'];
  if (options.subresources) header.push('subresources');
  if (options.access) header.push('allowedVerbs');
  return header;
}

function flatCells(row: ResourceRow, options: ApiResourcesRenderOptions): string[] {
  const { resource, servedBy } = row;
  const cells = [
    resource.name,
    resource.shortNames.join(' '),
    resource.group,
    resource.version,
    String(resource.namespaced),
    resource.kind,
    resource.verbs.join(' '),
    resource.categories.join(' '),
    servedByCell(servedBy),
  ];
  if (options.subresources) cells.push(resource.subresources.map((sub) => sub.name).join(' '));
  if (options.access) cells.push((row.allowedVerbs ?? []).join(' '));
  return cells;
}

function toEntry({ resource, servedBy, allowedVerbs }: ResourceRow): ApiResourceEntry {
  return {
    name: resource.name,
    singularName: resource.singularName,
    shortNames: resource.shortNames,
    group: resource.group,
    version: resource.version,
    groupVersion: groupVersionString(resource.group, resource.version),
    namespaced: resource.namespaced,
    kind: resource.kind,
    verbs: resource.verbs,
    categories: resource.categories,
    subresources: resource.subresources.map(({ name, kind, verbs }) => ({ name, kind, verbs })),
    servedBy,
    ...(allowedVerbs ? { allowedVerbs } : {}),
  };
}
