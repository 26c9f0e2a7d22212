import type { ApiGroup, ApiServiceInfo, CrdInfo, ServedBy } from '../surface/model.js';
import { compareBytes, findApiService } from '../surface/vocabulary.js';
import type { ApiServiceDocument, CustomResourceDefinitionDocument } from './documents.js';

export function apiServiceFromDocument(document: ApiServiceDocument): ApiServiceInfo {
  const available = document.status?.conditions?.find((condition) => condition.type === 'Available');
  const service = document.spec.service;
  return {
    name: document.metadata.name,
    group: document.spec.group ?? '',
    version: document.spec.version ?? '',
    service: service ? { namespace: service.namespace, name: service.name, port: service.port ?? 443 } : undefined,
    groupPriorityMinimum: document.spec.groupPriorityMinimum ?? 0,
    versionPriority: document.spec.versionPriority ?? 0,
    insecureSkipTLSVerify: document.spec.insecureSkipTLSVerify === true,
    caBundleSet: (document.spec.caBundle ?? '') !== '',
    available: available
      ? {
          status: available.status,
          reason: available.reason ?? undefined,
          message: available.message ?? undefined,
          lastTransitionTime: available.lastTransitionTime ?? undefined,
        }
      : undefined,
    creationTimestamp: document.metadata.creationTimestamp ?? undefined,
  };
}

export function crdFromDocument(document: CustomResourceDefinitionDocument): CrdInfo {
  const versions = document.spec.versions ?? [];
  const storage = versions.find((version) => version.storage === true);
  const deprecated = versions
    .filter((version) => version.served === true && version.deprecated === true)
    .map((version) =>
      version.deprecationWarning ? { version: version.name, warning: version.deprecationWarning } : { version: version.name },
    );
  return {
    name: document.metadata.name,
    group: document.spec.group,
    plural: document.spec.names.plural,
    kind: document.spec.names.kind,
    scope: document.spec.scope === 'Namespaced' ? 'Namespaced' : 'Cluster',
    versions: versions.filter((version) => version.served === true).map((version) => version.name),
    storageVersion: storage?.name,
    ...(deprecated.length > 0 ? { deprecatedVersions: deprecated } : {}),
  };
}

/**
 * Who serves a group-version. An APIService with a service proxies to an
 * aggregated server; a Local one is built in, unless CRDs define the version
 * (apiextensions registers a Local APIService for every CRD group-version).
 */
export function classifyServedBy(
  group: string,
  version: string,
  apiServices: ApiServiceInfo[] | undefined,
  crds: CrdInfo[] | undefined,
): ServedBy {
  const apiService = findApiService(apiServices, group, version);
  if (apiService?.service) return { type: 'aggregated', apiService: apiService.name, service: apiService.service };
  const definingCrds = (crds ?? []).filter((crd) => crd.group === group && crd.versions.includes(version)).map((crd) => crd.name);
  if (definingCrds.length > 0) return { type: 'crd', crds: definingCrds.sort(compareBytes) };
  if (apiServices === undefined || crds === undefined) return { type: 'unknown' };
  return { type: 'local' };
}

/** Returns the groups with every version labelled by who serves it. */
export function labelServedBy(groups: ApiGroup[], apiServices: ApiServiceInfo[] | undefined, crds: CrdInfo[] | undefined): ApiGroup[] {
  return groups.map((group) => ({
    ...group,
    versions: group.versions.map((version) => ({
      ...version,
      servedBy: classifyServedBy(group.name, version.version, apiServices, crds),
    })),
  }));
}
