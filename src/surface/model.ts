/**
 * The one model of a cluster's API surface. Live discovery (aggregated or legacy)
 * and snapshots both produce it; every command reads it.
 */

export interface ApiSurface {
  /** Where the surface came from. Never holds credentials. */
  source: SurfaceSource;
  serverVersion?: ServerVersion;
  /** Which discovery protocol produced the groups; "mixed" when /api and /apis answered in different ones. */
  discovery: 'aggregated' | 'legacy' | 'mixed';
  /** Groups in server order: core ("") first, then /apis order (priority order). */
  groups: ApiGroup[];
  /** Group-versions that could not be discovered, sorted by group then version. */
  failures: GroupVersionFailure[];
  /** APIServices as read from apiregistration.k8s.io/v1; undefined when not readable. */
  apiServices?: ApiServiceInfo[];
  /** CRD group-versions as read from apiextensions.k8s.io/v1; undefined when not readable. */
  crds?: CrdInfo[];
  /** Why served-by could not be determined, when it could not. */
  servedByNotice?: string;
  /** Why the APIServices could not be read (apiServices is undefined), when they were asked for. */
  apiServicesUnread?: UnreadList;
}

/** Why a list could not be read: the user may not (403), the server does not serve it (404), or another failure. */
export interface UnreadList {
  reason: 'forbidden' | 'not-served' | 'failed';
  message: string;
}

export interface SurfaceSource {
  kind: 'live' | 'snapshot';
  /** Server URL (live) or the snapshot's recorded server. */
  server?: string;
  context?: string;
  /** Snapshot file, or "builtin:<name>". */
  path?: string;
  /** Free text: how the data was produced (for bundled snapshots). */
  origin?: string;
  capturedAt?: string;
  durationMs?: number;
  /** Set (in memory only) when a live surface was read back from kapi's discovery cache. */
  fromCache?: boolean;
}

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  platform?: string;
}

export interface ApiGroup {
  /** "" is the legacy core group. */
  name: string;
  /** The version the server prefers; "" if no version is available. */
  preferredVersion: string;
  /** In server priority order (preferred first for aggregated discovery). */
  versions: ApiGroupVersion[];
}

export type Freshness = 'Current' | 'Stale';

export interface ApiGroupVersion {
  group: string;
  version: string;
  freshness: Freshness;
  resources: ApiResource[];
  servedBy: ServedBy;
}

export interface ApiResource {
  group: string;
  version: string;
  /** Plural resource name, e.g. "deployments". */
  name: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  subresources: ApiSubresource[];
  /** Group/version of the kind when it differs from the resource's own group/version. */
  responseKind?: { group: string; version: string; kind: string };
  /** Legacy discovery's storageVersionHash, kept as kubectl passes it through; aggregated discovery has none. */
  storageVersionHash?: string;
}

export interface ApiSubresource {
  /** e.g. "status", "scale". */
  name: string;
  kind: string;
  verbs: string[];
  responseKind?: { group: string; version: string; kind: string };
}

export type ServedBy =
  | { type: 'local' }
  | { type: 'crd'; crds: string[] }
  | {
      type: 'aggregated';
      apiService: string;
      service: { namespace: string; name: string; port: number };
    }
  | { type: 'unknown' };

export type FailureReason = 'stale' | 'http' | 'timeout' | 'network' | 'malformed';

export interface GroupVersionFailure {
  group: string;
  version: string;
  reason: FailureReason;
  /** HTTP status, when reason is "http". */
  status?: number;
  message: string;
}

export interface ApiServiceInfo {
  /** e.g. "v1alpha1.wardle.example.com". */
  name: string;
  group: string;
  version: string;
  /** undefined for Local APIServices. */
  service?: { namespace: string; name: string; port: number };
  groupPriorityMinimum: number;
  versionPriority: number;
  insecureSkipTLSVerify: boolean;
  caBundleSet: boolean;
  available?: { status: string; reason?: string; message?: string; lastTransitionTime?: string };
  creationTimestamp?: string;
}

export interface CrdInfo {
  /** e.g. "widgets.example.com". */
  name: string;
  group: string;
  plural: string;
  kind: string;
  scope: 'Namespaced' | 'Cluster';
  /** Served versions only, in the CRD's declared order. */
  versions: string[];
  storageVersion?: string;
  /** Served versions marked deprecated: true, with their deprecationWarning; absent when none is. */
  deprecatedVersions?: Array<{ version: string; warning?: string }>;
}
