/**
 * Which verbs the caller may use on each resource (api-resources --access):
 * SelfSubjectRulesReviews read as RBAC rules (one cluster-wide, one for the
 * namespace asked), and a SelfSubjectAccessReview per verb only where the
 * rules cannot say.
 */
import type { Transport } from '../cluster/transport.js';
import { postJson } from '../doctor/readable.js';
import { ExitCode, KapiError } from '../errors.js';
import type { ApiResource } from '../surface/model.js';
import { accessReviewSchema, type RulesReviewAnswer, rulesReviewSchema } from './documents.js';

type ResourceRule = NonNullable<NonNullable<RulesReviewAnswer['status']>['resourceRules']>[number];

const matchesAny = (items: readonly string[] | null | undefined, value: string) =>
  (items ?? []).some((item) => item === '*' || item === value);

/** The verbs of a resource that rules grant on every object (a rule limited to resourceNames grants no list, create or other whole-resource verb). */
export function verbsFromRules(rules: readonly ResourceRule[], resource: Pick<ApiResource, 'group' | 'name' | 'verbs'>): string[] {
  const granted = new Set<string>();
  for (const rule of rules) {
    if ((rule.resourceNames ?? []).length > 0) continue;
    if (!matchesAny(rule.apiGroups, resource.group) || !matchesAny(rule.resources, resource.name)) continue;
    for (const verb of rule.verbs) granted.add(verb);
  }
  return granted.has('*') ? [...resource.verbs] : resource.verbs.filter((verb) => granted.has(verb));
}

/**
 * The namespace a cluster-wide SelfSubjectRulesReview asks about: not a DNS
 * label, so no namespace and no RoleBinding can have it, and the rules are
 * those of ClusterRoleBindings alone (the review needs some namespace).
 */
export const clusterWideNamespace = 'kapi:cluster-wide';

export interface AccessOptions {
  /** The namespace asked about; "" for cluster-wide. */
  namespace: string;
}

async function rulesReview(transport: Transport, namespace: string): Promise<{ rules: ResourceRule[]; incomplete: boolean }> {
  const review = await postJson(
    transport,
    '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
    { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
    { schema: rulesReviewSchema, name: 'SelfSubjectRulesReview' },
    'access',
  );
  if (review.kind !== 'ok') {
    const code = review.kind === 'forbidden' ? ExitCode.auth : ExitCode.server;
    throw new KapiError('access', `failed to create selfsubjectrulesreviews: ${review.message}`, code);
  }
  return { rules: review.value.status?.resourceRules ?? [], incomplete: review.value.status?.incomplete === true };
}

/**
 * Each resource's allowed verbs: namespaced resources from the rules of the
 * namespace (or, cluster-wide, of ClusterRoleBindings alone), cluster-scoped
 * ones always from the cluster-wide rules (a RoleBinding never grants them).
 * Where a review is incomplete (an authorizer that cannot list its rules),
 * every verb the rules do not grant is asked with a SelfSubjectAccessReview,
 * concurrently through the transport's bounded pool.
 */
export async function readAccess(
  transport: Transport,
  resources: ApiResource[],
  options: AccessOptions,
): Promise<Map<ApiResource, string[]>> {
  const [cluster, namespaced] = await Promise.all([
    rulesReview(transport, clusterWideNamespace),
    options.namespace ? rulesReview(transport, options.namespace) : undefined,
  ]);
  const out = new Map<ApiResource, string[]>();
  const asks: Array<Promise<void>> = [];
  for (const resource of resources) {
    const review = resource.namespaced && namespaced ? namespaced : cluster;
    const fromRules = verbsFromRules(review.rules, resource);
    if (!review.incomplete || fromRules.length === resource.verbs.length) {
      out.set(resource, fromRules);
      continue;
    }
    asks.push(
      Promise.all(
        resource.verbs.map((verb) => (fromRules.includes(verb) ? true : mayI(transport, resource, verb, options.namespace))),
      ).then((allowed) => {
        out.set(
          resource,
          resource.verbs.filter((_, index) => allowed[index]),
        );
      }),
    );
  }
  await Promise.all(asks);
  return out;
}

async function mayI(transport: Transport, resource: ApiResource, verb: string, namespace: string): Promise<boolean> {
  const answer = await postJson(
    transport,
    '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {
        resourceAttributes: {
          group: resource.group,
          version: resource.version,
          resource: resource.name,
          verb,
          ...(resource.namespaced && namespace ? { namespace } : {}),
        },
      },
    },
    { schema: accessReviewSchema, name: 'SelfSubjectAccessReview' },
    'access',
  );
  return answer.kind === 'ok' && answer.value.status?.allowed === true;
}
