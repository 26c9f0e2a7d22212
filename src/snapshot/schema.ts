import * as z from 'zod/mini';
import type { ApiGroup, ApiSurface, GroupVersionFailure } from '../surface/model.js';
import type { SnapshotFile } from './snapshot.js';

/**
 * The shape of the surface model as kapi writes it to snapshots and caches,
 * checked when such a file is read back. Typed against the model, so the two
 * cannot drift apart. Unknown fields are kept, for files from newer kapis.
 * Built on first use (z.lazy): a run whose files pass snapshot/well-formed.ts's
 * plain tests never builds them.
 */

function build() {
  const strings = z.array(z.string());
  const kindRef = z.looseObject({ group: z.string(), version: z.string(), kind: z.string() });
  const service = z.looseObject({ namespace: z.string(), name: z.string(), port: z.number() });

  const subresource = z.looseObject({ name: z.string(), kind: z.string(), verbs: strings, responseKind: z.optional(kindRef) });

  const resource = z.looseObject({
    group: z.string(),
    version: z.string(),
    name: z.string(),
    singularName: z.string(),
    kind: z.string(),
    namespaced: z.boolean(),
    verbs: strings,
    shortNames: strings,
    categories: strings,
    subresources: z.array(subresource),
    responseKind: z.optional(kindRef),
    storageVersionHash: z.optional(z.string()),
  });

  const servedBy = z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('local') }),
    z.looseObject({ type: z.literal('crd'), crds: strings }),
    z.looseObject({ type: z.literal('aggregated'), apiService: z.string(), service }),
    z.looseObject({ type: z.literal('unknown') }),
  ]);

  const groupVersion = z.looseObject({
    group: z.string(),
    version: z.string(),
    freshness: z.enum(['Current', 'Stale']),
    resources: z.array(resource),
    servedBy,
  });

  const group: z.ZodMiniType<ApiGroup> = z.looseObject({
    name: z.string(),
    preferredVersion: z.string(),
    versions: z.array(groupVersion),
  });

  const failure: z.ZodMiniType<GroupVersionFailure> = z.looseObject({
    group: z.string(),
    version: z.string(),
    reason: z.enum(['stale', 'http', 'timeout', 'network', 'malformed']),
    status: z.optional(z.number()),
    message: z.string(),
  });

  const optionalText = z.optional(z.string());

  const apiService = z.looseObject({
    name: z.string(),
    group: z.string(),
    version: z.string(),
    service: z.optional(service),
    groupPriorityMinimum: z.number(),
    versionPriority: z.number(),
    insecureSkipTLSVerify: z.boolean(),
    caBundleSet: z.boolean(),
    available: z.optional(
      z.looseObject({ status: z.string(), reason: optionalText, message: optionalText, lastTransitionTime: optionalText }),
    ),
    creationTimestamp: optionalText,
  });

  const crd = z.looseObject({
    name: z.string(),
    group: z.string(),
    plural: z.string(),
    kind: z.string(),
    scope: z.enum(['Namespaced', 'Cluster']),
    versions: strings,
    storageVersion: optionalText,
    deprecatedVersions: z.optional(z.array(z.looseObject({ version: z.string(), warning: optionalText }))),
  });

  const surface: z.ZodMiniType<ApiSurface> = z.looseObject({
    source: z.looseObject({
      kind: z.enum(['live', 'snapshot']),
      server: optionalText,
      context: optionalText,
      path: optionalText,
      origin: optionalText,
      capturedAt: optionalText,
      durationMs: z.optional(z.number()),
    }),
    serverVersion: z.optional(z.looseObject({ major: z.string(), minor: z.string(), gitVersion: z.string(), platform: optionalText })),
    discovery: z.enum(['aggregated', 'legacy', 'mixed']),
    groups: z.array(group),
    failures: z.array(failure),
    apiServices: z.optional(z.array(apiService)),
    crds: z.optional(z.array(crd)),
    servedByNotice: optionalText,
    apiServicesUnread: z.optional(z.object({ reason: z.enum(['forbidden', 'not-served', 'failed']), message: z.string() })),
  });

  const record = z.record(z.string(), z.unknown());

  // The schemas part of a snapshot; each document is checked when explain reads it.
  const snapshotSchemas = z.looseObject({ openapiV3: z.optional(record), openapiV2: z.optional(z.unknown()) });

  const snapshot: z.ZodMiniType<SnapshotFile> = z.looseObject({
    apiVersion: z.literal('kapi.dev/v1'),
    kind: z.literal('ApiSurfaceSnapshot'),
    kapiVersion: z.optional(z.string()),
    surface,
    schemas: z.optional(snapshotSchemas),
  });
  return { surface, snapshotSchemas, snapshot };
}

let built: ReturnType<typeof build> | undefined;
const schemas = () => {
  built ??= build();
  return built;
};

export const surfaceSchema: z.ZodMiniType<ApiSurface> = z.lazy(() => schemas().surface);
/** The schemas part of a snapshot; each document is checked when explain reads it. */
export const snapshotSchemasSchema = z.lazy(() => schemas().snapshotSchemas);
export const snapshotSchema: z.ZodMiniType<SnapshotFile> = z.lazy(() => schemas().snapshot);
