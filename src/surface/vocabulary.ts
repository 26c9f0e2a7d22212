import type { ApiServiceInfo, ServedBy } from './model.js';

/**
 * The model's small words, written once for every layer: group-version
 * strings and paths, a resource's group-version path, qualified resource names, served-by labels, the
 * APIService Available text, the byte-order comparator and the APIService
 * lookup. Pure; no module builds these by hand.
 */

/** "apps/v1", or "v1" for the core group. Unique per group-version, so it also keys maps. */
export function groupVersionString(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** The inverse of groupVersionString: "apps/v1" -> apps, v1; "v1" -> the core group. */
export function parseGroupVersion(text: string): { group: string; version: string } {
  const slash = text.lastIndexOf('/');
  return slash < 0 ? { group: '', version: text } : { group: text.slice(0, slash), version: text.slice(slash + 1) };
}

/** The REST path of a group-version: "/api/v1" for the core group, "/apis/<group>/<version>" otherwise. */
/** A DNS-1123 label (namespaces, Service names, versions): what may stand as one segment of a request path. */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

/** A DNS-1123 subdomain (API group names): dot-separated labels, at most 253 characters. */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && name.split('.').every(isDnsLabel);
}

export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/**
 * One resource in one version, "apps/v1/deployments" ("v1/pods" for the core group; a subresource
 * may follow the name: "v1/pods/exec"). How findings and notes name it, and a map key.
 */
export function resourceVersionPath(group: string, version: string, resource: string): string {
  return `${groupVersionString(group, version)}/${resource}`;
}

/** The verbs kube-apiserver authorizes on a resource request, in kubectl's order (kapi pipeline's VERB). */
export const requestVerbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;

/** "deployments.apps", or "pods" for the core group: kubectl's GroupResource string. */
export function qualifiedName(name: string, group: string): string {
  return group === '' ? name : `${name}.${group}`;
}

/** Go's strings.Compare: byte order, never locale order. */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Who serves a group-version, as one word. */
export type ServedByLabel = 'Local' | 'CRD' | 'Aggregated' | 'Unknown';

export function servedByLabel(servedBy: ServedBy): ServedByLabel {
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

/** The Service an aggregated APIService proxies to. */
export interface ServiceRef {
  namespace: string;
  name: string;
  port: number;
}

/** "namespace/name:port". */
export function serviceText(service: ServiceRef): string {
  return `${service.namespace}/${service.name}:${service.port}`;
}

/** An APIService's Available condition, with absent fields as undefined or null. */
export interface AvailableCondition {
  status: string;
  reason?: string | null;
  message?: string | null;
}

/** "False (FailedDiscoveryCheck)", with ": <message>" added when asked for and present. */
export function availableText(available: AvailableCondition, options: { message?: boolean } = {}): string {
  const reason = available.reason ? ` (${available.reason})` : '';
  const message = options.message && available.message ? `: ${available.message}` : '';
  return `${available.status}${reason}${message}`;
}

/** kubectl's AVAILABLE cell: True, False (Reason), or the bare status; `missing` without the condition. */
export function availableCell(available: AvailableCondition | null | undefined, missing: string): string {
  if (!available) return missing;
  return available.status === 'True' ? available.status : availableText(available);
}

/** The APIService that routes a group-version, if any. */
export function findApiService(apiServices: ApiServiceInfo[] | undefined, group: string, version: string): ApiServiceInfo | undefined {
  return apiServices?.find((apiService) => apiService.group === group && apiService.version === version);
}
