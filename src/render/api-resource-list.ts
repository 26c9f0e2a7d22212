import type { ApiResource } from '../surface/model.js';

/**
 * kubectl 1.34+'s `api-resources -o json|yaml`: one metav1.APIResourceList
 * holding the listed resources, each with its group and version, printed as
 * kubectl's printers print it (JSON indented by four spaces with Go's HTML
 * escaping; YAML with sorted keys). An empty list prints `resources: null`.
 * Legacy discovery's storageVersionHash is passed through, as kubectl passes it
 * (aggregated discovery does not carry it).
 */

/** metav1.APIResource's fields in its declaration order; omitempty ones are left out when empty. */
interface ApiResourceObject {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

export interface ApiResourceListObject {
  kind: 'APIResourceList';
  apiVersion: 'v1';
  groupVersion: '';
  resources: ApiResourceObject[] | null;
}

export function apiResourceList(resources: ApiResource[]): ApiResourceListObject {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: '',
    resources: resources.length === 0 ? null : resources.map(apiResourceObject),
  };
}

function apiResourceObject(resource: ApiResource): ApiResourceObject {
  const nonEmpty = <T extends string | string[]>(value: T | undefined) => (value !== undefined && value.length > 0 ? value : undefined);
  return {
    name: resource.name,
    singularName: resource.singularName,
    namespaced: resource.namespaced,
    group: nonEmpty(resource.group),
    version: nonEmpty(resource.version),
    kind: resource.kind,
    verbs: resource.verbs,
    shortNames: nonEmpty(resource.shortNames),
    categories: nonEmpty(resource.categories),
    storageVersionHash: nonEmpty(resource.storageVersionHash),
  };
}
