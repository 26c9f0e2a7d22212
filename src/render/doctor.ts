import type { ContextOutcome } from '../cli/fleet.js';
import type { CheckStatus, DoctorResult } from '../doctor/model.js';
import { doctorFleetDocument, doctorMatrix, renderFleet } from './fleet.js';
import { byOutput, documentPrinters } from './formats.js';
import { tabwriteRows } from './tabwriter.js';
import { terminalText } from './terminal-text.js';

/** What -o takes; without -o, the text summary. */
export const doctorOutputs = ['json', 'yaml'] as const;
export type DoctorFormat = 'text' | (typeof doctorOutputs)[number];

export interface DoctorRenderOptions {
  format: DoctorFormat;
  /** What was named: its checks are printed in full (text); one object when it names one APIService (json, yaml). */
  target?: string;
}

/** What `kapi doctor -o json|yaml` prints (schemas/doctor.schema.json). */
export type DoctorDocument = DoctorResult | { items: DoctorResult[] };

/** JSON and YAML: {apiService, service, status, checks} for one APIService, {items: [...]} for several. */
export function renderDoctor(results: DoctorResult[], options: DoctorRenderOptions): string {
  return byOutput(options.format, {
    ...documentPrinters(() => doctorDocument(results, options.target)),
    text: () => (options.target === undefined ? renderSummary(results) : results.map(renderChecks).join('\n')),
  });
}

function doctorDocument(results: DoctorResult[], target: string | undefined): DoctorDocument {
  const [only] = results;
  return only && results.length === 1 && only.apiService === target ? only : { items: results };
}

/** One line per APIService, then the checks of each failing one. */
function renderSummary(results: DoctorResult[]): string {
  const rows = results.map((result) => [result.apiService, result.service ?? '-', result.status, countStatuses(result)]);
  const table = tabwriteRows([['APISERVICE', 'SERVICE', 'STATUS', 'CHECKS'], ...rows]);
  const failing = results.filter((result) => result.status === 'fail');
  return [table, ...failing.map(renderChecks)].join('\n');
}

function countStatuses(result: DoctorResult): string {
  const order: CheckStatus[] = ['ok', 'warn', 'fail'];
  return order
    .map((status) => [status, result.checks.filter((check) => check.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
}

/** The checks of one APIService: a heading, then status, id and message per line, with the hint under it. */
export function renderChecks(result: DoctorResult): string {
  const heading = terminalText(`APIService ${result.apiService}${result.service ? ` -> ${result.service}` : ''}: ${result.status}`, 'line');
  const idWidth = result.checks.reduce((most, check) => Math.max(most, check.id.length), Number.NEGATIVE_INFINITY);
  const lines = [heading];
  for (const check of result.checks) {
    lines.push(`  ${check.status.padEnd(4)}  ${check.id.padEnd(idWidth)}  ${terminalText(check.message, 'line')}`);
    if (check.hint) lines.push(`  ${''.padEnd(4)}  ${''.padEnd(idWidth)}  hint: ${terminalText(check.hint, 'line')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** doctor over several clusters: a section per context and the matrix; json and yaml {items: [{context, results} | {context, error}]}. */
export function renderDoctorFleet(outcomes: Array<ContextOutcome<DoctorResult[]>>, options: DoctorRenderOptions): string {
  return byOutput(options.format, {
    ...documentPrinters(() => doctorFleetDocument(outcomes)),
    text: () => renderFleet(outcomes, (results) => renderDoctor(results, { format: 'text', target: options.target }), doctorMatrix),
  });
}
