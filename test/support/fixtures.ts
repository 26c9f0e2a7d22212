import { readFileSync } from 'node:fs';
import { groupsFromAggregated } from '../../src/discovery/aggregated.ts';
import type {
  ApiGroupDiscoveryListDocument,
  ApiGroupListDocument,
  ApiResourceListDocument,
  ApiVersionsDocument,
} from '../../src/discovery/documents.ts';
import { groupsFromLegacy, legacyGroupVersions } from '../../src/discovery/legacy.ts';
import type { ApiSurface } from '../../src/surface/model.ts';

export const dataDir = new URL('../data/', import.meta.url).pathname;

export function readJson<T>(relative: string): T {
  return JSON.parse(readFileSync(`${dataDir}${relative}`, 'utf8')) as T;
}

/** The k0s v1.21 capture, through legacy discovery's pure conversion. */
export function k0sSurface(): ApiSurface {
  const coreVersions = readJson<ApiVersionsDocument>('k0s-v1.21.0-capture/api/index.json');
  const groupList = readJson<ApiGroupListDocument>('k0s-v1.21.0-capture/apis/index.json');
  const resourceLists = new Map<string, ApiResourceListDocument>();
  for (const { group, version } of legacyGroupVersions(coreVersions, groupList)) {
    const path = group === '' ? `api/${version}` : `apis/${group}/${version}`;
    resourceLists.set(group === '' ? version : `${group}/${version}`, readJson(`k0s-v1.21.0-capture/${path}/index.json`));
  }
  return surfaceOf(groupsFromLegacy({ coreVersions, groupList, resourceLists, failures: [] }), 'legacy');
}

/** The v1.31-era aggregated discovery document (named groups only). */
export function aggregatedSurface(): ApiSurface {
  const document = readJson<ApiGroupDiscoveryListDocument>('kubernetes-v1.31-dev-aggregated/discovery/aggregated_v2.json');
  return surfaceOf(groupsFromAggregated(document), 'aggregated');
}

function surfaceOf(discovered: Pick<ApiSurface, 'groups' | 'failures'>, discovery: ApiSurface['discovery']): ApiSurface {
  return { source: { kind: 'snapshot' }, discovery, ...discovered };
}
