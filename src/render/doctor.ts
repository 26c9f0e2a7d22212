import type { ContextOutcome } from '../cli/fleet.js';
import type { CheckResult, CheckStatus, DoctorResult, HopResult } from '../doctor/model.js';
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

/**
 * What `kapi doctor -o json|yaml` prints (schemas/doctor.schema.json): one
 * APIService named, or {items: [APIServices...], hops: [webhooks and CRDs...]}
 * (hops is absent when an APIService or group was named).
 */
export type DoctorDocument = DoctorResult | { items: DoctorResult[]; hops?: HopResult[] };

/**
 * JSON and YAML: {apiService, service, status, checks} for one APIService,
 * {items: [...], hops: [...]} otherwise. Text: without a target, one line per
 * APIService, then one per webhook and CRD hop, each failing one expanded.
 */
export function renderDoctor(results: DoctorResult[], options: DoctorRenderOptions, hops?: HopResult[]): string {
  return byOutput(options.format, {
    ...documentPrinters(() => doctorDocument(results, options.target, hops)),
    text: () => {
      if (options.target !== undefined) return [...results.map(renderChecks), ...(hops ?? []).map(renderHopChecks)].join('\n');
      const summary = renderSummary(results);
      return hops && hops.length > 0 ? [summary, renderHopSummary(hops)].join('\n') : summary;
    },
  });
}

function doctorDocument(results: DoctorResult[], target: string | undefined, hops: HopResult[] | undefined): DoctorDocument {
  const [only] = results;
  if (only && results.length === 1 && only.apiService === target && !hops) return only;
  return hops ? { items: results, hops } : { items: results };
}

/** One line per webhook and CRD, then the checks of each failing one. */
function renderHopSummary(hops: HopResult[]): string {
  const rows = hops.map((hop) => [hop.kind, hop.name, hop.calls ?? '-', hop.status, countStatuses(hop)]);
  const table = tabwriteRows([['KIND', 'NAME', 'CALLS', 'STATUS', 'CHECKS'], ...rows]);
  return [table, ...hops.filter((hop) => hop.status === 'fail').map(renderHopChecks)].join('\n');
}

/** The checks of one webhook or CRD, as renderChecks prints an APIService's. */
export function renderHopChecks(hop: HopResult): string {
  return checkLines(`${hop.kind} ${hop.name}${hop.calls ? ` -> ${hop.calls}` : ''}: ${hop.status}`, hop.checks);
}

/** One line per APIService, then the checks of each failing one. */
function renderSummary(results: DoctorResult[]): string {
  const rows = results.map((result) => [result.apiService, result.service ?? '-', result.status, countStatuses(result)]);
  const table = tabwriteRows([['APISERVICE', 'SERVICE', 'STATUS', 'CHECKS'], ...rows]);
  const failing = results.filter((result) => result.status === 'fail');
  return [table, ...failing.map(renderChecks)].join('\n');
}

function countStatuses(result: { checks: CheckResult[] }): string {
  const order: CheckStatus[] = ['ok', 'warn', 'fail'];
  return order
    .map((status) => [status, result.checks.filter((check) => check.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
}

/** The checks of one APIService: a heading, then status, id and message per line, with the hint under it. */
export function renderChecks(result: DoctorResult): string {
  return checkLines(`APIService ${result.apiService}${result.service ? ` -> ${result.service}` : ''}: ${result.status}`, result.checks);
}

/** A heading, then status, id and message per line, with the hint under it. */
export function checkLines(heading: string, checks: CheckResult[]): string {
  const idWidth = checks.reduce((most, check) => Math.max(most, check.id.length), Number.NEGATIVE_INFINITY);
  const lines = [terminalText(heading, 'line')];
  for (const check of checks) {
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
