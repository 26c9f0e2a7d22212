import { Chalk } from 'chalk';
import type { ChangeMarker, DiffChange, DiffSummary, FieldChange, SurfaceDiff } from '../surface/diff.js';
import { byOutput, documentPrinters, markdownCode, markdownText, toMarkdown } from './formats.js';
import { tabwriteRows } from './tabwriter.js';

/** What -o takes, for surface and schema diffs alike; without -o, the text lines. */
export const diffOutputs = ['json', 'yaml', 'markdown'] as const;
export type DiffFormat = 'text' | (typeof diffOutputs)[number];

export interface DiffRenderOptions {
  format: DiffFormat;
  /** Colour the text format's lines by marker (the caller decides: a TTY and no NO_COLOR). */
  color?: boolean;
}

/** The one-character marker of a change, shared by the surface and schema diffs. */
export const markers: Record<ChangeMarker, string> = { added: '+', removed: '-', changed: '~' };

/** Prints a diff; the text and markdown formats print nothing for an empty diff. */
export function renderDiff(diff: SurfaceDiff, options: DiffRenderOptions): string {
  return byOutput(options.format, {
    ...documentPrinters(() => diff),
    markdown: () => renderMarkdown(diff),
    text: () => renderText(diff, options.color === true),
  });
}

function renderText(diff: SurfaceDiff, color: boolean): string {
  if (diff.changes.length === 0) return '';
  const rows = diff.changes.map((change) => [objectLabel(change), change.groupVersion || 'core', change.name ?? '', detail(change)]);
  const table = tabwriteRows([['OBJECT', 'GROUP-VERSION', 'NAME', 'CHANGE'], ...rows]);
  // The marker stands outside the table so that it takes one column, not tabwriter's minimum of six.
  const lines = table
    .trimEnd()
    .split('\n')
    .map((line, index) => `${index === 0 ? ' ' : markers[(diff.changes[index - 1] as DiffChange).change]} ${line}`.trimEnd());
  const painted = color ? paint(lines) : lines;
  return `${painted.join('\n')}\n\n${summaryLine(diff.summary)}\n`;
}

function paint(lines: string[]): string[] {
  const chalk = new Chalk({ level: 1 });
  return lines.map((line, index) => {
    if (index === 0) return chalk.bold(line);
    if (line.startsWith('+')) return chalk.green(line);
    if (line.startsWith('-')) return chalk.red(line);
    return chalk.yellow(line);
  });
}

function renderMarkdown(diff: SurfaceDiff): string {
  if (diff.changes.length === 0) return '';
  const rows = diff.changes.map((change) => [
    markers[change.change],
    objectLabel(change),
    change.groupVersion || 'core',
    change.name ?? '',
    detail(change),
  ]);
  return `Differences from ${markdownSide(diff.from)} to ${markdownSide(diff.to)}: ${summaryLine(diff.summary)}\n\n${toMarkdown(['', 'Object', 'Group-version', 'Name', 'Change'], rows)}`;
}

/** A side of a diff in Markdown: its label as code and the server's version: `live` (v1.36.3). */
export function markdownSide(side: { label: string; serverVersion?: string | null }): string {
  return `${markdownCode(side.label)}${side.serverVersion ? ` (${markdownText(side.serverVersion, 'line')})` : ''}`;
}

function objectLabel(change: DiffChange): string {
  return change.object === 'preferred-version' ? 'preferred' : change.object;
}

/** The CHANGE column: resources of an added/removed group-version, or each field as "field: from -> to" / "field: +a -b". */
export function detail(change: DiffChange): string {
  if (change.object === 'group-version' && change.change !== 'changed') {
    const count = `${change.resources.length} resource${change.resources.length === 1 ? '' : 's'}`;
    const discovery = change.fields.find((field) => field.field === 'freshness');
    const parts = [change.resources.length > 0 ? `${count}: ${change.resources.join(', ')}` : count];
    if (discovery) parts.push(`discovery: ${discovery.to}`);
    return parts.join('; ');
  }
  return change.fields.map(fieldText).join('; ');
}

function fieldText(field: FieldChange): string {
  if (Array.isArray(field.from) || Array.isArray(field.to)) {
    return `${field.field}: ${[...field.added.map((item) => `+${item}`), ...field.removed.map((item) => `-${item}`)].join(' ')}`;
  }
  return `${field.field}: ${field.from ?? '<none>'} -> ${field.to ?? '<none>'}`;
}

/** "12 differences: 2 group-versions added, ..." naming only what is not zero. */
export function summaryLine(summary: DiffSummary): string {
  if (summary.total === 0) return 'no differences';
  const parts: Array<[number, string, string]> = [
    [summary.groupVersionsAdded, 'group-version', 'added'],
    [summary.groupVersionsRemoved, 'group-version', 'removed'],
    [summary.groupVersionsChanged, 'group-version', 'changed discovery state'],
    [summary.resourcesAdded, 'resource', 'added'],
    [summary.resourcesRemoved, 'resource', 'removed'],
    [summary.resourcesChanged, 'resource', 'changed'],
    [summary.preferredVersionsChanged, 'preferred version', 'changed'],
    [summary.servedByChanged, 'served-by', 'changed'],
    [summary.apiServicesChanged, 'APIService availability', 'changed'],
  ];
  const plural = (count: number, noun: string) =>
    count === 1 || noun.endsWith('-by') || noun.endsWith('availability') ? noun : `${noun}s`;
  const named = parts.filter(([count]) => count > 0).map(([count, noun, verb]) => `${count} ${plural(count, noun)} ${verb}`);
  return `${summary.total} difference${summary.total === 1 ? '' : 's'}: ${named.join(', ')}`;
}
