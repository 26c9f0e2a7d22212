/**
 * The stages of one request, from the documents read (pure): who the caller
 * is, whether they may, the webhooks and policies met in the order
 * kube-apiserver calls them, where the schema comes from, and where the
 * object is stored.
 */
import type { WebhookSubject } from '../doctor/checks-webhook.js';
import { webhookName, webhookSettings } from '../doctor/checks-webhook.js';
import type { HopResult } from '../doctor/model.js';
import type { Readable } from '../doctor/readable.js';
import { cannotCheck } from '../doctor/readable.js';
import { resourceVersionPath } from '../surface/vocabulary.js';
import type {
  AccessReviewAnswer,
  AdmissionPolicyDocument,
  PolicyBindingDocument,
  SelfSubjectReviewAnswer,
  WebhookConfigurationDocument,
} from './documents.js';
import {
  describeSelector,
  isExemptConfigurationResource,
  type MatchFacts,
  matchResourcesMatch,
  type RequestAttributes,
  type RuleMatch,
  webhookMatch,
} from './match.js';
import type { AdmissionStep, PipelineDocument, PipelineRequest, PolicyBindingStep, SchemaStage, Stage, StorageStage } from './model.js';

/** The webhooks of configurations (already sorted by name) that match the request, in call order. */
export function webhookSteps(
  configurations: WebhookConfigurationDocument[],
  type: WebhookSubject['type'],
  request: RequestAttributes,
  facts: MatchFacts,
): Array<{ subject: WebhookSubject; step: AdmissionStep }> {
  if (isExemptConfigurationResource(request)) return [];
  const out: Array<{ subject: WebhookSubject; step: AdmissionStep }> = [];
  for (const configuration of configurations) {
    for (const webhook of configuration.webhooks ?? []) {
      const match = webhookMatch(webhook, request, facts);
      if (match.matches === 'no') continue;
      const subject: WebhookSubject = { type, configuration: configuration.metadata.name, webhook };
      const settings = webhookSettings(subject);
      const { clientConfig } = webhook;
      const calls = clientConfig.service
        ? `service ${clientConfig.service.namespace}/${clientConfig.service.name}:${clientConfig.service.port ?? 443}${clientConfig.service.path ?? ''}`
        : `URL ${clientConfig.url ?? '-'}`;
      out.push({
        subject,
        step: {
          type: type === 'mutating' ? 'MutatingWebhook' : 'ValidatingWebhook',
          name: webhookName(subject),
          ...matchFields(match, webhook.namespaceSelector, webhook.objectSelector),
          failurePolicy: settings.failurePolicy,
          matchPolicy: settings.matchPolicy,
          matchConditions: (webhook.matchConditions ?? []).map(({ name, expression }) => ({ name, expression })),
          timeoutSeconds: settings.timeoutSeconds,
          sideEffects: settings.sideEffects,
          ...(type === 'mutating' ? { reinvocationPolicy: settings.reinvocationPolicy } : {}),
          calls,
          rejects: false,
        },
      });
    }
  }
  return out;
}

function matchFields(
  match: RuleMatch,
  namespaceSelector: Parameters<typeof describeSelector>[0],
  objectSelector: Parameters<typeof describeSelector>[0],
): Pick<AdmissionStep, 'matches' | 'via' | 'namespaceSelector' | 'objectSelector'> {
  return {
    matches: match.matches,
    via: match.via ? resourceVersionPath(match.via.group, match.via.version, match.via.resource) : null,
    namespaceSelector: { selector: describeSelector(namespaceSelector), matches: match.namespaceSelector },
    objectSelector: { selector: describeSelector(objectSelector), matches: match.objectSelector },
  };
}

/**
 * The admission policies (sorted by name) whose matchConstraints match and
 * that at least one binding binds to the request; a policy with no binding
 * does nothing, as in kube-apiserver.
 */
export function policySteps(
  policies: AdmissionPolicyDocument[],
  bindings: PolicyBindingDocument[],
  type: 'mutating' | 'validating',
  request: RequestAttributes,
  facts: MatchFacts,
): AdmissionStep[] {
  if (isExemptConfigurationResource(request)) return [];
  const steps: AdmissionStep[] = [];
  for (const policy of policies) {
    const match = matchResourcesMatch(policy.spec.matchConstraints, request, facts, { emptyRulesMatch: false });
    if (match.matches === 'no') continue;
    const bound: PolicyBindingStep[] = [];
    for (const binding of bindings) {
      if (binding.spec.policyName !== policy.metadata.name) continue;
      const matches = matchResourcesMatch(binding.spec.matchResources, request, facts, { emptyRulesMatch: true }).matches;
      if (matches === 'no') continue;
      const ref = binding.spec.paramRef;
      const paramRef = !ref
        ? null
        : ref.name
          ? `${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`
          : `selector ${describeSelector(ref.selector) || '(everything)'}`;
      bound.push({ name: binding.metadata.name, matches, validationActions: binding.spec.validationActions ?? [], paramRef });
    }
    if (bound.length === 0) continue;
    const constraints = policy.spec.matchConstraints;
    const matches = bound.some((binding) => binding.matches === 'yes') && match.matches === 'yes' ? 'yes' : 'unknown';
    const paramKind = policy.spec.paramKind ? `${policy.spec.paramKind.apiVersion ?? ''}/${policy.spec.paramKind.kind ?? ''}` : null;
    steps.push({
      type: type === 'mutating' ? 'MutatingAdmissionPolicy' : 'ValidatingAdmissionPolicy',
      name: policy.metadata.name,
      ...matchFields({ ...match, matches }, constraints?.namespaceSelector, constraints?.objectSelector),
      failurePolicy: policy.spec.failurePolicy ?? 'Fail',
      matchPolicy: constraints?.matchPolicy ?? 'Equivalent',
      matchConditions: (policy.spec.matchConditions ?? []).map(({ name, expression }) => ({ name, expression })),
      ...(type === 'mutating' ? { reinvocationPolicy: policy.spec.reinvocationPolicy ?? 'Never' } : {}),
      bindings: bound,
      paramKind,
      ...(type === 'validating'
        ? {
            validations: (policy.spec.validations ?? []).map((validation) => ({
              expression: validation.expression,
              message: validation.message ?? validation.messageExpression ?? '',
            })),
          }
        : {
            mutations: (policy.spec.mutations ?? []).map((mutation) => ({
              patchType: mutation.patchType ?? '',
              expression: mutation.applyConfiguration?.expression ?? mutation.jsonPatch?.expression ?? '',
            })),
          }),
      rejects: false,
    });
  }
  return steps;
}

/** Counts x-kubernetes-validations rules in a schema, walking at most `limit` nodes. */
export function countCelRules(schema: unknown, limit = 100_000): number {
  let count = 0;
  let seen = 0;
  const stack: unknown[] = [schema];
  while (stack.length > 0 && seen < limit) {
    const node = stack.pop();
    seen++;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'x-kubernetes-validations' && Array.isArray(value)) count += value.length;
      else stack.push(value);
    }
  }
  return count;
}

export interface PipelineInputs {
  request: PipelineRequest;
  review: Readable<SelfSubjectReviewAnswer>;
  access: Readable<AccessReviewAnswer>;
  /** Undefined for a read, which admission never sees. */
  admission?: { mutating: AdmissionStep[]; validating: AdmissionStep[]; notes: { mutating: string[]; validating: string[] } };
  schema: SchemaStage & { notes: string[] };
  storage: StorageStage & { status: 'ok' | 'warn' | 'fail'; summary: string; notes: string[]; stops: string | null };
}

/** A webhook step with its hop's health: a Fail webhook whose backend is down rejects the request. */
export function withHealth(step: AdmissionStep, health: HopResult): AdmissionStep {
  const down = health.checks.some((check) => (check.id === 'service' || check.id === 'endpoints') && check.status === 'fail');
  return { ...step, health, rejects: step.failurePolicy === 'Fail' && down && step.matches === 'yes' };
}

function admissionStage(id: 'mutating-admission' | 'validating-admission', steps: AdmissionStep[], notes: string[]): Stage {
  const rejecting = steps.find((step) => step.rejects);
  const unhealthy = steps.some((step) => step.health && step.health.status !== 'ok');
  // A list the caller may not read (cannotCheck's notes) hides what it holds: nothing matching there is no "ok".
  const unread = notes.some((note) => note.startsWith('cannot check:'));
  const count =
    steps.length === 0
      ? unread
        ? 'nothing matches in what kapi could read'
        : 'nothing matches'
      : `${steps.length} match${steps.length === 1 ? 'es' : ''}`;
  const summary = rejecting
    ? `${count}; ${rejecting.type} ${rejecting.name} would reject the request (failurePolicy Fail, backend down)`
    : count;
  const status = rejecting ? 'fail' : unread || unhealthy || steps.some((step) => step.matches === 'unknown') ? 'warn' : 'ok';
  const unknown = [
    ...(steps.some((step) => step.namespaceSelector.matches === 'unknown')
      ? ["the namespace's labels could not be read: namespaceSelectors may or may not match"]
      : []),
    ...(steps.some((step) => step.objectSelector.matches === 'unknown')
      ? ["the object's labels are not known: objectSelectors may or may not match"]
      : []),
  ];
  return { stage: id, status, summary, notes: [...notes, ...unknown], steps };
}

/** The six stages, whether the request would reach storage, and what would stop it. */
export function buildPipeline(input: PipelineInputs): PipelineDocument {
  const { request } = input;
  const stages: Stage[] = [];
  const user = input.review.kind === 'ok' ? input.review.value.status?.userInfo : undefined;
  if (input.review.kind !== 'ok' || !user) {
    stages.push({
      stage: 'authentication',
      status: 'warn',
      summary:
        input.review.kind === 'ok' ? 'the SelfSubjectReview answered no user' : cannotCheck(input.review, 'create selfsubjectreviews'),
      notes: [],
    });
  } else {
    const groups = user.groups ?? [];
    stages.push({
      stage: 'authentication',
      status: 'ok',
      summary: `${user.username ?? '(no name)'}${groups.length > 0 ? ` (groups: ${groups.join(', ')})` : ''}`,
      notes: [],
      user: { username: user.username ?? '', uid: user.uid ?? '', groups, extra: user.extra ?? {} },
    });
  }
  const what = `${request.verb} ${request.resource}${request.subresource ? `/${request.subresource}` : ''}${request.name ? ` ${request.name}` : ''}${request.namespace ? ` in namespace ${request.namespace}` : ''}`;
  let stoppedBy: PipelineDocument['stoppedBy'] = null;
  if (input.access.kind !== 'ok' || !input.access.value.status) {
    stages.push({
      stage: 'authorization',
      status: 'warn',
      summary:
        input.access.kind === 'ok'
          ? 'the SelfSubjectAccessReview answered no status'
          : cannotCheck(input.access, 'create selfsubjectaccessreviews'),
      notes: [],
    });
  } else {
    const status = input.access.value.status;
    const reason = [status.reason, status.evaluationError].filter(Boolean).join('; ');
    stages.push({
      stage: 'authorization',
      status: status.allowed ? 'ok' : 'fail',
      summary: `${status.allowed ? 'may' : 'may not'} ${what}${reason ? ` (${reason})` : ''}`,
      notes: [],
      allowed: status.allowed,
      reason: reason,
    });
    if (!status.allowed) stoppedBy = { stage: 'authorization', reason: `forbidden: may not ${what}${reason ? ` (${reason})` : ''}` };
  }
  if (input.admission) {
    stages.push(admissionStage('mutating-admission', input.admission.mutating, input.admission.notes.mutating));
  } else {
    stages.push({ stage: 'mutating-admission', status: 'ok', summary: `not run: admission never sees ${request.verb}`, notes: [] });
  }
  const schema = input.schema;
  const schemaSummary =
    schema.source === 'crd'
      ? `the CRD's structural schema for ${request.version}, ${schema.celRules ?? 0} CEL rule(s)`
      : schema.source === 'built-in'
        ? "built-in: kube-apiserver's own types and validation"
        : schema.source === 'aggregated'
          ? 'the aggregated API server validates it'
          : 'unknown';
  stages.push({
    stage: 'schema',
    status: schema.source === 'unknown' ? 'warn' : 'ok',
    // Only a body is validated against the schema: reads carry none, DELETE and CONNECT (exec, attach...) carry options.
    summary:
      request.operation === 'CREATE' || request.operation === 'UPDATE' ? schemaSummary : `not run for ${request.verb}; ${schemaSummary}`,
    notes: schema.notes,
    schema: { source: schema.source, celRules: schema.celRules },
  });
  if (input.admission) {
    stages.push(admissionStage('validating-admission', input.admission.validating, input.admission.notes.validating));
  } else {
    stages.push({ stage: 'validating-admission', status: 'ok', summary: `not run: admission never sees ${request.verb}`, notes: [] });
  }
  const { status, summary, notes, stops, ...storage } = input.storage;
  stages.push({ stage: 'storage', status, summary, notes, storage });
  if (!stoppedBy) {
    for (const stage of stages) {
      const rejecting = stage.steps?.find((step) => step.rejects);
      if (rejecting) {
        stoppedBy = {
          stage: stage.stage,
          reason: `${rejecting.type} ${rejecting.name} would reject it: failurePolicy Fail and its backend is down`,
        };
        break;
      }
    }
  }
  if (!stoppedBy && stops) stoppedBy = { stage: 'storage', reason: stops };
  return { apiVersion: 'kapi.dev/v1', kind: 'RequestPipeline', request, reachesStorage: stoppedBy === null, stoppedBy, stages };
}
