import type { GroupRow, GroupsReport } from '../surface/groups.js';
import type { NameConflict } from '../surface/name-conflicts.js';
import type { RoutingMismatch } from '../surface/routing-mismatches.js';
import { availableCell, groupVersionString } from '../surface/vocabulary.js';
import { byOutput, documentPrinters, toCsv, toMarkdown } from './formats.js';
import { serviceCell } from './served-by.js';
import { tabwriteRows } from './tabwriter.js';

/** What -o takes; without -o, the table. */
export const groupsOutputs = ['wide', 'json', 'yaml', 'csv', 'markdown'] as const;
export type GroupsFormat = 'table' | (typeof groupsOutputs)[number];

export interface GroupsRenderOptions {
  format: GroupsFormat;
  noHeaders: boolean;
  /** Which sections to print; all false means the rows followed by the diff and the conflicts. */
  only: { diff: boolean; conflicts: boolean };
}

/** The documented JSON/YAML document of `kapi groups -o json|yaml`; keys absent when a section was not asked for. */
export interface GroupsDocument {
  groups?: GroupRow[];
  diff?: RoutingMismatch[];
  conflicts?: NameConflict[];
}

export function renderGroups(report: GroupsReport, options: GroupsRenderOptions): string {
  const sections = selectedSections(options);
  /** Each section's table, titled when there are several. */
  const printTables = (wide: boolean, print: (title: string, header: string[], rows: string[][]) => string) => {
    const tables: Array<[string, string[], string[][]]> = [];
    if (sections.rows) tables.push(['', rowHeader(wide), report.rows.map((row) => rowCells(row, wide))]);
    if (sections.diff) tables.push(['Discovery vs APIServices', diffHeader, report.diff.map(diffCells)]);
    if (sections.conflicts) tables.push(['Name conflicts', conflictHeader, report.conflicts.map(conflictCells)]);
    const titled = tables.length > 1;
    return tables
      .map(([title, header, rows]) => print(titled ? title : '', header, rows))
      .filter((text) => text !== '')
      .join('\n');
  };
  const text = (wide: boolean) =>
    printTables(wide, (title, header, rows) => textSection(title, header, rows, options.noHeaders, report.apiServicesUnread === true));
  return byOutput(options.format, {
    ...documentPrinters(
      (): GroupsDocument => ({
        ...(sections.rows ? { groups: report.rows } : {}),
        ...(sections.diff ? { diff: report.diff } : {}),
        ...(sections.conflicts ? { conflicts: report.conflicts } : {}),
      }),
    ),
    csv: () => printTables(false, (_, header, rows) => toCsv(header, rows)),
    markdown: () => printTables(false, (title, header, rows) => `${title ? `### ${title}\n\n` : ''}${toMarkdown(header, rows)}`),
    table: () => text(false),
    wide: () => text(true),
  });
}

function selectedSections(options: GroupsRenderOptions) {
  const all = !options.only.diff && !options.only.conflicts;
  return { rows: all, diff: all || options.only.diff, conflicts: all || options.only.conflicts };
}

function textSection(title: string, header: string[], rows: string[][], noHeaders: boolean, apiServicesUnread: boolean): string {
  const heading = title ? `${title}:\n` : '';
  if (rows.length === 0) {
    // Without the APIServices there was nothing to compare: saying "no differences" would be a claim.
    if (header === diffHeader && apiServicesUnread) return `${heading}Not compared: the APIServices could not be read.\n`;
    if (header === diffHeader) return `${heading}No differences between discovery and the APIServices.\n`;
    if (header === conflictHeader) return `${heading}No resource name is served by more than one group.\n`;
    return '';
  }
  return `${heading}${tabwriteRows([...(noHeaders ? [] : [header]), ...rows])}`;
}

function rowHeader(wide: boolean): string[] {
  const header = ['GROUP', 'VERSION', 'PREFERRED', 'SERVED BY', 'APISERVICE', 'SERVICE', 'AVAILABLE', 'RESOURCES', 'FRESHNESS'];
  return wide ? [...header, 'GROUP PRIORITY', 'VERSION PRIORITY', 'INSECURE SKIP TLS', 'CA BUNDLE'] : header;
}

function rowCells(row: GroupRow, wide: boolean): string[] {
  const cells = [
    row.group === '' ? '(core)' : row.group,
    row.version,
    row.preferred ? 'yes' : 'no',
    row.servedBy,
    row.apiService ?? '-',
    row.apiService === null ? '-' : serviceCell(row.service),
    availableCell(row.available, '-'),
    String(row.resources),
    row.freshness,
  ];
  if (!wide) return cells;
  const flag = (value: boolean | null) => (value === null ? '-' : String(value));
  return [
    ...cells,
    row.groupPriorityMinimum === null ? '-' : String(row.groupPriorityMinimum),
    row.versionPriority === null ? '-' : String(row.versionPriority),
    row.insecureSkipTLSVerify ? 'true (insecure)' : flag(row.insecureSkipTLSVerify),
    row.caBundleSet === null ? '-' : row.caBundleSet ? 'set' : 'none',
  ];
}

const diffHeader = ['GROUPVERSION', 'APISERVICE', 'DIFFERENCE', 'DETAIL'];

function diffCells(entry: RoutingMismatch): string[] {
  return [entry.groupVersion, entry.apiService ?? '-', entry.kind, entry.detail];
}

const conflictHeader = ['NAME', 'RESOLVES TO', 'SERVED BY GROUPS', 'WHY'];

function conflictCells(conflict: NameConflict): string[] {
  const groups = conflict.groups.map((group) => `${groupVersionString(group.group, group.version)} (${group.servedBy})`);
  return [conflict.name, conflict.resolvesTo, groups.join(', '), conflict.reason];
}

/**
 * The stderr warning of `api-resources -o wide`: one line per resource name
 * that a CRD or an aggregated API server also serves. Duplicates among built-in
 * groups (events, ingresses in old releases) are by design and only listed by
 * `kapi groups --conflicts`.
 */
export function conflictWarnings(conflicts: NameConflict[]): string[] {
  const extended = conflicts.filter((conflict) =>
    conflict.groups.some((group) => group.servedBy === 'CRD' || group.servedBy === 'Aggregated'),
  );
  return extended.map((conflict) => {
    const others = conflict.groups.slice(1).map((group) => `${conflict.name}.${group.group || 'core'}`);
    return `Warning: "${conflict.name}" is served by ${conflict.groups.length} groups; the bare name means ${conflict.resolvesTo} (${conflict.reason}); use ${others.join(', ')} for the other${others.length > 1 ? 's' : ''}`;
  });
}
