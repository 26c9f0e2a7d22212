import { type WalkLimit, type WalkLimits, walkLimits, walkLimitText } from '../limits/walk-budget.js';
import type { JsonSchema } from '../openapi/documents.js';
import { type GroupRow, groupRows } from './groups.js';
import type { ApiResource, ApiSurface } from './model.js';
import { resourceUri } from './uri.js';
import { availableText, groupVersionPath, groupVersionString, type ServedByLabel, serviceText } from './vocabulary.js';

/**
 * What `kapi atlas --html` embeds in its page: groups -> versions ->
 * resources, who serves each version and whether it is available, each
 * resource's REST path and short names, and the key of its schema in the
 * deduplicated schema table. Pure.
 */

export type AtlasAvailability = 'Available' | 'Unavailable' | 'Stale' | 'Failed';

export interface AtlasResource {
  name: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: string[];
  /** The collection's REST path, with {namespace} for namespaced resources: /apis/apps/v1/namespaces/{namespace}/deployments. */
  path: string;
  /** Key in AtlasModel.schemas, or null when the server published no schema for it. */
  schema: string | null;
}

export interface AtlasVersion {
  version: string;
  preferred: boolean;
  servedBy: ServedByLabel;
  /** The CRDs, or the APIService and its Service, behind the version; "" for Local. */
  servedByDetail: string;
  availability: AtlasAvailability;
  /** Why it is not Available (the APIService condition or the discovery failure); "" when it is. */
  availabilityDetail: string;
  resources: AtlasResource[];
}

export interface AtlasGroup {
  /** "" is the core group. */
  name: string;
  versions: AtlasVersion[];
}

export interface AtlasModel {
  title: string;
  /** Where the surface came from: a server, a snapshot file or a bundled release. */
  source: string;
  serverVersion: string | null;
  groups: AtlasGroup[];
  schemas: Record<string, JsonSchema>;
  /** The walk budget the page's field search walks each resource with (kapi's own), and how its messages name each limit. */
  walk: { limits: WalkLimits; texts: Record<WalkLimit, string> };
}

export interface AtlasInput {
  surface: ApiSurface;
  title: string;
  source: string;
  /** The schema key of a resource (by group/version/name), from embedSchemas. */
  schemaKey: (resource: ApiResource) => string | null;
  schemas: Record<string, JsonSchema>;
}

export function atlasModel(input: AtlasInput): AtlasModel {
  const rows = new Map(groupRows(input.surface).map((row) => [row.groupVersion, row]));
  const groups = input.surface.groups.map((group) => ({
    name: group.name,
    versions: group.versions.map((version) => {
      const row = rows.get(groupVersionString(group.name, version.version)) as GroupRow;
      const { availability, detail } = availabilityOf(row);
      return {
        version: version.version,
        preferred: version.version === group.preferredVersion,
        servedBy: row.servedBy,
        servedByDetail: servedByDetail(row),
        availability,
        availabilityDetail: detail,
        resources: version.resources.map((resource) => ({
          name: resource.name,
          singularName: resource.singularName,
          kind: resource.kind,
          namespaced: resource.namespaced,
          shortNames: resource.shortNames,
          categories: resource.categories,
          verbs: resource.verbs,
          subresources: resource.subresources.map((sub) => sub.name),
          path: collectionPath(input.surface, resource),
          schema: input.schemaKey(resource),
        })),
      };
    }),
  }));
  return {
    title: input.title,
    source: input.source,
    serverVersion: input.surface.serverVersion?.gitVersion ?? null,
    groups,
    schemas: input.schemas,
    walk: { limits: { ...walkLimits }, texts: walkTexts() },
  };
}

function walkTexts(): Record<WalkLimit, string> {
  const limits = Object.keys(walkLimits) as WalkLimit[];
  return Object.fromEntries(limits.map((limit) => [limit, walkLimitText(limit)])) as Record<WalkLimit, string>;
}

function availabilityOf(row: GroupRow): { availability: AtlasAvailability; detail: string } {
  if (row.freshness === 'Stale') return { availability: 'Stale', detail: 'stale in aggregated discovery (its API server is unavailable)' };
  if (row.freshness === 'Failed') return { availability: 'Failed', detail: row.failure ?? '' };
  if (row.available && row.available.status !== 'True')
    return { availability: 'Unavailable', detail: `Available: ${availableText(row.available, { message: true })}` };
  return { availability: 'Available', detail: '' };
}

function servedByDetail(row: GroupRow): string {
  if (row.servedBy === 'CRD') return row.crds.join(', ');
  if (row.service) return `${row.apiService ?? ''} -> ${serviceText(row.service)}`;
  return '';
}

/** The list path kapi uri prints for the resource in this version, with a {namespace} placeholder. */
function collectionPath(surface: ApiSurface, resource: ApiResource): string {
  try {
    const uri = resourceUri(surface, {
      resource: resource.group === '' ? resource.name : `${resource.name}.${resource.group}`,
      apiVersion: groupVersionString(resource.group, resource.version),
      namespace: '{namespace}',
      namespaceExplicit: false,
      allNamespaces: false,
    });
    return `/${uri.segments.map((segment) => segment.text).join('/')}`;
  } catch {
    // A resource discovery lists but resolution cannot reach (a name shared with another group's kind): build it directly.
    const base = groupVersionPath(resource.group, resource.version);
    return resource.namespaced ? `${base}/namespaces/{namespace}/${resource.name}` : `${base}/${resource.name}`;
  }
}
