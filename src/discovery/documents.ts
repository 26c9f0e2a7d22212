/** The Kubernetes discovery documents kapi reads, typed once for every module. */

export interface ApiVersionsDocument {
  kind?: 'APIVersions';
  versions: string[];
}

export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

export interface ApiGroupDocument {
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion?: GroupVersionForDiscovery;
}

export interface ApiGroupListDocument {
  kind?: 'APIGroupList';
  groups: ApiGroupDocument[];
}

export interface ApiResourceDocument {
  name: string;
  singularName?: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}

export interface ApiResourceListDocument {
  kind?: 'APIResourceList';
  groupVersion: string;
  resources: ApiResourceDocument[];
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface ApiSubresourceDiscovery {
  subresource: string;
  responseKind?: GroupVersionKind;
  acceptedTypes?: GroupVersionKind[];
  verbs?: string[];
}

export interface ApiResourceDiscovery {
  resource: string;
  responseKind?: GroupVersionKind;
  scope: 'Namespaced' | 'Cluster';
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: ApiSubresourceDiscovery[];
}

export interface ApiVersionDiscovery {
  version: string;
  resources?: ApiResourceDiscovery[];
  freshness?: 'Current' | 'Stale';
}

export interface ApiGroupDiscovery {
  metadata?: { name?: string };
  versions?: ApiVersionDiscovery[];
}

export interface ApiGroupDiscoveryListDocument {
  kind: 'APIGroupDiscoveryList';
  apiVersion: string;
  items?: ApiGroupDiscovery[];
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  creationTimestamp?: string;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface ApiServiceDocument {
  metadata: ObjectMeta;
  spec: {
    group?: string;
    version?: string;
    service?: { namespace: string; name: string; port?: number } | null;
    groupPriorityMinimum: number;
    versionPriority: number;
    insecureSkipTLSVerify?: boolean;
    caBundle?: string;
  };
  status?: { conditions?: Condition[] };
}

export interface CustomResourceDefinitionDocument {
  metadata: ObjectMeta;
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { plural: string; kind: string; singular?: string; shortNames?: string[]; categories?: string[] };
    versions: Array<{ name: string; served: boolean; storage: boolean; deprecated?: boolean; deprecationWarning?: string | null }>;
  };
}

export interface ListDocument<T> {
  items: T[];
}

/** The Accept header client-go sends for aggregated discovery, byte for byte. */
export const aggregatedDiscoveryAccept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

export function isAggregatedDiscovery(contentType: string, body: unknown): body is ApiGroupDiscoveryListDocument {
  return contentType.includes('apidiscovery.k8s.io') && (body as { kind?: string })?.kind === 'APIGroupDiscoveryList';
}
