/**
 * The Kubernetes documents the doctor reads, beyond discovery's, as zod
 * schemas: every type below is inferred from them and every answer is checked
 * against them where it enters (readable.ts). Lenient where Go's decoder is
 * (unknown fields kept, optional fields absent or null), strict where a check
 * relies on a shape (a port is a number, addresses are strings).
 */
import * as z from 'zod/mini';
import { list, listOf, objectMetaSchema, text } from '../discovery/documents.js';

const flag = z.nullish(z.boolean());
const labels = z.nullish(z.record(z.string(), z.string()));

/** A Kubernetes list whose items are checked one by one by the caller (apiservices). */
export const looseListSchema = listOf(z.unknown());

export const configMapSchema = z.looseObject({ metadata: objectMetaSchema, data: labels });
export type ConfigMapDocument = z.infer<typeof configMapSchema>;

const servicePortSchema = z.looseObject({
  name: text,
  port: z.number(),
  protocol: text,
  targetPort: z.nullish(z.union([z.number(), z.string()])),
});
export type ServicePort = z.infer<typeof servicePortSchema>;

export const serviceSchema = z.looseObject({
  metadata: objectMetaSchema,
  spec: z.looseObject({
    type: text,
    clusterIP: text,
    externalName: text,
    selector: labels,
    ports: list(servicePortSchema),
  }),
});
export type ServiceDocument = z.infer<typeof serviceSchema>;

const endpointSliceSchema = z.looseObject({
  metadata: objectMetaSchema,
  addressType: text,
  endpoints: list(
    z.looseObject({
      addresses: z.array(z.string()),
      conditions: z.nullish(z.looseObject({ ready: flag, serving: flag, terminating: flag })),
      targetRef: z.nullish(z.looseObject({ kind: text, namespace: text, name: text })),
    }),
  ),
  ports: list(z.looseObject({ name: text, port: z.nullish(z.number()), protocol: text })),
});
export type EndpointSliceDocument = z.infer<typeof endpointSliceSchema>;
export const endpointSliceListSchema = listOf(endpointSliceSchema);
export type EndpointSliceListDocument = z.infer<typeof endpointSliceListSchema>;

const podSchema = z.looseObject({
  metadata: objectMetaSchema,
  spec: z.looseObject({ serviceAccountName: text, nodeName: text }),
  status: z.nullish(
    z.looseObject({
      phase: text,
      conditions: list(z.looseObject({ type: z.string(), status: z.string() })),
      containerStatuses: list(z.looseObject({ name: z.string(), ready: flag, restartCount: z.number() })),
    }),
  ),
});
export type PodDocument = z.infer<typeof podSchema>;
export const podListSchema = listOf(podSchema);
export type PodListDocument = z.infer<typeof podListSchema>;

/** The answer to a SubjectAccessReview: only its status is read. */
export const subjectAccessReviewSchema = z.looseObject({
  status: z.nullish(z.looseObject({ allowed: z.boolean(), denied: flag, reason: text, evaluationError: text })),
});
export type SubjectAccessReviewAnswer = z.infer<typeof subjectAccessReviewSchema>;
