import { arrayOf, guard, isBoolean, isNumber, isPlainRecord, isString, object, oneOf, optional, type Test } from '../shape/plain.js';
import type { ApiSurface } from '../surface/model.js';
import type { SnapshotFile } from './snapshot.js';

/**
 * snapshot/schema.ts's surface and snapshot schemas as plain functions, for speed: reading the
 * builtin snapshot or the discovery cache is on the path of most commands, and building and running
 * zod's schemas for it cost more than the command's own work. Each accepts only what its schema
 * accepts as it is (a unit test holds them to that on mutated real snapshots); a false answer sends
 * the value to the schema, which names the problem.
 */
const strings = arrayOf(isString);
const optionalText = optional(isString);
const kindRef = object({ group: isString, version: isString, kind: isString });
const service = object({ namespace: isString, name: isString, port: isNumber });
const subresource = object({ name: isString, kind: isString, verbs: strings, responseKind: optional(kindRef) });
const resource = object({
  group: isString,
  version: isString,
  name: isString,
  singularName: isString,
  kind: isString,
  namespaced: isBoolean,
  verbs: strings,
  shortNames: strings,
  categories: strings,
  subresources: arrayOf(subresource),
  responseKind: optional(kindRef),
  storageVersionHash: optionalText,
});
const servedByType: Record<string, Test> = {
  local: object({}),
  crd: object({ crds: strings }),
  aggregated: object({ apiService: isString, service }),
  unknown: object({}),
};
const servedBy = (value: unknown) => {
  const type = isPlainRecord(value) ? value.type : undefined;
  return typeof type === 'string' && Object.hasOwn(servedByType, type) && (servedByType[type] as Test)(value);
};
const groupVersion = object({
  group: isString,
  version: isString,
  freshness: oneOf('Current', 'Stale'),
  resources: arrayOf(resource),
  servedBy,
});
const group = object({ name: isString, preferredVersion: isString, versions: arrayOf(groupVersion) });
const failure = object({
  group: isString,
  version: isString,
  reason: oneOf('stale', 'http', 'timeout', 'network', 'malformed'),
  status: optional(isNumber),
  message: isString,
});
const apiService = object({
  name: isString,
  group: isString,
  version: isString,
  service: optional(service),
  groupPriorityMinimum: isNumber,
  versionPriority: isNumber,
  insecureSkipTLSVerify: isBoolean,
  caBundleSet: isBoolean,
  available: optional(object({ status: isString, reason: optionalText, message: optionalText, lastTransitionTime: optionalText })),
  creationTimestamp: optionalText,
});
const crd = object({
  name: isString,
  group: isString,
  plural: isString,
  kind: isString,
  scope: oneOf('Namespaced', 'Cluster'),
  versions: strings,
  storageVersion: optionalText,
  deprecatedVersions: optional(arrayOf(object({ version: isString, warning: optionalText }))),
});
const surface = object({
  source: object({
    kind: oneOf('live', 'snapshot'),
    server: optionalText,
    context: optionalText,
    path: optionalText,
    origin: optionalText,
    capturedAt: optionalText,
    durationMs: optional(isNumber),
  }),
  serverVersion: optional(object({ major: isString, minor: isString, gitVersion: isString, platform: optionalText })),
  discovery: oneOf('aggregated', 'legacy', 'mixed'),
  groups: arrayOf(group),
  failures: arrayOf(failure),
  apiServices: optional(arrayOf(apiService)),
  crds: optional(arrayOf(crd)),
  servedByNotice: optionalText,
  apiServicesUnread: optional(object({ reason: oneOf('forbidden', 'not-served', 'failed'), message: isString })),
});
const snapshot = object({
  apiVersion: oneOf('kapi.dev/v1'),
  kind: oneOf('ApiSurfaceSnapshot'),
  kapiVersion: optionalText,
  surface,
  schemas: optional(object({ openapiV3: optional(isPlainRecord) })),
});

/** surfaceSchema's test. */
export const isWellFormedSurface = guard<ApiSurface>(surface);

/** snapshotSchema's test. */
export const isWellFormedSnapshot = guard<SnapshotFile>(snapshot);
