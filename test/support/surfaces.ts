// The one fixture builder: a real capture in test/data read as discovery's
// documents, then turned into the model by the same pure step live discovery
// uses (surfaceFromDocuments).
import { existsSync, readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { parse } from 'yaml';
import { ensureOk } from '../../src/cluster/response.ts';
import { type DiscoveryDocuments, surfaceFromDocuments } from '../../src/discovery/assemble.ts';
import type {
  ApiGroupDiscoveryListDocument,
  ApiGroupListDocument,
  ApiResourceListDocument,
  ApiServiceDocument,
  ApiVersionsDocument,
  CustomResourceDefinitionDocument,
  ListDocument,
  VersionDocument,
} from '../../src/discovery/documents.ts';
import { failureFrom } from '../../src/discovery/download.ts';
import { legacyGroupVersions } from '../../src/discovery/legacy.ts';
import type { ApiSurface, GroupVersionFailure } from '../../src/surface/model.ts';
import { groupVersionPath, groupVersionString } from '../../src/surface/vocabulary.ts';

export const dataDir = new URL('../data/', import.meta.url).pathname;

export function readJson<T>(relative: string): T {
  return JSON.parse(readFileSync(`${dataDir}${relative}`, 'utf8')) as T;
}

/**
 * The captures:
 * - kube-v1.36.3: the real v1.36.3 control plane (see its SOURCE.md): aggregated or
 *   legacy discovery, APIServices (wardle aggregated, v1.broken.example.com
 *   Available=False), CRDs and /version; broken.example.com/v1 is Stale
 *   (aggregated) or answers 503 (legacy).
 * - k0s-v1.21.0: k0s v1.21's legacy discovery, no APIServices or CRDs read.
 * - metrics-server: OpenShift 4.1's legacy discovery (which lists metrics.k8s.io)
 *   with the real metrics-server APIService (Available=False) and no CRDs.
 * - kubernetes-v1.31: a v1.31-era aggregated /apis document alone.
 */
export type Capture = 'kube-v1.36.3' | 'k0s-v1.21.0' | 'metrics-server' | 'kubernetes-v1.31';

export interface CaptureOptions {
  /** kube-v1.36.3 only: which of its two discovery captures. */
  discovery?: 'aggregated' | 'legacy';
}

/** A capture's surface, as live discovery would have built it. */
export function captureSurface(capture: Capture, options: CaptureOptions = {}): ApiSurface {
  return surfaceFromDocuments(captureDocuments(capture, options), { kind: 'snapshot', origin: `test/data (${capture})` });
}

/** A capture's discovery documents, as the download step would have returned them. */
export function captureDocuments(capture: Capture, options: CaptureOptions = {}): DiscoveryDocuments {
  switch (capture) {
    case 'kube-v1.36.3':
      return {
        ...(options.discovery === 'legacy' ? kube136Legacy() : kube136Aggregated()),
        registrations: {
          apiServices: readJson<ListDocument<ApiServiceDocument>>('kube-v1.36.3/apiservices.json').items,
          crds: readJson<ListDocument<CustomResourceDefinitionDocument>>('kube-v1.36.3/crds.json').items,
        },
        version: readJson<VersionDocument>('kube-v1.36.3/version.json'),
      };
    case 'k0s-v1.21.0':
      return legacyFolder('k0s-v1.21.0-capture');
    case 'metrics-server': {
      const apiService = parse(readFileSync(`${dataDir}metrics-server-aggregated/apiservice-v1beta1.metrics.k8s.io.yaml`, 'utf8'));
      return { ...legacyFolder('metrics-server-aggregated/discovery'), registrations: { apiServices: [apiService], crds: [] } };
    }
    case 'kubernetes-v1.31':
      return {
        named: { aggregated: readJson<ApiGroupDiscoveryListDocument>('kubernetes-v1.31-dev-aggregated/discovery/aggregated_v2.json') },
        resourceLists: new Map(),
        failures: [],
      };
  }
}

function kube136Aggregated(): DiscoveryDocuments {
  return {
    core: { aggregated: readJson<ApiGroupDiscoveryListDocument>('kube-v1.36.3/aggregated/api.json') },
    named: { aggregated: readJson<ApiGroupDiscoveryListDocument>('kube-v1.36.3/aggregated/apis.json') },
    resourceLists: new Map(),
    failures: [],
  };
}

/** Legacy discovery recorded as files named after the path, with status.tsv giving the non-200 answers. */
function kube136Legacy(): DiscoveryDocuments {
  const statuses = new Map(
    readFileSync(`${dataDir}kube-v1.36.3/status.tsv`, 'utf8')
      .split('\n')
      .map((line) => line.split('\t'))
      .map(([status, , file]) => [file, Number(status)] as const),
  );
  return legacyDocuments(
    readJson<ApiVersionsDocument>('kube-v1.36.3/legacy/api.json'),
    readJson<ApiGroupListDocument>('kube-v1.36.3/legacy/apis.json'),
    (group, version) => {
      const file = `kube-v1.36.3/legacy${groupVersionPath(group, version)}.json`;
      return { status: statuses.get(file.slice('kube-v1.36.3/'.length)) ?? 200, file };
    },
  );
}

/** Legacy discovery recorded as one folder per path, index.json holding the body. */
function legacyFolder(root: string): DiscoveryDocuments {
  return legacyDocuments(readJson(`${root}/api/index.json`), readJson(`${root}/apis/index.json`), (group, version) => {
    const file = `${root}${groupVersionPath(group, version)}/index.json`;
    return { status: existsSync(`${dataDir}${file}`) ? 200 : 404, file };
  });
}

/** The resource lists of legacy discovery; a non-200 answer becomes the failure the download step records. */
function legacyDocuments(
  coreVersions: ApiVersionsDocument,
  groupList: ApiGroupListDocument,
  answer: (group: string, version: string) => { status: number; file: string },
): DiscoveryDocuments {
  const resourceLists = new Map<string, ApiResourceListDocument>();
  const failures: GroupVersionFailure[] = [];
  for (const { group, version } of legacyGroupVersions(coreVersions, groupList)) {
    const { status, file } = answer(group, version);
    const body = status === 404 ? Buffer.from('404 page not found') : readFileSync(`${dataDir}${file}`);
    try {
      const url = `https://capture${groupVersionPath(group, version)}`;
      ensureOk({ url, status, statusText: STATUS_CODES[status] ?? '', headers: {}, body });
      resourceLists.set(groupVersionString(group, version), JSON.parse(body.toString('utf8')) as ApiResourceListDocument);
    } catch (error) {
      failures.push(failureFrom(group, version, error));
    }
  }
  return { core: { legacy: coreVersions }, named: { legacy: groupList }, resourceLists, failures };
}

/** Item 9 of issue 21: a resource whose name holds a dot ("a.b"), served by two groups. */
export function withDottedName(surface: ApiSurface): ApiSurface {
  const resource = (group: string) => ({
    group,
    version: 'v1',
    name: 'a.b',
    singularName: '',
    kind: 'AB',
    namespaced: true,
    verbs: ['get', 'list'],
    shortNames: [],
    categories: [],
    subresources: [],
  });
  const group = (name: string) => ({
    name,
    preferredVersion: 'v1',
    versions: [
      {
        group: name,
        version: 'v1',
        freshness: 'Current' as const,
        resources: [resource(name)],
        servedBy: { type: 'crd' as const, crds: [`a.b.${name}`] },
      },
    ],
  });
  return { ...surface, groups: [...surface.groups, group('one.example.com'), group('two.example.com')] };
}
