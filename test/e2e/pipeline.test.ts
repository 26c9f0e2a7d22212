// The request's path on the real control plane: `kapi doctor` over admission
// webhooks and CRDs, `kapi pipeline`, and `api-resources --access` for the
// admin and viewer identities. Everything it meets is created at run time by
// pipeline-fixtures.ts in this file's own control plane. Exact output; ports
// and dates are the only parts normalised.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DoctorDocument } from '../../src/render/doctor.ts';
import { assertMatchesSchema } from '../support/json-schemas.ts';
import { kapi } from '../support/run-cli.ts';
import { announceSkip, type Cluster, e2eAvailability, kubectl, startCluster } from './cluster.ts';
import { makeWebhookCertificates, setUpPipeline, startWebhookServer, type WebhookServer } from './pipeline-fixtures.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('pipeline e2e', { skip }, () => {});

let hookPort = 0;

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

  before(async () => {
    cluster = await startCluster();
    certDir = await mkdtemp(join(tmpdir(), 'kapi-pipeline-certs-'));
    const certs = await makeWebhookCertificates(certDir);
    server = await startWebhookServer(certs);
    hookPort = server.port;
    await setUpPipeline(cluster, certs, server.port);
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
});
