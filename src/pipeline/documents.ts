/**
 * The documents a request's pipeline is read from, as zod schemas: admission
 * webhook configurations, admission policies and their bindings, a CRD with
 * its conversion and schemas, namespaces, and the answers to the self reviews
 * (SelfSubjectReview, SelfSubjectAccessReview, SelfSubjectRulesReview). Every
 * type below is inferred from them; every answer is checked where it enters
 * (doctor/readable.ts). Lenient where Go's decoder is, strict where a rule
 * relies on a shape (operations and resources are lists of strings).
 */
import * as z from 'zod/mini';
import { crdFields, list, listOf, objectMetaSchema, text } from '../discovery/documents.js';

const strings = list(z.string());
const labels = z.nullish(z.record(z.string(), z.string()));

/** metadata with labels: selectors read them. */
export const labelledMetaSchema = z.extend(objectMetaSchema, { labels });

const selectorRequirementSchema = z.looseObject({ key: z.string(), operator: z.string(), values: strings });
/** metav1.LabelSelector: absent means "everything" for admission's selectors. */
export const labelSelectorSchema = z.nullish(z.looseObject({ matchLabels: labels, matchExpressions: list(selectorRequirementSchema) }));
export type LabelSelector = z.infer<typeof labelSelectorSchema>;

/** admissionregistration's RuleWithOperations (NamedRuleWithOperations adds resourceNames). */
export const ruleSchema = z.looseObject({
  operations: strings,
  apiGroups: strings,
  apiVersions: strings,
  resources: strings,
  scope: text,
  resourceNames: strings,
});
export type AdmissionRule = z.infer<typeof ruleSchema>;

const serviceReferenceSchema = z.looseObject({ namespace: z.string(), name: z.string(), path: text, port: z.nullish(z.number()) });
export type ServiceReference = z.infer<typeof serviceReferenceSchema>;

/** Where a webhook (admission or conversion) is called: a Service or a URL, and the CA that verifies it. */
export const clientConfigSchema = z.looseObject({ url: text, service: z.nullish(serviceReferenceSchema), caBundle: text });
export type ClientConfig = z.infer<typeof clientConfigSchema>;

const matchConditionSchema = z.looseObject({ name: z.string(), expression: z.string() });

export const webhookSchema = z.looseObject({
  name: z.string(),
  clientConfig: clientConfigSchema,
  rules: list(ruleSchema),
  failurePolicy: text,
  matchPolicy: text,
  namespaceSelector: labelSelectorSchema,
  objectSelector: labelSelectorSchema,
  sideEffects: text,
  timeoutSeconds: z.nullish(z.number()),
  admissionReviewVersions: strings,
  reinvocationPolicy: text,
  matchConditions: list(matchConditionSchema),
});
export type WebhookDocument = z.infer<typeof webhookSchema>;

/** A Mutating- or ValidatingWebhookConfiguration (the mutating one adds reinvocationPolicy to each webhook). */
export const webhookConfigurationSchema = z.looseObject({ metadata: objectMetaSchema, webhooks: list(webhookSchema) });
export type WebhookConfigurationDocument = z.infer<typeof webhookConfigurationSchema>;
export const webhookConfigurationListSchema = listOf(z.unknown());

/** MatchResources of a policy (matchConstraints) or a binding (matchResources). */
const matchResourcesSchema = z.nullish(
  z.looseObject({
    namespaceSelector: labelSelectorSchema,
    objectSelector: labelSelectorSchema,
    resourceRules: list(ruleSchema),
    excludeResourceRules: list(ruleSchema),
    matchPolicy: text,
  }),
);
export type MatchResources = z.infer<typeof matchResourcesSchema>;

const paramRefSchema = z.nullish(
  z.looseObject({ name: text, namespace: text, selector: labelSelectorSchema, parameterNotFoundAction: text }),
);

/** A ValidatingAdmissionPolicy or MutatingAdmissionPolicy: what it matches, and its CEL. */
export const admissionPolicySchema = z.looseObject({
  metadata: objectMetaSchema,
  spec: z.looseObject({
    failurePolicy: text,
    paramKind: z.nullish(z.looseObject({ apiVersion: text, kind: text })),
    matchConstraints: matchResourcesSchema,
    matchConditions: list(matchConditionSchema),
    validations: list(z.looseObject({ expression: z.string(), message: text, messageExpression: text, reason: text })),
    mutations: list(
      z.looseObject({
        patchType: text,
        applyConfiguration: z.nullish(z.looseObject({ expression: text })),
        jsonPatch: z.nullish(z.looseObject({ expression: text })),
      }),
    ),
    reinvocationPolicy: text,
  }),
});
export type AdmissionPolicyDocument = z.infer<typeof admissionPolicySchema>;

export const policyBindingSchema = z.looseObject({
  metadata: objectMetaSchema,
  spec: z.looseObject({
    policyName: z.string(),
    paramRef: paramRefSchema,
    matchResources: matchResourcesSchema,
    validationActions: strings,
  }),
});
export type PolicyBindingDocument = z.infer<typeof policyBindingSchema>;

/** The CRD as the pipeline and the doctor read it (crdFields): versions with their schemas, conversion, stored versions. */
export const crdSchema = z.looseObject({
  metadata: objectMetaSchema,
  spec: z.looseObject({
    ...crdFields.spec,
    names: z.looseObject(crdFields.names),
    versions: list(z.looseObject({ ...crdFields.version, schema: z.nullish(z.looseObject({ openAPIV3Schema: z.nullish(z.unknown()) })) })),
    conversion: z.nullish(
      z.looseObject({
        strategy: text,
        webhook: z.nullish(z.looseObject({ clientConfig: z.nullish(clientConfigSchema), conversionReviewVersions: strings })),
      }),
    ),
  }),
  status: z.nullish(z.looseObject({ storedVersions: strings })),
});
export type CrdDocument = z.infer<typeof crdSchema>;

export const namespaceSchema = z.looseObject({ metadata: labelledMetaSchema });
export type NamespaceDocument = z.infer<typeof namespaceSchema>;
export const namespaceListSchema = listOf(namespaceSchema);

/** Any object, for its labels (an objectSelector on an existing object). */
export const labelledObjectSchema = z.looseObject({ metadata: labelledMetaSchema });

/** SelfSubjectReview's answer: who the server thinks the caller is. */
export const selfSubjectReviewSchema = z.looseObject({
  status: z.nullish(
    z.looseObject({
      userInfo: z.nullish(
        z.looseObject({ username: text, uid: text, groups: strings, extra: z.nullish(z.record(z.string(), z.array(z.string()))) }),
      ),
    }),
  ),
});
export type SelfSubjectReviewAnswer = z.infer<typeof selfSubjectReviewSchema>;

/** SelfSubjectAccessReview's answer (the shape of SubjectAccessReview's status). */
export const accessReviewSchema = z.looseObject({
  status: z.nullish(z.looseObject({ allowed: z.boolean(), denied: z.nullish(z.boolean()), reason: text, evaluationError: text })),
});
export type AccessReviewAnswer = z.infer<typeof accessReviewSchema>;

/** SelfSubjectRulesReview's answer: the caller's rules in one namespace, and whether they are complete. */
export const rulesReviewSchema = z.looseObject({
  status: z.nullish(
    z.looseObject({
      resourceRules: list(z.looseObject({ verbs: z.array(z.string()), apiGroups: strings, resources: strings, resourceNames: strings })),
      incomplete: z.nullish(z.boolean()),
      evaluationError: text,
    }),
  ),
});
export type RulesReviewAnswer = z.infer<typeof rulesReviewSchema>;
