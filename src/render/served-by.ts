import { servedByLabel } from '../surface/groups.js';
import type { ServedBy } from '../surface/model.js';

/** A single cell without spaces, so awk still splits the table: "Aggregated:wardle/api:443". */
export function servedByCell(servedBy: ServedBy): string {
  return servedBy.type === 'aggregated' ? `Aggregated:${serviceText(servedBy.service)}` : servedByLabel(servedBy);
}

export function serviceText(service: { namespace: string; name: string; port: number } | undefined): string {
  return service ? `${service.namespace}/${service.name}:${service.port}` : '';
}
