import { Chalk } from 'chalk';
import type { ManifestCheck, ManifestFinding } from '../check/findings.js';
import { renderCheckJunit } from './check-junit.js';
import { renderCheckSarif } from './check-sarif.js';
import { byOutput, documentPrinters, toMarkdown } from './formats.js';
import { tabwriteRows } from './tabwriter.js';

/** What -o takes for kapi check; without -o, the table. */
export const checkOutputs = ['json', 'yaml', 'junit', 'sarif', 'markdown'] as const;
export type CheckFormat = 'table' | (typeof checkOutputs)[number];

export interface CheckRenderOptions {
  format: CheckFormat;
  /** Colour the severity column of the table (the caller decides: a TTY and no NO_COLOR). */
  color?: boolean;
  /** When the check ran: the JUnit report's timestamp. */
  now?: Date;
  /** Every object checked, for JUnit's test case per object (those without findings pass). */
  objects?: readonly CheckedObject[];
}

/** An object as JUnit names its test case. */
export interface CheckedObject {
  file: string;
  documentIndex: number;
  kind: string;
  name?: string;
}

/** Prints a check; the table and markdown print nothing but the summary when there are no findings. */
export function renderCheck(report: ManifestCheck, options: CheckRenderOptions): string {
  return byOutput(options.format, {
    ...documentPrinters(() => report),
    table: () => renderTable(report, options.color === true),
    markdown: () => renderMarkdown(report),
    junit: () => renderCheckJunit(report, options.objects ?? [], options.now ?? new Date()),
    sarif: () => renderCheckSarif(report),
  });
}

/** FILE:LINE, "stdin:3", "helm-release/ns/name/2:14". */
export function placeOf(finding: ManifestFinding): string {
  return `${finding.file}:${finding.line}`;
}

/** KIND/NAME, or what is known of it; "-" for a finding about a whole file. */
export function objectOf(finding: ManifestFinding): string {
  if (finding.kind === null) return '-';
  return `${finding.kind}/${finding.name ?? '<unnamed>'}`;
}

function message(finding: ManifestFinding): string {
  const field = finding.field && finding.check === 'schema' && !finding.message.includes(finding.field) ? `${finding.field}: ` : '';
  return `${field}${finding.message}`;
}

function row(finding: ManifestFinding): string[] {
  return [placeOf(finding), objectOf(finding), finding.severity, finding.check, message(finding)];
}

const header = ['FILE:LINE', 'KIND/NAME', 'SEVERITY', 'CHECK', 'MESSAGE'];

function renderTable(report: ManifestCheck, color: boolean): string {
  const summary = `${summaryLine(report)}\n`;
  if (report.findings.length === 0) return summary;
  const lines = tabwriteRows([header, ...report.findings.map(row)])
    .trimEnd()
    .split('\n');
  const painted = color ? paint(lines, report.findings) : lines;
  return `${painted.join('\n')}\n\n${summary}`;
}

function paint(lines: string[], findings: ManifestFinding[]): string[] {
  const chalk = new Chalk({ level: 1 });
  const colours = { error: chalk.red, warning: chalk.yellow, info: chalk.cyan };
  return lines.map((line, index) => {
    if (index === 0) return chalk.bold(line);
    const finding = findings[index - 1] as ManifestFinding;
    // The severity column starts after the first two columns; find it by its padded text.
    const at = line.indexOf(` ${finding.severity} `);
    if (at < 0) return line;
    return line.slice(0, at + 1) + colours[finding.severity](finding.severity) + line.slice(at + 1 + finding.severity.length);
  });
}

function renderMarkdown(report: ManifestCheck): string {
  const summary = `${summaryLine(report)}\n`;
  if (report.findings.length === 0) return summary;
  return `${summary}\n${toMarkdown(['File:Line', 'Kind/Name', 'Severity', 'Check', 'Message'], report.findings.map(row))}`;
}

/** "12 objects in 3 files: 2 errors, 1 warning, 0 info". */
export function summaryLine(report: ManifestCheck): string {
  const part = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const { summary } = report;
  return `${part(summary.objects, 'object')} in ${part(summary.files, 'file')}: ${part(summary.error, 'error')}, ${part(summary.warning, 'warning')}, ${summary.info} info`;
}
