import type { ApiServiceRow } from '../surface/apiservice-rows.js';
import { availableCell } from '../surface/vocabulary.js';
import { byOutput, documentPrinters } from './formats.js';
import { tabwriteRows } from './tabwriter.js';

/** What -o takes; without -o, kubectl's table. */
export const apiServicesOutputs = ['wide', 'json', 'yaml'] as const;
export type ApiServicesFormat = 'table' | (typeof apiServicesOutputs)[number];

export interface ApiServicesRenderOptions {
  format: ApiServicesFormat;
  noHeaders: boolean;
  /** The time AGE is measured from (milliseconds since the epoch). */
  /** The time AGE counts to: now for a live cluster, the capture time for a snapshot; undefined: AGE is <unknown>. */
  now: number | undefined;
}

/** The documented JSON/YAML entry of `kapi apiservices -o json|yaml`. */
export type ApiServiceEntry = ApiServiceRow;

/** What `kapi apiservices -o json|yaml` prints (schemas/apiservices.schema.json). */
export type ApiServicesDocument = ApiServiceEntry[];

/**
 * kubectl get apiservices' table (NAME, SERVICE, AVAILABLE, AGE, as
 * kube-aggregator's table convertor prints them); -o wide adds priorities,
 * TLS, the resources served and the full condition message.
 */
export function renderApiServices(rows: ApiServiceRow[], options: ApiServicesRenderOptions): string {
  return byOutput(options.format, {
    ...documentPrinters((): ApiServicesDocument => rows),
    table: () => renderTable(rows, options, false),
    wide: () => renderTable(rows, options, true),
  });
}

function renderTable(rows: ApiServiceRow[], options: ApiServicesRenderOptions, wide: boolean): string {
  const header = ['NAME', 'SERVICE', 'AVAILABLE', 'AGE'];
  if (wide) header.push('GROUP PRIORITY', 'VERSION PRIORITY', 'TLS', 'RESOURCES', 'MESSAGE');
  const lines = options.noHeaders ? [] : [header];
  for (const row of rows) {
    const cells = [row.name, serviceColumn(row), availableCell(row.available, 'Unknown'), age(row.creationTimestamp, options.now)];
    if (wide) {
      cells.push(
        String(row.groupPriorityMinimum),
        String(row.versionPriority),
        tlsColumn(row),
        row.resources.length === 0 ? '<none>' : row.resources.join(','),
        row.available?.message ?? '',
      );
    }
    lines.push(cells);
  }
  return tabwriteRows(lines);
}

/** kube-aggregator prints namespace/name, without the port, or Local. */
function serviceColumn(row: ApiServiceRow): string {
  return row.service ? `${row.service.namespace}/${row.service.name}` : 'Local';
}

function tlsColumn(row: ApiServiceRow): string {
  if (!row.service) return '-';
  if (row.insecureSkipTLSVerify) return 'INSECURE (skip verify)';
  return row.caBundleSet ? 'caBundle' : 'no caBundle';
}

/** One stderr warning per APIService that skips TLS verification. */
export function insecureWarnings(rows: ApiServiceRow[]): string[] {
  return rows
    .filter((row) => row.insecureSkipTLSVerify)
    .map(
      (row) =>
        `Warning: APIService ${row.name} sets insecureSkipTLSVerify: kube-apiserver does not verify ${serviceColumn(row)}'s certificate`,
    );
}

function age(creationTimestamp: string | null, now: number | undefined): string {
  if (!creationTimestamp || now === undefined) return '<unknown>';
  return humanDuration(now - Date.parse(creationTimestamp));
}

/** apimachinery's duration.HumanDuration, as kubectl prints AGE. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.trunc(hours / 24) % 365;
    return days === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}
