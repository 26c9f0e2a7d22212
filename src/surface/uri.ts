import { UsageError } from '../errors.js';
import type { ApiSurface } from './model.js';
import { requireSubresource, resolveResource } from './resolve.js';
import { qualifiedName } from './vocabulary.js';

/**
 * The REST path of a resource, built from the discovery model: /api/<v> for
 * the core group and /apis/<group>/<v> otherwise, in the version a bare name
 * resolves to (the preferred one); namespaces/<ns> only for namespaced
 * resources. Pure; ResourceUri is what `kapi uri -o json` prints.
 */

export interface UriRequest {
  /** What the user typed: "pods", "deploy", "clusterroles.rbac.authorization.k8s.io". */
  resource: string;
  name?: string;
  /** The namespace for a namespaced resource (the -n flag or the context's). */
  namespace: string;
  /** True when -n was given, so it can be reported as ignored for cluster-scoped resources. */
  namespaceExplicit: boolean;
  allNamespaces: boolean;
  subresource?: string;
  apiVersion?: string;
}

export type SegmentRole = 'root' | 'group' | 'version' | 'namespaces' | 'namespace' | 'resource' | 'name' | 'subresource';

export interface UriSegment {
  text: string;
  role: SegmentRole;
}

export interface ResourceUri {
  path: string;
  segments: UriSegment[];
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  /** null for cluster-scoped resources and for --all-namespaces. */
  namespace: string | null;
  name: string | null;
  subresource: string | null;
  /** Notes about the request, e.g. a namespace ignored for a cluster-scoped resource. */
  notes: string[];
}

export function resourceUri(surface: ApiSurface, request: UriRequest): ResourceUri {
  if (request.allNamespaces && request.name !== undefined) {
    throw new UsageError('a resource cannot be retrieved by name across all namespaces: drop NAME or --all-namespaces');
  }
  if (request.subresource !== undefined && request.name === undefined) {
    throw new UsageError(`--subresource ${request.subresource} needs a NAME: subresources belong to one object`);
  }
  const { resource } = resolveResource(surface, request.resource, { apiVersion: request.apiVersion });
  if (request.subresource !== undefined) requireSubresource(resource, request.subresource);
  const notes: string[] = [];
  const segments: UriSegment[] =
    resource.group === ''
      ? [
          { text: 'api', role: 'root' },
          { text: resource.version, role: 'version' },
        ]
      : [
          { text: 'apis', role: 'root' },
          { text: resource.group, role: 'group' },
          { text: resource.version, role: 'version' },
        ];
  let namespace: string | null = null;
  if (resource.namespaced && !request.allNamespaces) {
    namespace = request.namespace;
    segments.push({ text: 'namespaces', role: 'namespaces' }, { text: namespace, role: 'namespace' });
  } else if (!resource.namespaced && request.namespaceExplicit) {
    notes.push(`${qualifiedName(resource.name, resource.group)} is cluster-scoped: the namespace "${request.namespace}" is ignored`);
  }
  segments.push({ text: resource.name, role: 'resource' });
  if (request.name !== undefined) segments.push({ text: request.name, role: 'name' });
  if (request.subresource !== undefined) segments.push({ text: request.subresource, role: 'subresource' });
  return {
    path: `/${segments.map((segment) => encodeURIComponent(segment.text)).join('/')}`,
    segments,
    group: resource.group,
    version: resource.version,
    resource: resource.name,
    kind: resource.kind,
    namespaced: resource.namespaced,
    namespace,
    name: request.name ?? null,
    subresource: request.subresource ?? null,
    notes,
  };
}
