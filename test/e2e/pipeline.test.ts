// The request's path on the real control plane: `kapi doctor` over admission
// webhooks and CRDs, `kapi pipeline`, and `api-resources --access` for the
// admin and viewer identities. Everything it meets is created at run time by
// pipeline-fixtures.ts in this file's own control plane. Exact output; ports
// and dates are the only parts normalised.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PipelineDocument } from '../../src/pipeline/model.ts';
import type { ApiResourcesDocument } from '../../src/render/api-resources.ts';
import type { DoctorDocument } from '../../src/render/doctor.ts';
import { assertMatchesSchema } from '../support/json-schemas.ts';
import { kapi } from '../support/run-cli.ts';
import { announceSkip, type Cluster, e2eAvailability, kubectl, run as runCommand, startCluster } from './cluster.ts';
import { makeWebhookCertificates, setUpPipeline, startWebhookServer, type WebhookServer } from './pipeline-fixtures.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('pipeline e2e', { skip }, () => {});

let hookPort = 0;

const teamRbac = `apiVersion: v1
kind: Namespace
metadata:
  name: viewer-team
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: kapi-e2e-team
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [create, delete]
- apiGroups: [""]
  resources: [nodes]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: kapi-e2e-team
  namespace: viewer-team
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: kapi-e2e-team
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: User
  name: viewer
`;

/** Runs `work` on every item, at most `size` at a time, answers in order. */
async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < items.length; start += size) out.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  return out;
}

/** Ports and dates change per run; everything else is asserted as printed. */
function normalise(text: string): string {
  return text
    .replaceAll(`:${hookPort}`, ':HOOKPORT')
    .replaceAll(`port ${hookPort}`, 'port HOOKPORT')
    .replace(/:[0-9]{4,5}\b/g, ':PORT')
    .replace(/[0-9]{4}-[0-9]{2}-[0-9]{2}/g, 'DATE');
}

describe('the request pipeline on a real control plane', { skip }, () => {
  let cluster: Cluster;
  let server: WebhookServer | undefined;
  let certDir = '';
  const run = (args: string[]) => kapi([...args, '--kubeconfig', cluster.kubeconfig]);
  const apply = async (manifest: string) => {
    const applied = await runCommand(cluster.kubectl, [`--kubeconfig=${cluster.kubeconfig}`, '--context=admin', 'apply', '-f', '-'], {
      input: manifest,
    });
    assert.equal(applied.code, 0, applied.stderr);
  };

  before(async () => {
    cluster = await startCluster();
    certDir = await mkdtemp(join(tmpdir(), 'kapi-pipeline-certs-'));
    const certs = await makeWebhookCertificates(certDir);
    server = await startWebhookServer(certs);
    hookPort = server.port;
    await setUpPipeline(cluster, certs, server.port);
    writeFileSync(
      join(certDir, 'gizmo-v2.yaml'),
      'apiVersion: conversion.example.com/v2\nkind: Gizmo\nmetadata: {name: g, namespace: default}\nspec: {size: 1}\n',
    );
  });
  after(async () => {
    await server?.stop();
    await cluster?.stop();
    if (certDir) await rm(certDir, { recursive: true, force: true });
  });

  it('the broken webhook really blocks configmap creates in default (kubectl, the oracle)', async () => {
    const r = await kubectl(cluster, ['create', 'configmap', 'blocked', '-n', 'default']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /failed calling webhook "deny-configmaps\.kapi\.dev"/);
    const elsewhere = await kubectl(cluster, ['create', 'configmap', 'allowed', '-n', 'kapi-hooks', '--dry-run=server']);
    assert.equal(elsewhere.code, 0, elsewhere.stderr);
  });

  it('doctor without an argument: the APIServices, then every webhook and CRD hop, failures expanded with hints; exit 10', async () => {
    const r = await run(['doctor', '--expiry-warn-days', '7']);
    assert.equal(r.code, 10, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(
      normalise(r.stdout),
      `APISERVICE                    SERVICE            STATUS   CHECKS
v1alpha1.wardle.example.com   wardle/api:PORT   warn     5 ok, 2 warn

KIND                NAME                                       CALLS                                      STATUS   CHECKS
MutatingWebhook     kapi-e2e-mutating/label.kapi.dev           kapi-hooks/hooks:HOOKPORT/mutate              ok       4 ok
MutatingWebhook     kapi-e2e-mutating/url.kapi.dev             https://127.0.0.1:HOOKPORT/mutate             warn     2 ok, 1 warn
ValidatingWebhook   kapi-e2e-broken/deny-configmaps.kapi.dev   kapi-hooks/missing-backend:443/validate    fail     2 ok, 2 fail
CRD                 gizmos.conversion.example.com              kapi-hooks/no-such-converter:443/convert   fail     1 ok, 1 warn, 2 fail
CRD                 relics.stranded.example.com                -                                          fail     1 ok, 1 fail

ValidatingWebhook kapi-e2e-broken/deny-configmaps.kapi.dev -> kapi-hooks/missing-backend:443/validate: fail
  ok    webhook    failurePolicy Fail, matchPolicy Equivalent, sideEffects None, timeout 3s; calls service kapi-hooks/missing-backend:443/validate; caBundle CN=kapi-hooks-ca valid until DATE (issuer CN=kapi-hooks-ca)
  ok    service    ClusterIP service kapi-hooks/missing-backend 127.0.100.4, port 443 -> target port 8443
  fail  endpoints  no EndpointSlices for service kapi-hooks/missing-backend; no pods match app=missing-backend
                   hint: the pods behind app=missing-backend are missing or not ready; start the backend's pods with labels app=missing-backend
  fail  risk       failurePolicy Fail and its backend is down: kube-apiserver rejects CREATE core/v1 configmaps in namespaces matching kubernetes.io/metadata.name=default
                   hint: restore the backend, or set failurePolicy: Ignore, or delete validatingwebhookconfiguration kapi-e2e-broken while it is down

CRD gizmos.conversion.example.com -> kapi-hooks/no-such-converter:443/convert: fail
  fail  conversion       strategy Webhook (served v1, v2, storage v1); calls service kapi-hooks/no-such-converter:443/convert; caBundle CN=kapi-hooks-ca valid until DATE (issuer CN=kapi-hooks-ca); the conversion webhook is down: every request for gizmos that needs another version than the stored one fails (listing in any version but v1 fails once objects exist)
                         hint: restore the conversion webhook, or read and write only the storage version until it is back
  fail  service          service kapi-hooks/no-such-converter not found
                         hint: create the Service kapi-hooks/no-such-converter, or point spec.conversion.webhook.clientConfig.service of CRD gizmos.conversion.example.com at the right one
  warn  endpoints        cannot check: service kapi-hooks/no-such-converter not found
  ok    stored-versions  storedVersions v1 (storage v1)

CRD relics.stranded.example.com: fail
  ok    conversion       strategy None: versions differ only in apiVersion
  fail  stored-versions  storedVersions v1, v2 (storage v2); v1 is no longer served: objects stored in it cannot be read back without a migration
                         hint: migrate every relics object to v2 (read and write each one back, or run kube-storage-version-migrator), then remove v1 from status.storedVersions through the status subresource
`,
    );
  });

  it('doctor names one webhook configuration; -o json carries hops', async () => {
    const r = await run(['doctor', 'kapi-e2e-mutating', '--expiry-warn-days', '7']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      normalise(r.stdout),
      `MutatingWebhook kapi-e2e-mutating/label.kapi.dev -> kapi-hooks/hooks:HOOKPORT/mutate: ok
  ok    webhook    failurePolicy Ignore, matchPolicy Equivalent, sideEffects None, timeout 5s, reinvocationPolicy IfNeeded; calls service kapi-hooks/hooks:HOOKPORT/mutate; caBundle CN=kapi-hooks-ca valid until DATE (issuer CN=kapi-hooks-ca)
  ok    service    ClusterIP service kapi-hooks/hooks 127.0.100.3, port HOOKPORT -> target port HOOKPORT
  ok    endpoints  1 ready address(es) for port "https": 192.0.2.10; no selector
  ok    risk       no known risk (failurePolicy Ignore)

MutatingWebhook kapi-e2e-mutating/url.kapi.dev -> https://127.0.0.1:HOOKPORT/mutate: warn
  ok    webhook  failurePolicy Ignore, matchPolicy Equivalent, sideEffects NoneOnDryRun, timeout 15s, reinvocationPolicy Never; calls URL https://127.0.0.1:HOOKPORT/mutate; caBundle CN=kapi-hooks-ca valid until DATE (issuer CN=kapi-hooks-ca)
  ok    url      kube-apiserver dials 127.0.0.1:HOOKPORT directly (no Service, no endpoints to check)
  warn  risk     timeoutSeconds 15: a slow backend holds every matching request that long
                 hint: lower timeoutSeconds to 10 or less
`,
    );
    const json = await run(['doctor', '-o', 'json', '--expiry-warn-days', '7']);
    assert.equal(json.code, 10, json.stderr);
    const document = JSON.parse(json.stdout) as DoctorDocument;
    assertMatchesSchema('doctor', document);
    assert.ok('hops' in document);
    assert.deepEqual(
      document.hops?.map((hop) => [hop.kind, hop.name, hop.status]),
      [
        ['MutatingWebhook', 'kapi-e2e-mutating/label.kapi.dev', 'ok'],
        ['MutatingWebhook', 'kapi-e2e-mutating/url.kapi.dev', 'warn'],
        ['ValidatingWebhook', 'kapi-e2e-broken/deny-configmaps.kapi.dev', 'fail'],
        ['CRD', 'gizmos.conversion.example.com', 'fail'],
        ['CRD', 'relics.stranded.example.com', 'fail'],
      ],
    );
  });

  it('pipeline create configmaps -n default: the broken webhook would reject it; exit 10', async () => {
    const r = await run(['pipeline', 'create', 'configmaps', '-n', 'default']);
    assert.equal(r.code, 10, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(
      normalise(r.stdout),
      `create configmaps in namespace default: core/v1 ConfigMap, CREATE, served by Local

1. Authentication: ok
   admin (groups: system:masters, system:authenticated)

2. Authorization: ok
   may create configmaps in namespace default

3. Mutating admission: ok
   nothing matches

4. Schema validation: ok
   built-in: kube-apiserver's own types and validation

5. Validating admission: fail
   1 matches; ValidatingWebhook kapi-e2e-broken/deny-configmaps.kapi.dev would reject the request (failurePolicy Fail, backend down)
   - ValidatingWebhook kapi-e2e-broken/deny-configmaps.kapi.dev (REJECTS)
       failurePolicy Fail, matchPolicy Equivalent, timeout 3s, sideEffects None
       namespaceSelector kubernetes.io/metadata.name=default: matches
       calls service kapi-hooks/missing-backend:443/validate: fail
         fail endpoints: no EndpointSlices for service kapi-hooks/missing-backend; no pods match app=missing-backend
         fail risk: failurePolicy Fail and its backend is down: kube-apiserver rejects CREATE core/v1 configmaps in namespaces matching kubernetes.io/metadata.name=default
       would reject the request: failurePolicy Fail and its backend is down

6. Storage: ok
   Local: etcd, through kube-apiserver

Stopped at validating admission: ValidatingWebhook kapi-e2e-broken/deny-configmaps.kapi.dev would reject it: failurePolicy Fail and its backend is down
`,
    );
    // Elsewhere the namespaceSelector leaves it out, and kubectl's create goes through.
    const other = await run(['pipeline', 'create', 'configmaps', '-n', 'kapi-hooks', '-o', 'json']);
    assert.equal(other.code, 0, other.stderr);
    const document = JSON.parse(other.stdout) as PipelineDocument;
    assertMatchesSchema('pipeline', document);
    assert.equal(document.reachesStorage, true);
    assert.deepEqual(
      document.stages.map((stage) => [stage.stage, stage.status, stage.steps?.length ?? null]),
      [
        ['authentication', 'ok', null],
        ['authorization', 'ok', null],
        ['mutating-admission', 'ok', 0],
        ['schema', 'ok', null],
        ['validating-admission', 'ok', 0],
        ['storage', 'ok', null],
      ],
    );
  });

  it('pipeline create deployments -n default: the mutating policy and webhooks in call order, the validating policy with its binding; exit 0', async () => {
    const r = await run(['pipeline', 'create', 'deployments', '-n', 'default']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      normalise(r.stdout),
      `create deployments in namespace default: apps/v1 Deployment, CREATE, served by Local

1. Authentication: ok
   admin (groups: system:masters, system:authenticated)

2. Authorization: ok
   may create deployments in namespace default

3. Mutating admission: warn
   3 match
   - MutatingAdmissionPolicy kapi-e2e-seen (matches)
       failurePolicy Ignore, matchPolicy Equivalent, reinvocationPolicy Never
       binding kapi-e2e-seen-all
       mutate (ApplyConfiguration): Object{metadata: Object.metadata{labels: {"kapi.dev/seen": "true"}}}
   - MutatingWebhook kapi-e2e-mutating/label.kapi.dev (matches)
       failurePolicy Ignore, matchPolicy Equivalent, timeout 5s, sideEffects None, reinvocationPolicy IfNeeded
       namespaceSelector kubernetes.io/metadata.name notin (kube-system): matches
       calls service kapi-hooks/hooks:HOOKPORT/mutate: ok
   - MutatingWebhook kapi-e2e-mutating/url.kapi.dev (matches)
       failurePolicy Ignore, matchPolicy Equivalent, timeout 15s, sideEffects NoneOnDryRun, reinvocationPolicy Never
       matchCondition not-kube-system: request.namespace != "kube-system"
       calls URL https://127.0.0.1:HOOKPORT/mutate: warn
         warn risk: timeoutSeconds 15: a slow backend holds every matching request that long

4. Schema validation: ok
   built-in: kube-apiserver's own types and validation

5. Validating admission: ok
   1 matches
   - ValidatingAdmissionPolicy kapi-e2e-replicas (matches)
       failurePolicy Fail, matchPolicy Equivalent
       binding kapi-e2e-replicas-default [Deny]
       validate: object.spec.replicas <= 5 -> "at most 5 replicas"

6. Storage: ok
   Local: etcd, through kube-apiserver

Reaches storage, as far as kapi can tell.
`,
    );
    // The webhooks it shows are the ones kube-apiserver calls: a server-side dry run reaches the test's server.
    const before = server?.calls.length ?? 0;
    const created = await kubectl(cluster, [
      'create',
      'deployment',
      'web',
      '-n',
      'default',
      '--image=registry.k8s.io/pause:3.10',
      '--dry-run=server',
    ]);
    assert.equal(created.code, 0, created.stderr);
    assert.ok((server?.calls.slice(before) ?? []).includes('CREATE deployments'));
  });

  it("pipeline create gizmos: the CRD's conversion webhook is down and v2 is not the storage version; kubectl fails the same way", async () => {
    const r = await run(['pipeline', 'create', 'gizmos', '-n', 'default', '-o', 'json']);
    assert.equal(r.code, 10, r.stderr);
    const document = JSON.parse(r.stdout) as PipelineDocument;
    assertMatchesSchema('pipeline', document);
    assert.deepEqual(document.stoppedBy, {
      stage: 'storage',
      reason: 'the conversion webhook of CRD gizmos.conversion.example.com is down and v2 is not the storage version (v1)',
    });
    const storage = document.stages.find((stage) => stage.stage === 'storage');
    assert.deepEqual(storage?.storage?.crd, {
      name: 'gizmos.conversion.example.com',
      served: ['v1', 'v2'],
      storage: 'v1',
      storedVersions: ['v1'],
      conversion: 'Webhook',
    });
    const schema = (await run(['pipeline', 'create', 'gizmos.v1.conversion.example.com', '-n', 'default', '-o', 'json'])).stdout;
    assert.deepEqual((JSON.parse(schema) as PipelineDocument).stages.find((stage) => stage.stage === 'schema')?.schema, {
      source: 'crd',
      celRules: 1,
    });
    const created = await kubectl(cluster, ['create', '-f', join(certDir, 'gizmo-v2.yaml')]);
    assert.equal(created.code, 1);
    assert.match(created.stderr, /conversion webhook for conversion\.example\.com\/v2, Kind=Gizmo failed/);
  });

  it('authentication and authorization follow the identity: the viewer, and --as viewer from admin, may not create configmaps (kubectl auth can-i agrees)', async () => {
    const viewer = await run(['pipeline', 'create', 'configmaps', '-n', 'kapi-hooks', '--context', 'viewer', '-o', 'json']);
    assert.equal(viewer.code, 10, viewer.stderr);
    const document = JSON.parse(viewer.stdout) as PipelineDocument;
    assert.deepEqual(document.stages[0]?.user, {
      username: 'viewer',
      uid: 'uid-viewer',
      groups: ['viewers', 'system:authenticated'],
      extra: {},
    });
    assert.equal(document.stages[1]?.allowed, false);
    assert.deepEqual(document.stoppedBy, {
      stage: 'authorization',
      reason: 'forbidden: may not create configmaps in namespace kapi-hooks',
    });
    const impersonated = JSON.parse(
      (await run(['pipeline', 'get', 'configmaps', '-n', 'kapi-hooks', '--as', 'viewer', '--as-group', 'viewers', '-o', 'json'])).stdout,
    ) as PipelineDocument;
    assert.deepEqual(impersonated.stages[0]?.user?.groups, ['viewers', 'system:authenticated']);
    assert.equal(impersonated.stages[1]?.allowed, true);
    assert.equal(impersonated.reachesStorage, true);
    const canI = await kubectl(cluster, ['auth', 'can-i', 'create', 'configmaps', '-n', 'kapi-hooks'], { context: 'viewer' });
    assert.equal(canI.stdout.trim(), 'no');
  });

  it('api-resources --access differs between admin and viewer exactly as RBAC does (kubectl auth can-i per resource and verb)', async () => {
    await apply(teamRbac);
    // Cluster-wide (kubectl auth can-i -A), and in a namespace where a RoleBinding gives the viewer more, including a
    // ClusterRole that names nodes, which a RoleBinding cannot grant (cluster-scoped: kapi asks a SelfSubjectAccessReview).
    const checked = [
      'configmaps',
      'pods',
      'secrets',
      'namespaces',
      'nodes',
      'deployments.apps',
      'customresourcedefinitions.apiextensions.k8s.io',
      'flunders.wardle.example.com',
      'crontabs.stable.example.com',
    ];
    for (const [context, namespace] of [
      ['admin', ''],
      ['viewer', ''],
      ['viewer', 'viewer-team'],
    ] as const) {
      const r = await run(['api-resources', '--access', '-o', 'json', '--context', context, ...(namespace ? ['-n', namespace] : [])]);
      assert.equal(r.code, 0, r.stderr);
      const entries = JSON.parse(r.stdout) as ApiResourcesDocument;
      assertMatchesSchema('api-resources', entries);
      const pairs: Array<{ resource: string; verb: string; namespaced: boolean; kapi: boolean }> = [];
      for (const name of checked) {
        const [plural, ...group] = name.split('.');
        const entry = entries.find((candidate) => candidate.name === plural && candidate.group === group.join('.'));
        assert.ok(entry, name);
        for (const verb of entry.verbs)
          pairs.push({ resource: name, verb, namespaced: entry.namespaced, kapi: (entry.allowedVerbs ?? []).includes(verb) });
      }
      // A request for a cluster-scoped resource carries no namespace (kubectl auth can-i -n would send one, and a RoleBinding would answer it).
      const answers = await inBatches(pairs, 8, async ({ resource, verb, namespaced }) => {
        const scope = namespace && namespaced ? ['-n', namespace] : ['-A'];
        const can = await kubectl(cluster, ['auth', 'can-i', verb, resource, ...scope], { context });
        return can.stdout.trim() === 'yes';
      });
      assert.deepEqual(
        pairs.map((pair) => `${pair.verb} ${pair.resource}: ${pair.kapi}`),
        pairs.map((pair, index) => `${pair.verb} ${pair.resource}: ${answers[index]}`),
        `${context} ${namespace || 'cluster-wide'}`,
      );
    }
    const admin = await run(['api-resources', '--access', '--context', 'admin']);
    const viewer = await run(['api-resources', '--access', '--context', 'viewer']);
    const team = await run(['api-resources', '--access', '--context', 'viewer', '-n', 'viewer-team']);
    const row = (text: string, name: string) =>
      text
        .split('\n')
        .find((line) => line.startsWith(`${name} `))
        ?.split(/\s+/)
        .pop();
    assert.equal(row(admin.stdout, 'configmaps'), 'create,delete,deletecollection,get,list,patch,update,watch');
    assert.equal(row(viewer.stdout, 'configmaps'), 'get,list,watch');
    assert.equal(row(team.stdout, 'configmaps'), 'create,delete,get,list,watch');
    assert.equal(row(viewer.stdout, 'secrets'), 'none');
    assert.equal(row(team.stdout, 'nodes'), 'none');
    assert.match(admin.stdout, /^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND +ACCESS\n/);
  });
});
