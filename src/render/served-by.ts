import type { ServedBy } from '../surface/model.js';
import { type ServiceRef, servedByLabel, serviceText } from '../surface/vocabulary.js';

/** A single cell without spaces, so awk still splits the table: "Aggregated:wardle/api:443". */
export function servedByCell(servedBy: ServedBy): string {
  return servedBy.type === 'aggregated' ? `Aggregated:${serviceText(servedBy.service)}` : servedByLabel(servedBy);
}

/** "ns/name:port", or Local for an APIService the kube-apiserver serves itself. */
export function serviceCell(service: ServiceRef | null): string {
  return service ? serviceText(service) : 'Local';
}
