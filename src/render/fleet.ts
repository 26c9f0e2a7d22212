import type { ContextOutcome } from '../cli/fleet.js';
import type { DoctorResult } from '../doctor/model.js';
import type { AuditReport } from '../surface/audit.js';
import type { ApiSurface } from '../surface/model.js';
import { markdownText, toMarkdown } from './formats.js';
import { tabwriteRows } from './tabwriter.js';
import { terminalText } from './terminal-text.js';

/** What the matrix shows of each context: the header (CONTEXT first, RESULT last) and a result's cells after its name. */
export interface FleetMatrix<T> {
  header: string[];
  row: (result: T) => string[];
}

/** One section per context ("== context NAME =="), then a matrix with one row per context. */
export function renderFleet<T>(outcomes: Array<ContextOutcome<T>>, section: (result: T) => string, matrix: FleetMatrix<T>): string {
  const sections = sectionBodies(outcomes, section, (text) => terminalText(text, 'line')).map(
    ([context, body]) => `== context ${context} ==\n${body}`,
  );
  return `${sections.join('\n')}\n${tabwriteRows([matrix.header, ...matrixRows(outcomes, matrix)])}`;
}

/** Markdown: a "## context NAME" section per context, then "## Matrix" as a table. */
export function renderFleetMarkdown<T>(outcomes: Array<ContextOutcome<T>>, section: (result: T) => string, matrix: FleetMatrix<T>): string {
  const sections = sectionBodies(outcomes, section, (text) => markdownText(text, 'line')).map(
    ([context, body]) => `## context ${context}\n\n${body}`,
  );
  return `${sections.join('\n')}\n## Matrix\n\n${toMarkdown(matrix.header, matrixRows(outcomes, matrix))}`;
}

/** Each context's name and section, escaped by `shown` (names come from the kubeconfig, errors from the server). */
function sectionBodies<T>(
  outcomes: Array<ContextOutcome<T>>,
  section: (result: T) => string,
  shown: (text: string) => string,
): Array<[string, string]> {
  return outcomes.map((outcome) => [
    shown(outcome.context),
    'error' in outcome ? `not checked: ${shown(outcome.error)}\n` : section(outcome.result) || 'No findings.\n',
  ]);
}

function matrixRows<T>(outcomes: Array<ContextOutcome<T>>, matrix: FleetMatrix<T>): string[][] {
  return outcomes.map((outcome) => {
    const cells = 'error' in outcome ? [...matrix.header.slice(1, -1).map(() => '-'), 'error'] : matrix.row(outcome.result);
    return [outcome.context, ...cells];
  });
}

export const auditMatrix: FleetMatrix<AuditReport> = {
  header: ['CONTEXT', 'ERRORS', 'WARNINGS', 'INFO', 'RESULT'],
  row: (report: AuditReport) => [
    String(report.summary.error),
    String(report.summary.warning),
    String(report.summary.info),
    report.failed ? 'fail' : 'pass',
  ],
};

export const doctorMatrix: FleetMatrix<DoctorResult[]> = {
  header: ['CONTEXT', 'APISERVICES', 'OK', 'WARN', 'FAIL', 'RESULT'],
  row: (results: DoctorResult[]) => {
    const count = (status: string) => String(results.filter((result) => result.status === status).length);
    return [String(results.length), count('ok'), count('warn'), count('fail'), results.some((r) => r.status === 'fail') ? 'fail' : 'pass'];
  },
};

/** A context that could not be checked, in the fleet documents: why. */
export interface UncheckedContext {
  context: string;
  error: string;
}

/** What `kapi audit -o json|yaml` prints with several contexts (schemas/audit-fleet.schema.json). */
export interface AuditFleetDocument {
  items: Array<{ context: string; report: AuditReport } | UncheckedContext>;
}

/** What `kapi doctor -o json|yaml` prints with several contexts (schemas/doctor-fleet.schema.json). */
export interface DoctorFleetDocument {
  items: Array<{ context: string; results: DoctorResult[] } | UncheckedContext>;
}

export function auditFleetDocument(outcomes: Array<ContextOutcome<AuditReport>>): AuditFleetDocument {
  return {
    items: outcomes.map((outcome) =>
      'error' in outcome ? { context: outcome.context, error: outcome.error } : { context: outcome.context, report: outcome.result },
    ),
  };
}

export function doctorFleetDocument(outcomes: Array<ContextOutcome<DoctorResult[]>>): DoctorFleetDocument {
  return {
    items: outcomes.map((outcome) =>
      'error' in outcome ? { context: outcome.context, error: outcome.error } : { context: outcome.context, results: outcome.result },
    ),
  };
}

/** One context of `snapshot --output-dir`: the file written, or why the cluster could not be read. */
export type CapturedSnapshot = { context: string; surface: ApiSurface; file: string } | { context: string; error: string; server?: string };

/** snapshot's matrix: what each file holds (the server's URL and version), "partial" when group-versions could not be discovered. */
export function renderSnapshotMatrix(rows: CapturedSnapshot[]): string {
  const header = ['CONTEXT', 'SERVER', 'VERSION', 'GROUPS', 'RESOURCES', 'RESULT', 'FILE'];
  return tabwriteRows([
    header,
    ...rows.map((row) => {
      // An unreachable cluster's row still names the server it was dialled at.
      if ('error' in row) return [row.context, row.server ?? '-', '-', '-', '-', 'error', '-'];
      const { surface } = row;
      const resources = surface.groups.reduce(
        (sum, group) => sum + group.versions.reduce((count, version) => count + version.resources.length, 0),
        0,
      );
      return [
        row.context,
        surface.source.server ?? '-',
        surface.serverVersion?.gitVersion ?? '-',
        String(surface.groups.length),
        String(resources),
        surface.failures.length > 0 ? 'partial' : 'ok',
        row.file,
      ];
    }),
  ]);
}
