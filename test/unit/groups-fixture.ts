// Builds API surfaces from the real captures in test/data for the groups tests.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { groupsFromAggregated } from '../../src/discovery/aggregated.js';
import type {
  ApiGroupDiscoveryListDocument,
  ApiGroupListDocument,
  ApiResourceListDocument,
  ApiServiceDocument,
  ApiVersionsDocument,
  CustomResourceDefinitionDocument,
} from '../../src/discovery/documents.js';
import { groupsFromLegacy } from '../../src/discovery/legacy.js';
import { apiServiceFromDocument, crdFromDocument, labelServedBy } from '../../src/discovery/served-by.js';
import type { ApiSurface } from '../../src/surface/model.js';

export const dataDir = fileURLToPath(new URL('../data/', import.meta.url));

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Legacy discovery from a folder capture (one folder per HTTP path, index.json = body). */
export function legacyGroupsFromFolder(root: string) {
  const coreVersions = readJson<ApiVersionsDocument>(join(root, 'api', 'index.json'));
  const groupList = readJson<ApiGroupListDocument>(join(root, 'apis', 'index.json'));
  const resourceLists = new Map<string, ApiResourceListDocument>();
  for (const version of coreVersions.versions ?? []) {
    resourceLists.set(version, readJson(join(root, 'api', version, 'index.json')));
  }
  for (const group of groupList.groups ?? []) {
    for (const version of group.versions ?? []) {
      const file = join(root, 'apis', group.name, version.version, 'index.json');
      if (existsSync(file)) resourceLists.set(version.groupVersion, readJson(file));
    }
  }
  return groupsFromLegacy({ coreVersions, groupList, resourceLists, failures: [] });
}

/**
 * OpenShift 4.1.0-rc.3's discovery (which lists metrics.k8s.io/v1beta1) with the
 * real metrics-server APIService captured on another cluster (Available=False).
 */
export function metricsSurface(): ApiSurface {
  const root = join(dataDir, 'metrics-server-aggregated');
  const discovered = legacyGroupsFromFolder(join(root, 'discovery'));
  const apiServices = [
    apiServiceFromDocument(parse(readFileSync(join(root, 'apiservice-v1beta1.metrics.k8s.io.yaml'), 'utf8')) as ApiServiceDocument),
  ];
  return {
    source: { kind: 'snapshot', path: 'test/data/metrics-server-aggregated' },
    discovery: 'legacy',
    groups: labelServedBy(discovered.groups, apiServices, []),
    failures: discovered.failures,
    apiServices,
    crds: [],
  };
}

export function listDir(path: string): string[] {
  return existsSync(path) ? readdirSync(path) : [];
}

/**
 * The real v1.36.3 control plane (test/data/kube-v1.36.3, see its SOURCE.md):
 * aggregated discovery of /api and /apis, its APIServices (wardle aggregated,
 * v1.broken.example.com Available=False ServiceNotFound) and its CRDs.
 */
export function kube136Surface(): ApiSurface {
  const root = join(dataDir, 'kube-v1.36.3');
  const core = readJson<ApiGroupDiscoveryListDocument>(join(root, 'aggregated', 'api.json'));
  const named = readJson<ApiGroupDiscoveryListDocument>(join(root, 'aggregated', 'apis.json'));
  const discovered = groupsFromAggregated({ ...named, items: [...(core.items ?? []), ...(named.items ?? [])] });
  const apiServices = readJson<{ items: ApiServiceDocument[] }>(join(root, 'apiservices.json')).items.map(apiServiceFromDocument);
  const crds = readJson<{ items: CustomResourceDefinitionDocument[] }>(join(root, 'crds.json')).items.map(crdFromDocument);
  return {
    source: { kind: 'snapshot', path: 'test/data/kube-v1.36.3' },
    discovery: 'aggregated',
    groups: labelServedBy(discovered.groups, apiServices, crds),
    failures: discovered.failures,
    apiServices,
    crds,
  };
}
