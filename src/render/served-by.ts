import type { ServedBy } from '../surface/model.js';

/** One word for who serves a group-version: Local, CRD, Aggregated or Unknown. */
export function servedByKind(servedBy: ServedBy): string {
  switch (servedBy.type) {
    case 'local':
      return 'Local';
    case 'crd':
      return 'CRD';
    case 'aggregated':
      return 'Aggregated';
    default:
      return 'Unknown';
  }
}

/** A single cell without spaces, so awk still splits the table: "Aggregated:wardle/api:443". */
export function servedByCell(servedBy: ServedBy): string {
  return servedBy.type === 'aggregated' ? `Aggregated:${serviceText(servedBy.service)}` : servedByKind(servedBy);
}

export function serviceText(service: { namespace: string; name: string; port: number } | undefined): string {
  return service ? `${service.namespace}/${service.name}:${service.port}` : '';
}
