import { readFileSync } from 'node:fs';
import { groupsFromAggregated } from '../../src/discovery/aggregated.ts';
import type {
  ApiGroupDiscoveryListDocument,
  ApiGroupListDocument,
  ApiResourceListDocument,
  ApiServiceDocument,
  ApiVersionsDocument,
  CustomResourceDefinitionDocument,
} from '../../src/discovery/documents.ts';
import { groupsFromLegacy, legacyGroupVersions } from '../../src/discovery/legacy.ts';
import { apiServiceFromDocument, crdFromDocument, labelServedBy } from '../../src/discovery/served-by.ts';
import type { ApiSurface, ServerVersion } from '../../src/surface/model.ts';

/**
 * The real kube-apiserver v1.36.3 capture (test/data/kube-v1.36.3, see its SOURCE.md)
 * turned into the model with the same pure functions live discovery uses:
 * aggregated or legacy discovery, APIServices, CRDs and /version. Its
 * broken.example.com/v1 is Stale (aggregated) or answers 503 (legacy).
 */
export function kube1363Surface(discovery: 'aggregated' | 'legacy' = 'aggregated'): ApiSurface {
  const read = <T>(file: string) => JSON.parse(readFileSync(new URL(`../data/kube-v1.36.3/${file}`, import.meta.url), 'utf8')) as T;
  const discovered = discovery === 'aggregated' ? aggregated(read) : legacy(read);
  const apiServices = read<{ items: ApiServiceDocument[] }>('apiservices.json').items.map(apiServiceFromDocument);
  const crds = read<{ items: CustomResourceDefinitionDocument[] }>('crds.json').items.map(crdFromDocument);
  const version = read<ServerVersion>('version.json');
  return {
    source: { kind: 'snapshot', origin: 'test/data/kube-v1.36.3' },
    serverVersion: { major: version.major, minor: version.minor, gitVersion: version.gitVersion, platform: version.platform },
    discovery,
    groups: labelServedBy(discovered.groups, apiServices, crds),
    failures: discovered.failures,
    apiServices,
    crds,
  };
}

type Read = <T>(file: string) => T;

function aggregated(read: Read): Pick<ApiSurface, 'groups' | 'failures'> {
  const core = groupsFromAggregated(read<ApiGroupDiscoveryListDocument>('aggregated/api.json'));
  const rest = groupsFromAggregated(read<ApiGroupDiscoveryListDocument>('aggregated/apis.json'));
  return { groups: [...core.groups, ...rest.groups], failures: [...core.failures, ...rest.failures] };
}

function legacy(read: Read): Pick<ApiSurface, 'groups' | 'failures'> {
  const coreVersions = read<ApiVersionsDocument>('legacy/api.json');
  const groupList = read<ApiGroupListDocument>('legacy/apis.json');
  const resourceLists = new Map<string, ApiResourceListDocument>();
  const failures: ApiSurface['failures'] = [];
  const statuses = new Map(
    readFileSync(new URL('../data/kube-v1.36.3/status.tsv', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.split('\t'))
      .map(([status, , file]) => [file, Number(status)] as const),
  );
  for (const { group, version } of legacyGroupVersions(coreVersions, groupList)) {
    const file = group === '' ? `legacy/api/${version}.json` : `legacy/apis/${group}/${version}.json`;
    const status = statuses.get(file) ?? 200;
    if (status !== 200) {
      failures.push({
        group,
        version,
        reason: 'http',
        status,
        message: `${status}: ${readFileSync(new URL(`../data/kube-v1.36.3/${file}`, import.meta.url), 'utf8').trim()}`,
      });
      continue;
    }
    resourceLists.set(group === '' ? version : `${group}/${version}`, read<ApiResourceListDocument>(file));
  }
  return groupsFromLegacy({ coreVersions, groupList, resourceLists, failures });
}
