import { Chalk } from 'chalk';
import type { AuditReport, AuditSummary, Finding } from '../surface/audit.js';
import { renderAuditJunit } from './audit-junit.js';
import { renderAuditSarif } from './audit-sarif.js';
import { byOutput, documentPrinters, toMarkdown } from './formats.js';
import { tabwriteRows } from './tabwriter.js';

/** What -o takes; without -o, the text table. */
export const auditOutputs = ['json', 'yaml', 'markdown', 'junit', 'sarif'] as const;
export type AuditFormat = 'text' | (typeof auditOutputs)[number];

export interface AuditRenderOptions {
  format: AuditFormat;
  /** Colour the severity column in the text format (the caller decides: a TTY and no NO_COLOR). */
  color?: boolean;
  /** When the audit ran: the JUnit report's timestamp (now by default). */
  now?: Date;
}

/** Prints an audit; the text and markdown formats print nothing when there are no findings. */
export function renderAudit(report: AuditReport, options: AuditRenderOptions): string {
  return byOutput(options.format, {
    ...documentPrinters(() => report),
    markdown: () => renderMarkdown(report),
    junit: () => renderAuditJunit(report, options.now ?? new Date()),
    sarif: () => renderAuditSarif(report),
    text: () => renderText(report, options.color === true),
  });
}

function renderMarkdown(report: AuditReport): string {
  if (report.findings.length === 0) return '';
  return `${summaryLine(report.summary)}\n\n${toMarkdown(['Severity', 'Check', 'Object', 'Message'], report.findings.map(row))}`;
}

function row(finding: Finding): string[] {
  return [finding.severity, finding.check, `${finding.object.kind}/${finding.object.name}`, finding.message];
}

function renderText(report: AuditReport, color: boolean): string {
  if (report.findings.length === 0) return '';
  const table = tabwriteRows([['SEVERITY', 'CHECK', 'OBJECT', 'MESSAGE'], ...report.findings.map(row)]);
  const lines = table.trimEnd().split('\n');
  const painted = color ? paint(lines, report.findings) : lines;
  return `${painted.join('\n')}\n\n${summaryLine(report.summary)}\n`;
}

function paint(lines: string[], findings: Finding[]): string[] {
  const chalk = new Chalk({ level: 1 });
  const colours = { error: chalk.red, warning: chalk.yellow, info: chalk.cyan };
  return lines.map((line, index) => {
    if (index === 0) return chalk.bold(line);
    const severity = (findings[index - 1] as Finding).severity;
    return colours[severity](severity) + line.slice(severity.length);
  });
}

/** "3 findings: 1 error, 1 warning, 1 info". */
export function summaryLine(summary: AuditSummary): string {
  const part = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${part(summary.total, 'finding')}: ${part(summary.error, 'error')}, ${part(summary.warning, 'warning')}, ${summary.info} info`;
}
