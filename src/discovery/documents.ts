import * as z from 'zod/mini';
import { isBoolean, isListOf, isNumber, isRecord, isString, isText } from '../shape/plain.js';

/**
 * The Kubernetes documents discovery reads, as schemas: every type below is
 * inferred from them, and every document is checked against them where it
 * enters. Lenient where Kubernetes is (unknown fields are kept, optional
 * fields may be absent or null, as Go's decoder allows); strict where kapi
 * relies on a shape (names are strings, lists are lists of objects).
 */

/** A list Go would decode from null or an absent field as empty. */
export const list = <T extends z.ZodMiniType>(item: T) => z.nullish(z.array(item));
/** An optional string, absent or null as Go would leave it empty. */
export const text = z.nullish(z.string());
const strings = list(z.string());

export const apiVersionsSchema = z.lazy(() => z.looseObject({ versions: strings }));
export type ApiVersionsDocument = z.infer<typeof apiVersionsSchema>;

const groupVersionForDiscoverySchema = z.lazy(() => z.looseObject({ groupVersion: z.string(), version: z.string() }));
export type GroupVersionForDiscovery = z.infer<typeof groupVersionForDiscoverySchema>;

const apiGroupSchema = z.lazy(() =>
  z.looseObject({
    name: z.string(),
    versions: list(groupVersionForDiscoverySchema),
    preferredVersion: z.nullish(groupVersionForDiscoverySchema),
  }),
);
export type ApiGroupDocument = z.infer<typeof apiGroupSchema>;

export const apiGroupListSchema = z.lazy(() => z.looseObject({ groups: list(apiGroupSchema) }));
export type ApiGroupListDocument = z.infer<typeof apiGroupListSchema>;

const apiResourceSchema = z.lazy(() =>
  z.looseObject({
    name: z.string(),
    singularName: text,
    namespaced: z.nullish(z.boolean()),
    group: text,
    version: text,
    kind: z.string(),
    verbs: strings,
    shortNames: strings,
    categories: strings,
    storageVersionHash: text,
  }),
);
export type ApiResourceDocument = z.infer<typeof apiResourceSchema>;

/** An APIResourceList must be an object: an array or null is a failure of its group-version, not an empty list. */
export const apiResourceListSchema = z.lazy(() => z.looseObject({ groupVersion: text, resources: list(apiResourceSchema) }));
export type ApiResourceListDocument = z.infer<typeof apiResourceListSchema>;

const groupVersionKindSchema = z.lazy(() => z.looseObject({ group: text, version: text, kind: text }));
export type GroupVersionKind = z.infer<typeof groupVersionKindSchema>;

const apiSubresourceDiscoverySchema = z.lazy(() =>
  z.looseObject({
    subresource: z.string(),
    responseKind: z.nullish(groupVersionKindSchema),
    acceptedTypes: list(groupVersionKindSchema),
    verbs: strings,
  }),
);

const apiResourceDiscoverySchema = z.lazy(() =>
  z.looseObject({
    resource: z.string(),
    responseKind: z.nullish(groupVersionKindSchema),
    /** "Namespaced" or "Cluster"; anything else reads as cluster-scoped, as in kubectl. */
    scope: text,
    singularResource: text,
    verbs: strings,
    shortNames: strings,
    categories: strings,
    subresources: list(apiSubresourceDiscoverySchema),
  }),
);
export type ApiResourceDiscovery = z.infer<typeof apiResourceDiscoverySchema>;

/**
 * One version of an aggregated group. Its resources are checked on their own
 * (apiVersionDiscoverySchema), so that one bad version fails alone.
 */
const apiVersionDiscoveryOutlineSchema = z.lazy(() =>
  z.looseObject({ version: z.string(), freshness: text, resources: z.optional(z.unknown()) }),
);
export const apiVersionDiscoverySchema = z.lazy(() =>
  z.looseObject({
    version: z.string(),
    freshness: text,
    resources: list(apiResourceDiscoverySchema),
  }),
);
export type ApiVersionDiscovery = z.infer<typeof apiVersionDiscoverySchema>;

/**
 * apiVersionDiscoverySchema's test without zod, for speed: at 2,000 CRDs zod's check of every
 * resource costs more than the rest of the conversion. True only where the schema accepts the
 * value as it is (a unit test holds it to that on mutated real documents); false sends the
 * version to the schema, which names the problem.
 */
export function isWellFormedVersion(value: unknown): value is ApiVersionDiscovery {
  return isRecord(value) && typeof value.version === 'string' && isText(value.freshness) && isListOf(value.resources, isResource);
}

const isKind = (value: unknown) =>
  value === undefined || value === null || (isRecord(value) && isText(value.group) && isText(value.version) && isText(value.kind));
const isSubresource = (value: unknown) =>
  isRecord(value) &&
  typeof value.subresource === 'string' &&
  isKind(value.responseKind) &&
  isListOf(value.acceptedTypes, isKind) &&
  isListOf(value.verbs, isString);
const isResource = (value: unknown) =>
  isRecord(value) &&
  typeof value.resource === 'string' &&
  isKind(value.responseKind) &&
  isText(value.scope) &&
  isText(value.singularResource) &&
  isListOf(value.verbs, isString) &&
  isListOf(value.shortNames, isString) &&
  isListOf(value.categories, isString) &&
  isListOf(value.subresources, isSubresource);

const apiGroupDiscoveryOutlineSchema = z.lazy(() =>
  z.looseObject({
    metadata: z.nullish(z.looseObject({ name: text })),
    versions: list(apiVersionDiscoveryOutlineSchema),
  }),
);
export type ApiGroupDiscoveryOutline = z.infer<typeof apiGroupDiscoveryOutlineSchema>;

/** The outline of an APIGroupDiscoveryList: groups and versions, resources unchecked. */
export const apiGroupDiscoveryListSchema = z.lazy(() =>
  z.looseObject({ kind: text, apiVersion: text, items: list(apiGroupDiscoveryOutlineSchema) }),
);
export type ApiGroupDiscoveryListDocument = z.infer<typeof apiGroupDiscoveryListSchema>;

const isVersionOutline = (value: unknown) => isRecord(value) && typeof value.version === 'string' && isText(value.freshness);
const isGroupOutline = (value: unknown) =>
  isRecord(value) &&
  (value.metadata === undefined || value.metadata === null || (isRecord(value.metadata) && isText(value.metadata.name))) &&
  isListOf(value.versions, isVersionOutline);

/** apiGroupDiscoveryListSchema's test without zod, read on every live run (and from the discovery cache), as isWellFormedVersion. */
export function isWellFormedDiscoveryList(value: unknown): value is ApiGroupDiscoveryListDocument {
  return isRecord(value) && isText(value.kind) && isText(value.apiVersion) && isListOf(value.items, isGroupOutline);
}

export const objectMetaSchema = z.looseObject({ name: z.string(), namespace: text, creationTimestamp: text });
export type ObjectMeta = z.infer<typeof objectMetaSchema>;

const conditionSchema = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    status: z.string(),
    reason: text,
    message: text,
    lastTransitionTime: text,
  }),
);

export const apiServiceSchema = z.lazy(() =>
  z.looseObject({
    metadata: objectMetaSchema,
    spec: z.looseObject({
      group: text,
      version: text,
      service: z.nullish(z.looseObject({ namespace: z.string(), name: z.string(), port: z.nullish(z.number()) })),
      groupPriorityMinimum: z.nullish(z.number()),
      versionPriority: z.nullish(z.number()),
      insecureSkipTLSVerify: z.nullish(z.boolean()),
      caBundle: text,
    }),
    status: z.nullish(z.looseObject({ conditions: list(conditionSchema) })),
  }),
);
export type ApiServiceDocument = z.infer<typeof apiServiceSchema>;

/**
 * A CustomResourceDefinition's fields, defined once: what every reader of a CRD relies on. Two
 * views are built from them: discovery's (below: names with singular, short names and categories,
 * for served-by and -o wide) and the pipeline's and the doctor's (src/pipeline/documents.ts:
 * versions with their schemas, conversion, stored versions).
 */
export const crdFields = {
  spec: { group: z.string(), scope: z.string() },
  names: { plural: z.string(), kind: z.string() },
  version: {
    name: z.string(),
    served: z.nullish(z.boolean()),
    storage: z.nullish(z.boolean()),
    deprecated: z.nullish(z.boolean()),
    deprecationWarning: text,
  },
};

export const customResourceDefinitionSchema = z.lazy(() =>
  z.looseObject({
    metadata: objectMetaSchema,
    spec: z.looseObject({
      ...crdFields.spec,
      names: z.looseObject({ ...crdFields.names, singular: text, shortNames: strings, categories: strings }),
      versions: list(z.looseObject(crdFields.version)),
    }),
  }),
);
export type CustomResourceDefinitionDocument = z.infer<typeof customResourceDefinitionSchema>;

export const listOf = <T extends z.ZodMiniType>(item: T) => z.looseObject({ items: list(item) });

// The APIService and CRD lists' tests without zod (-o wide and -o json read them for served-by; at
// 2,000 CRDs zod's parse of the CRD list costs more than the rest of the run), as isWellFormedVersion.
const nullishOr = (test: (value: unknown) => boolean) => (value: unknown) => value === undefined || value === null || test(value);
const isObjectMeta = (value: unknown) =>
  isRecord(value) && typeof value.name === 'string' && isText(value.namespace) && isText(value.creationTimestamp);
const isCondition = (value: unknown) =>
  isRecord(value) &&
  typeof value.type === 'string' &&
  typeof value.status === 'string' &&
  isText(value.reason) &&
  isText(value.message) &&
  isText(value.lastTransitionTime);
const isServiceReference = (value: unknown) =>
  isRecord(value) && typeof value.namespace === 'string' && typeof value.name === 'string' && nullishOr(isNumber)(value.port);
const isApiServiceSpec = (spec: unknown) =>
  isRecord(spec) &&
  isText(spec.group) &&
  isText(spec.version) &&
  nullishOr(isServiceReference)(spec.service) &&
  nullishOr(isNumber)(spec.groupPriorityMinimum) &&
  nullishOr(isNumber)(spec.versionPriority) &&
  nullishOr(isBoolean)(spec.insecureSkipTLSVerify) &&
  isText(spec.caBundle);
const isApiService = (value: unknown) =>
  isRecord(value) &&
  isObjectMeta(value.metadata) &&
  isApiServiceSpec(value.spec) &&
  nullishOr((status) => isRecord(status) && isListOf(status.conditions, isCondition))(value.status);
const isCrdNames = (names: unknown) =>
  isRecord(names) &&
  typeof names.plural === 'string' &&
  typeof names.kind === 'string' &&
  isText(names.singular) &&
  isListOf(names.shortNames, isString) &&
  isListOf(names.categories, isString);
const isCrdVersion = (value: unknown) =>
  isRecord(value) &&
  typeof value.name === 'string' &&
  nullishOr(isBoolean)(value.served) &&
  nullishOr(isBoolean)(value.storage) &&
  nullishOr(isBoolean)(value.deprecated) &&
  isText(value.deprecationWarning);
const isCrd = (value: unknown) =>
  isRecord(value) &&
  isObjectMeta(value.metadata) &&
  isRecord(value.spec) &&
  typeof value.spec.group === 'string' &&
  typeof value.spec.scope === 'string' &&
  isCrdNames(value.spec.names) &&
  isListOf(value.spec.versions, isCrdVersion);

/** listOf(apiServiceSchema)'s test without zod. */
export const isWellFormedApiServiceList = (value: unknown): boolean => isRecord(value) && isListOf(value.items, isApiService);

/** listOf(customResourceDefinitionSchema)'s test without zod. */
export const isWellFormedCrdList = (value: unknown): boolean => isRecord(value) && isListOf(value.items, isCrd);

/** A Kubernetes list, as tests and callers that have checked the items see it. */
export interface ListDocument<T> {
  items: T[];
}

/** GET /version. Only the fields kapi shows; all optional, as /version is informational. */
export const versionInfoSchema = z.lazy(() => z.looseObject({ major: text, minor: text, gitVersion: text, platform: text }));
export type VersionDocument = z.infer<typeof versionInfoSchema>;

/** The Accept header client-go sends for aggregated discovery, byte for byte. */
export const aggregatedDiscoveryAccept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

export function isAggregatedDiscovery(contentType: string, body: unknown): boolean {
  return (
    contentType.includes('apidiscovery.k8s.io') &&
    typeof body === 'object' &&
    body !== null &&
    (body as { kind?: unknown }).kind === 'APIGroupDiscoveryList'
  );
}
