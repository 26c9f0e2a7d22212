// Which webhooks and policies a request meets (src/pipeline/match.ts), and the
// doctor's webhook and CRD checks, on documents captured from the control
// plane (test/data/pipeline-v1.36.3).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkConversion, checkStoredVersions } from '../../src/doctor/checks-crd.ts';
import { checkUrl, checkWebhook, checkWebhookRisk, type WebhookSubject } from '../../src/doctor/checks-webhook.ts';
import type { CheckResult, HopResult } from '../../src/doctor/model.ts';
import { verbsFromRules } from '../../src/pipeline/access.ts';
import type {
  AdmissionPolicyDocument,
  AdmissionRule,
  CrdDocument,
  PolicyBindingDocument,
  RulesReviewAnswer,
  WebhookConfigurationDocument,
} from '../../src/pipeline/documents.ts';
import {
  describeRule,
  describeSelector,
  isExemptConfigurationResource,
  type MatchFacts,
  matchResourcesMatch,
  operationFor,
  type RequestAttributes,
  ruleMatches,
  selectorMatches,
  webhookMatch,
} from '../../src/pipeline/match.ts';
import type { AdmissionStep } from '../../src/pipeline/model.ts';
import { buildPipeline, countCelRules, policySteps, webhookSteps, withHealth } from '../../src/pipeline/stages.ts';
import { readJson } from '../support/surfaces.ts';

const data = <T>(name: string) => readJson<T>(`pipeline-v1.36.3/${name}`);
const mutating = data<{ items: WebhookConfigurationDocument[] }>('mutatingwebhookconfigurations.json').items;
const validating = data<{ items: WebhookConfigurationDocument[] }>('validatingwebhookconfigurations.json').items;
const vap = data<{ items: AdmissionPolicyDocument[] }>('validatingadmissionpolicies.json').items[0] as AdmissionPolicyDocument;
const vapBinding = data<{ items: PolicyBindingDocument[] }>('validatingadmissionpolicybindings.json').items[0] as PolicyBindingDocument;
const gizmos = data<CrdDocument>('crd-gizmos.json');
const relics = data<CrdDocument>('crd-relics.json');

const webhook = (configs: WebhookConfigurationDocument[], name: string) => {
  for (const config of configs) for (const hook of config.webhooks ?? []) if (hook.name === name) return hook;
  throw new Error(`no webhook ${name}`);
};
const labelHook = webhook(mutating, 'label.kapi.dev');
const urlHook = webhook(mutating, 'url.kapi.dev');
const brokenHook = webhook(validating, 'deny-configmaps.kapi.dev');

function request(overrides: Partial<RequestAttributes>): RequestAttributes {
  return {
    operation: 'CREATE',
    group: '',
    version: 'v1',
    resource: 'configmaps',
    subresource: '',
    namespace: 'default',
    name: '',
    kind: { group: '', kind: 'ConfigMap' },
    ...overrides,
  };
}
const facts = (namespace: string | undefined, equivalents: MatchFacts['equivalents'] = []): MatchFacts => ({
  namespaceLabels: namespace === undefined ? undefined : { 'kubernetes.io/metadata.name': namespace },
  objectLabels: undefined,
  equivalents,
});
const deployments = request({ group: 'apps', resource: 'deployments', kind: { group: 'apps', kind: 'Deployment' } });

describe('rules', () => {
  const rule = (resources: string[], scope?: string): AdmissionRule => ({
    operations: ['CREATE'],
    apiGroups: ['*'],
    apiVersions: ['*'],
    resources,
    ...(scope ? { scope } : {}),
  });
  test('resources, subresources and wildcards, as rules.Matcher reads them', () => {
    const cases: Array<[string[], string, string, boolean]> = [
      [['pods'], 'pods', '', true],
      [['pods'], 'pods', 'status', false],
      [['*'], 'pods', '', true],
      [['*'], 'pods', 'status', false],
      [['*/*'], 'pods', 'status', true],
      [['*/*'], 'pods', '', true],
      [['pods/*'], 'pods', 'exec', true],
      [['pods/*'], 'pods', '', true],
      [['pods/status'], 'pods', 'status', true],
      [['pods/status'], 'pods', 'log', false],
      [['*/scale'], 'deployments', 'scale', true],
      [['*/scale'], 'deployments', '', false],
    ];
    for (const [resources, resource, subresource, expected] of cases) {
      assert.equal(
        ruleMatches(rule(resources), request({ resource, subresource })),
        expected,
        `${resources} vs ${resource}/${subresource}`,
      );
    }
  });
  test('scope: Namespaced never matches a namespace object or a cluster-scoped request; Cluster does', () => {
    const namespaces = request({ resource: 'namespaces', namespace: 'team', kind: { group: '', kind: 'Namespace' } });
    assert.equal(ruleMatches(rule(['*'], 'Namespaced'), namespaces), false);
    assert.equal(ruleMatches(rule(['*'], 'Cluster'), namespaces), true);
    assert.equal(ruleMatches(rule(['*'], 'Namespaced'), request({})), true);
    assert.equal(ruleMatches(rule(['*'], 'Cluster'), request({})), false);
    assert.equal(ruleMatches(rule(['*'], 'Cluster'), request({ resource: 'nodes', namespace: '' })), true);
    assert.equal(ruleMatches(rule(['*'], '*'), request({ resource: 'nodes', namespace: '' })), true);
  });
  test('operations: * or the exact one', () => {
    assert.equal(ruleMatches({ ...rule(['*']), operations: ['*'] }, request({ operation: 'DELETE' })), true);
    assert.equal(ruleMatches(rule(['*']), request({ operation: 'DELETE' })), false);
  });
  test('verbs map to operations; reads are not admitted; exec is CONNECT', () => {
    assert.deepEqual(
      ['create', 'update', 'patch', 'delete', 'deletecollection', 'get', 'list', 'watch'].map((verb) => operationFor(verb, '')),
      ['CREATE', 'UPDATE', 'UPDATE', 'DELETE', 'DELETE', undefined, undefined, undefined],
    );
    assert.equal(operationFor('create', 'exec'), 'CONNECT');
    assert.equal(operationFor('get', 'portforward'), 'CONNECT');
    assert.equal(operationFor('update', 'status'), 'UPDATE');
  });
  test('rules print as one line', () => {
    assert.deepEqual((urlHook.rules ?? []).map(describeRule), ['CREATE,UPDATE apps/* deployments,deployments/scale']);
    assert.deepEqual((brokenHook.rules ?? []).map(describeRule), ['CREATE core/v1 configmaps']);
  });
});

describe('label selectors', () => {
  test('matchLabels and every operator', () => {
    const labels = { env: 'prod', tier: 'web' };
    const cases: Array<[Parameters<typeof selectorMatches>[0], boolean]> = [
      [undefined, true],
      [{}, true],
      [{ matchLabels: { env: 'prod' } }, true],
      [{ matchLabels: { env: 'dev' } }, false],
      [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }, true],
      [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, false],
      [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
      [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
      [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
      [{ matchExpressions: [{ key: 'env', operator: 'Gt', values: ['1'] }] }, false],
    ];
    for (const [selector, expected] of cases) assert.equal(selectorMatches(selector, labels), expected, JSON.stringify(selector));
  });
  test('as kubectl prints them', () => {
    assert.equal(describeSelector(labelHook.namespaceSelector), 'kubernetes.io/metadata.name notin (kube-system)');
    assert.equal(describeSelector(brokenHook.namespaceSelector), 'kubernetes.io/metadata.name=default');
  });
});

describe('webhooks', () => {
  test('the broken webhook matches configmap creates in default only', () => {
    assert.deepEqual(webhookMatch(brokenHook, request({}), facts('default')), {
      matches: 'yes',
      namespaceSelector: 'yes',
      objectSelector: 'yes',
    });
    assert.equal(webhookMatch(brokenHook, request({ namespace: 'team' }), facts('team')).matches, 'no');
    assert.equal(webhookMatch(brokenHook, request({ operation: 'UPDATE' }), facts('default')).matches, 'no');
    assert.equal(webhookMatch(brokenHook, request({}), facts(undefined)).matches, 'unknown');
  });
  test('matchPolicy Equivalent: a rule for apps/v1 matches a request for another version of the same resource', () => {
    const v1beta2 = { ...deployments, version: 'v1beta2' };
    const equivalents = [{ group: 'apps', version: 'v1', resource: 'deployments' }];
    assert.deepEqual(webhookMatch(labelHook, v1beta2, facts('default', equivalents)), {
      matches: 'yes',
      namespaceSelector: 'yes',
      objectSelector: 'yes',
      via: { group: 'apps', version: 'v1', resource: 'deployments' },
    });
    assert.equal(webhookMatch({ ...labelHook, matchPolicy: 'Exact' }, v1beta2, facts('default', equivalents)).matches, 'no');
  });
  test('a namespaceSelector never exempts a cluster-scoped request', () => {
    const nodes = request({ resource: 'nodes', namespace: '', kind: { group: '', kind: 'Node' } });
    const hook = { ...brokenHook, rules: [{ operations: ['*'], apiGroups: [''], apiVersions: ['v1'], resources: ['nodes'] }] };
    assert.equal(webhookMatch(hook, nodes, facts(undefined)).matches, 'yes');
  });
  test('configuration resources are exempt', () => {
    assert.equal(
      isExemptConfigurationResource(request({ kind: { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicy' } })),
      true,
    );
    assert.equal(isExemptConfigurationResource(deployments), false);
  });
});

describe('policies', () => {
  test('the policy matches deployment creates; its binding only in default', () => {
    const policy = matchResourcesMatch(vap.spec.matchConstraints, deployments, facts('default'), { emptyRulesMatch: false });
    assert.equal(policy.matches, 'yes');
    const binding = (namespace: string) =>
      matchResourcesMatch(vapBinding.spec.matchResources, { ...deployments, namespace }, facts(namespace), { emptyRulesMatch: true });
    assert.equal(binding('default').matches, 'yes');
    assert.equal(binding('team').matches, 'no');
    assert.equal(matchResourcesMatch(undefined, deployments, facts('default'), { emptyRulesMatch: true }).matches, 'yes');
  });
  test('excludeResourceRules and resourceNames', () => {
    const rule = { operations: ['*'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] };
    const excluded = { resourceRules: [rule], excludeResourceRules: [{ ...rule, resourceNames: ['skip-me'] }] };
    assert.equal(
      matchResourcesMatch(excluded, { ...deployments, name: 'skip-me' }, facts('default'), { emptyRulesMatch: false }).matches,
      'no',
    );
    assert.equal(
      matchResourcesMatch(excluded, { ...deployments, name: 'other' }, facts('default'), { emptyRulesMatch: false }).matches,
      'yes',
    );
  });
});

describe('doctor: webhooks and CRDs', () => {
  const clock = { now: new Date('2026-12-04T00:00:00Z'), warnDays: 7 };
  const short = (r: CheckResult) => [r.status, r.message, r.hint];
  const subject = (hook: WebhookSubject['webhook'], configuration: string, type: WebhookSubject['type']): WebhookSubject => ({
    type,
    configuration,
    webhook: hook,
  });
  const system = [
    { name: 'kube-system', labels: { 'kubernetes.io/metadata.name': 'kube-system' } },
    { name: 'kapi-hooks', labels: { 'kubernetes.io/metadata.name': 'kapi-hooks' } },
  ];
  test('webhook: policies, where it calls and its caBundle', () => {
    assert.deepEqual(short(checkWebhook(subject(labelHook, 'kapi-e2e-mutating', 'mutating'), clock)), [
      'ok',
      'failurePolicy Ignore, matchPolicy Equivalent, sideEffects None, timeout 5s, reinvocationPolicy IfNeeded; calls service kapi-hooks/hooks:38819/mutate; caBundle CN=kapi-hooks-ca valid until 2027-12-03 (issuer CN=kapi-hooks-ca)',
      null,
    ]);
  });
  test('risk: Fail with the backend down names what it rejects; a timeout above 10 s and side effects warn', () => {
    assert.deepEqual(short(checkWebhookRisk(subject(brokenHook, 'kapi-e2e-broken', 'validating'), true, system)), [
      'fail',
      'failurePolicy Fail and its backend is down: kube-apiserver rejects CREATE core/v1 configmaps in namespaces matching kubernetes.io/metadata.name=default',
      'restore the backend, or set failurePolicy: Ignore, or delete validatingwebhookconfiguration kapi-e2e-broken while it is down',
    ]);
    assert.equal(checkWebhookRisk(subject(brokenHook, 'kapi-e2e-broken', 'validating'), false, system).status, 'ok');
    assert.deepEqual(short(checkWebhookRisk(subject(urlHook, 'kapi-e2e-mutating', 'mutating'), undefined, system)), [
      'warn',
      'timeoutSeconds 15: a slow backend holds every matching request that long',
      'lower timeoutSeconds to 10 or less',
    ]);
    const risky = { ...brokenHook, namespaceSelector: null, sideEffects: 'Some' };
    assert.deepEqual(short(checkWebhookRisk(subject(risky, 'c', 'validating'), false, system)), [
      'warn',
      'failurePolicy Fail and it matches namespace kube-system and kapi-hooks (its own): it can lock itself out; sideEffects Some: kube-apiserver rejects --dry-run=server requests it matches',
      'exclude kube-system and kapi-hooks with a namespaceSelector (kubernetes.io/metadata.name NotIn [kube-system, kapi-hooks]); make the webhook skip side effects on dry-run requests and declare sideEffects: NoneOnDryRun (or None)',
    ]);
  });
  test('url: scheme and host', () => {
    assert.deepEqual(short(checkUrl('https://127.0.0.1:38819/mutate')), [
      'ok',
      'kube-apiserver dials 127.0.0.1:38819 directly (no Service, no endpoints to check)',
      null,
    ]);
    assert.equal(checkUrl('http://example.com/x').status, 'fail');
    assert.equal(checkUrl('::nope').status, 'fail');
  });
  test('conversion: a webhook that is down fails every converting request', () => {
    assert.equal(checkConversion(gizmos, clock, false).status, 'ok');
    const down = checkConversion(gizmos, clock, true);
    assert.equal(down.status, 'fail');
    assert.match(down.message, /the conversion webhook is down: every request for gizmos that needs another version/);
    assert.deepEqual(short(checkConversion(relics, clock, undefined)), ['ok', 'strategy None: versions differ only in apiVersion', null]);
  });
  test('stored versions: one no longer served fails; a deprecated one warns', () => {
    assert.deepEqual(short(checkStoredVersions(relics)), [
      'fail',
      'storedVersions v1, v2 (storage v2); v1 is no longer served: objects stored in it cannot be read back without a migration',
      'migrate every relics object to v2 (read and write each one back, or run kube-storage-version-migrator), then remove v1 from status.storedVersions through the status subresource',
    ]);
    assert.deepEqual(short(checkStoredVersions(gizmos)), ['ok', 'storedVersions v1 (storage v1)', null]);
    const deprecated: CrdDocument = {
      ...relics,
      spec: { ...relics.spec, versions: (relics.spec.versions ?? []).map((v) => ({ ...v, served: true, deprecated: v.name === 'v1' })) },
    };
    assert.equal(checkStoredVersions(deprecated).status, 'warn');
  });
});

describe('access: verbs from RBAC rules', () => {
  const review = data<RulesReviewAnswer>('selfsubjectrulesreview-viewer.json');
  const rules = review.status?.resourceRules ?? [];
  const all = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
  test("the viewer's rules: read on a few resources, nothing on the rest", () => {
    assert.deepEqual(verbsFromRules(rules, { group: '', name: 'configmaps', verbs: all }), ['get', 'list', 'watch']);
    assert.deepEqual(verbsFromRules(rules, { group: 'wardle.example.com', name: 'flunders', verbs: all }), ['get', 'list', 'watch']);
    assert.deepEqual(verbsFromRules(rules, { group: '', name: 'secrets', verbs: all }), []);
    assert.deepEqual(verbsFromRules(rules, { group: 'authorization.k8s.io', name: 'selfsubjectaccessreviews', verbs: ['create'] }), [
      'create',
    ]);
  });
  test('wildcards grant every verb the resource has; a rule limited to resourceNames grants none', () => {
    const star = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];
    assert.deepEqual(verbsFromRules(star, { group: 'apps', name: 'deployments', verbs: ['get', 'list'] }), ['get', 'list']);
    const named = [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['one'] }];
    assert.deepEqual(verbsFromRules(named, { group: '', name: 'configmaps', verbs: all }), []);
  });
});

describe('stages', () => {
  const facts0 = facts('default');
  test('webhook and policy steps for a deployment create, in call order; a policy without a matching binding does nothing', () => {
    const mutatingSteps = webhookSteps(mutating, 'mutating', deployments, facts0).map(({ step }) => [step.type, step.name, step.matches]);
    assert.deepEqual(mutatingSteps, [
      ['MutatingWebhook', 'kapi-e2e-mutating/label.kapi.dev', 'yes'],
      ['MutatingWebhook', 'kapi-e2e-mutating/url.kapi.dev', 'yes'],
    ]);
    assert.deepEqual(
      policySteps([vap], [vapBinding], 'validating', deployments, facts0).map((step) => [step.name, step.bindings?.map((b) => b.name)]),
      [['kapi-e2e-replicas', ['kapi-e2e-replicas-default']]],
    );
    assert.deepEqual(policySteps([vap], [vapBinding], 'validating', { ...deployments, namespace: 'team' }, facts('team')), []);
    assert.deepEqual(policySteps([vap], [], 'validating', deployments, facts0), []);
  });
  test('CEL rules in a CRD version schema', () => {
    assert.equal(countCelRules(gizmos.spec.versions?.[0]?.schema?.openAPIV3Schema), 1);
    assert.equal(countCelRules(gizmos.spec.versions?.[1]?.schema?.openAPIV3Schema), 0);
  });
  test('a Fail webhook whose backend is down stops the request at its stage; forbidden stops it first', () => {
    const step = webhookSteps(validating, 'validating', request({}), facts0)[0]?.step as AdmissionStep;
    const down: HopResult = {
      kind: 'ValidatingWebhook',
      name: step.name,
      status: 'fail',
      checks: [{ id: 'endpoints', status: 'fail', message: 'none', evidence: {}, hint: null }],
    };
    const input = {
      request: {
        verb: 'create',
        group: '',
        version: 'v1',
        resource: 'configmaps',
        subresource: '',
        kind: 'ConfigMap',
        namespace: 'default',
        name: '',
        operation: 'CREATE' as const,
        servedBy: 'Local',
      },
      review: { kind: 'ok' as const, value: { status: { userInfo: { username: 'admin', groups: ['system:masters'] } } } },
      access: { kind: 'ok' as const, value: { status: { allowed: true } } },
      admission: { mutating: [], validating: [withHealth(step, down)], notes: { mutating: [], validating: [] } },
      schema: { source: 'built-in' as const, celRules: null, notes: [] },
      storage: { servedBy: 'Local', status: 'ok' as const, summary: 'Local', notes: [], stops: null },
    };
    const document = buildPipeline(input);
    assert.equal(document.reachesStorage, false);
    assert.deepEqual(document.stoppedBy, {
      stage: 'validating-admission',
      reason: 'ValidatingWebhook kapi-e2e-broken/deny-configmaps.kapi.dev would reject it: failurePolicy Fail and its backend is down',
    });
    const forbidden = buildPipeline({ ...input, access: { kind: 'ok', value: { status: { allowed: false, reason: '' } } } });
    assert.equal(forbidden.stoppedBy?.stage, 'authorization');
    const healthy = buildPipeline({
      ...input,
      admission: { ...input.admission, validating: [withHealth(step, { ...down, status: 'ok', checks: [] })] },
    });
    assert.equal(healthy.reachesStorage, true);
    // A caller who may not list the webhook configurations (kapi pipeline --as a viewer) learns nothing matched
    // in what could be read: the stage is a warning, never "ok, nothing matches".
    const unread = buildPipeline({
      ...input,
      admission: {
        mutating: [],
        validating: [],
        notes: {
          mutating: ['cannot check: forbidden (list mutatingwebhookconfigurations)'],
          validating: ['MutatingAdmissionPolicies are not served here'],
        },
      },
    });
    const stage = (id: string) => unread.stages.find((candidate) => candidate.stage === id);
    assert.deepEqual(
      [stage('mutating-admission')?.status, stage('mutating-admission')?.summary],
      ['warn', 'nothing matches in what kapi could read'],
    );
    assert.deepEqual([stage('validating-admission')?.status, stage('validating-admission')?.summary], ['ok', 'nothing matches']);
    assert.equal(unread.reachesStorage, true);
    // The object's schema is checked only on a body that is the object: not on a delete (DeleteOptions) or a connect.
    const schemaOf = (document: ReturnType<typeof buildPipeline>) =>
      document.stages.find((candidate) => candidate.stage === 'schema')?.summary;
    assert.equal(schemaOf(document), "built-in: kube-apiserver's own types and validation");
    const deleted = buildPipeline({ ...input, request: { ...input.request, verb: 'delete', operation: 'DELETE' as const } });
    assert.equal(schemaOf(deleted), "not run for delete; built-in: kube-apiserver's own types and validation");
  });
});
