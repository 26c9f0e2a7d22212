// What `kapi pipeline`, the doctor's webhook and CRD checks and
// `api-resources --access` meet on the real control plane, created at run
// time in the test's own cluster (a broken Fail webhook blocks configmap
// creates, so it must not reach other tests' clusters):
// - a TLS admission webhook server started by the test: it listens on
//   127.0.0.1 (a URL webhook) and on 127.0.100.3, the ClusterIP of the
//   Service `hooks` from a loopback ServiceCIDR (kube-apiserver runs with
//   --enable-aggregator-routing=false, so it dials a webhook Service's
//   ClusterIP). The Service's hand-written EndpointSlice has a ready
//   TEST-NET-1 address that only the doctor reads, as in doctor-variants.ts;
// - a broken webhook: `missing-backend` has a loopback ClusterIP nobody
//   listens on and no endpoints, failurePolicy Fail, matching configmap
//   creates in namespace default only;
// - a ValidatingAdmissionPolicy with a binding and a MutatingAdmissionPolicy
//   with a binding, matching deployments;
// - a CRD whose conversion webhook's Service is missing;
// - a CRD whose objects were stored at v1, after which v1 stopped being served.
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCa, servingCertificate } from '../support/certificates.ts';
import { loopbackService } from '../support/loopback-service.ts';
import { type Cluster, kubectl, run } from './cluster.ts';

export const hooksNamespace = 'kapi-hooks';
export const hooksClusterIp = '127.0.100.3';
export const missingClusterIp = '127.0.100.4';

export interface WebhookCertificates {
  dir: string;
  ca: string;
  cert: string;
  key: string;
}

/** A CA and a serving certificate for hooks.kapi-hooks.svc and 127.0.0.1. */
export async function makeWebhookCertificates(dir: string): Promise<WebhookCertificates> {
  const ca = await selfSignedCa(dir, 'ca', 'kapi-hooks-ca');
  const { cert, key } = await servingCertificate(dir, {
    ca: 'ca',
    commonName: 'hooks.kapi-hooks.svc',
    altNames: ['DNS:hooks.kapi-hooks.svc', 'IP:127.0.0.1'],
  });
  return { dir, ca, cert, key };
}

export interface WebhookServer {
  port: number;
  /** Admission requests received, as "OPERATION resource" lines. */
  calls: string[];
  stop(): Promise<void>;
}

/** An admission webhook that allows everything, on 127.0.0.1 and on the hooks Service's loopback ClusterIP, one port. */
export async function startWebhookServer(certs: WebhookCertificates): Promise<WebhookServer> {
  const calls: string[] = [];
  const handler: http.RequestListener = (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let uid = '';
      try {
        const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          request?: { uid?: string; operation?: string; resource?: { resource?: string } };
        };
        uid = review.request?.uid ?? '';
        calls.push(`${review.request?.operation} ${review.request?.resource?.resource}`);
      } catch {
        // not an AdmissionReview: answer without a uid, the apiserver will reject it
      }
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid, allowed: true } }));
    });
  };
  const options = { cert: certs.cert, key: certs.key };
  const local = https.createServer(options, handler);
  await new Promise<void>((resolve, reject) => {
    local.once('error', reject);
    local.listen(0, '127.0.0.1', resolve);
  });
  const port = (local.address() as AddressInfo).port;
  const service = https.createServer(options, handler);
  await new Promise<void>((resolve, reject) => {
    service.once('error', reject);
    service.listen(port, hooksClusterIp, resolve);
  });
  const close = (server: https.Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { port, calls, stop: async () => void (await Promise.all([close(local), close(service)])) };
}

const b64 = (pem: string) => Buffer.from(pem).toString('base64');

function loopbackServices(port: number): string[] {
  return [
    `apiVersion: v1
kind: Namespace
metadata:
  name: ${hooksNamespace}
`,
    `apiVersion: networking.k8s.io/v1
kind: ServiceCIDR
metadata:
  name: kapi-pipeline-loopback
spec:
  cidrs: ["127.0.100.0/29"]
`,
  ].concat(
    [
      ...loopbackService({ name: 'hooks', namespace: hooksNamespace, clusterIp: hooksClusterIp, port }),
      `apiVersion: v1
kind: Service
metadata:
  name: missing-backend
  namespace: ${hooksNamespace}
spec:
  type: ClusterIP
  clusterIP: ${missingClusterIp}
  selector:
    app: missing-backend
  ports:
  - name: https
    port: 443
    targetPort: 8443
`,
    ].join('---\n'),
  );
}

function admission(port: number, ca: string): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: kapi-e2e-mutating
webhooks:
- name: label.kapi.dev
  clientConfig:
    service:
      namespace: ${hooksNamespace}
      name: hooks
      port: ${port}
      path: /mutate
    caBundle: ${b64(ca)}
  rules:
  - operations: ["CREATE"]
    apiGroups: ["apps"]
    apiVersions: ["v1"]
    resources: ["deployments"]
    scope: Namespaced
  failurePolicy: Ignore
  sideEffects: None
  timeoutSeconds: 5
  reinvocationPolicy: IfNeeded
  admissionReviewVersions: ["v1"]
  namespaceSelector:
    matchExpressions:
    - key: kubernetes.io/metadata.name
      operator: NotIn
      values: ["kube-system"]
- name: url.kapi.dev
  clientConfig:
    url: https://127.0.0.1:${port}/mutate
    caBundle: ${b64(ca)}
  rules:
  - operations: ["CREATE", "UPDATE"]
    apiGroups: ["apps"]
    apiVersions: ["*"]
    resources: ["deployments", "deployments/scale"]
  failurePolicy: Ignore
  sideEffects: NoneOnDryRun
  timeoutSeconds: 15
  admissionReviewVersions: ["v1"]
  matchConditions:
  - name: not-kube-system
    expression: request.namespace != "kube-system"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: kapi-e2e-broken
webhooks:
- name: deny-configmaps.kapi.dev
  clientConfig:
    service:
      namespace: ${hooksNamespace}
      name: missing-backend
      path: /validate
    caBundle: ${b64(ca)}
  rules:
  - operations: ["CREATE"]
    apiGroups: [""]
    apiVersions: ["v1"]
    resources: ["configmaps"]
  failurePolicy: Fail
  sideEffects: None
  timeoutSeconds: 3
  admissionReviewVersions: ["v1"]
  namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: default
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: kapi-e2e-replicas
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE", "UPDATE"]
      resources: ["deployments"]
  validations:
  - expression: "object.spec.replicas <= 5"
    message: at most 5 replicas
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicy
metadata:
  name: kapi-e2e-seen
spec:
  failurePolicy: Ignore
  reinvocationPolicy: Never
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE"]
      resources: ["deployments"]
  mutations:
  - patchType: ApplyConfiguration
    applyConfiguration:
      expression: >
        Object{metadata: Object.metadata{labels: {"kapi.dev/seen": "true"}}}
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicyBinding
metadata:
  name: kapi-e2e-seen-all
spec:
  policyName: kapi-e2e-seen
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: kapi-e2e-replicas-default
spec:
  policyName: kapi-e2e-replicas
  validationActions: [Deny]
  matchResources:
    namespaceSelector:
      matchLabels:
        kubernetes.io/metadata.name: default
`;
}

const schema = (description: string, rules = '') => `    schema:
      openAPIV3Schema:
        type: object
        description: ${description}
        properties:
          spec:
            type: object
            properties:
              size:
                type: integer
${rules}`;

function conversionCrd(ca: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gizmos.conversion.example.com
spec:
  group: conversion.example.com
  scope: Namespaced
  names: {plural: gizmos, singular: gizmo, kind: Gizmo}
  conversion:
    strategy: Webhook
    webhook:
      conversionReviewVersions: ["v1"]
      clientConfig:
        service:
          namespace: ${hooksNamespace}
          name: no-such-converter
          path: /convert
        caBundle: ${b64(ca)}
  versions:
  - name: v1
    served: true
    storage: true
${schema(
  'Gizmo v1',
  `            x-kubernetes-validations:
            - rule: "!has(self.size) || self.size >= 0"
              message: size is never negative
`,
)}  - name: v2
    served: true
    storage: false
${schema('Gizmo v2')}`;
}

const relicsCrd = (stage: 'v1' | 'v2') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: relics.stranded.example.com
spec:
  group: stranded.example.com
  scope: Namespaced
  names: {plural: relics, singular: relic, kind: Relic}
  versions:
  - name: v1
    served: ${stage === 'v1'}
    storage: ${stage === 'v1'}
${schema('Relic v1')}${
  stage === 'v2'
    ? `  - name: v2
    served: true
    storage: true
${schema('Relic v2')}`
    : ''
}`;

async function apply(cluster: Cluster, documents: string[]): Promise<void> {
  const applied = await run(cluster.kubectl, [`--kubeconfig=${cluster.kubeconfig}`, '--context=admin', 'apply', '-f', '-'], {
    input: documents.join('---\n'),
  });
  if (applied.code !== 0) throw new Error(`kubectl apply failed: ${applied.stderr}`);
}

async function must(cluster: Cluster, args: string[]): Promise<string> {
  const r = await kubectl(cluster, args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Creates everything above and waits until kube-apiserver acts on it. */
export async function setUpPipeline(cluster: Cluster, certs: WebhookCertificates, port: number): Promise<void> {
  const [namespace, cidr, services] = loopbackServices(port) as [string, string, string];
  await apply(cluster, [namespace, cidr]);
  await apply(cluster, [services]);
  await apply(cluster, [conversionCrd(certs.ca), relicsCrd('v1')]);
  await must(cluster, [
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    'crd/gizmos.conversion.example.com',
    'crd/relics.stranded.example.com',
  ]);
  await until('relics in discovery', async () => (await kubectl(cluster, ['get', '--raw', '/apis/stranded.example.com/v1'])).code === 0);
  await apply(cluster, [
    `apiVersion: stranded.example.com/v1
kind: Relic
metadata:
  name: old-relic
  namespace: default
spec:
  size: 1
`,
  ]);
  // v2 becomes the storage version and v1 stops being served; status.storedVersions keeps v1 (stated through the status subresource).
  await apply(cluster, [relicsCrd('v2')]);
  await must(cluster, [
    'patch',
    'crd/relics.stranded.example.com',
    '--subresource=status',
    '--type=merge',
    '-p',
    '{"status":{"storedVersions":["v1","v2"]}}',
  ]);
  await apply(cluster, [admission(port, certs.ca)]);
  // The admission plugins pick configurations up from informers: wait until the broken webhook rejects, and the policy denies.
  await until('the broken webhook to reject configmaps', async () => {
    const r = await kubectl(cluster, ['create', 'configmap', 'probe', '-n', 'default', '--dry-run=server']);
    return r.code !== 0 && r.stderr.includes('deny-configmaps.kapi.dev');
  });
  await until('the policy to deny 6 replicas', async () => {
    const r = await kubectl(cluster, [
      'create',
      'deployment',
      'probe',
      '-n',
      'default',
      '--image=registry.k8s.io/pause:3.10',
      '--replicas=6',
      '--dry-run=server',
    ]);
    return r.code !== 0 && r.stderr.includes('kapi-e2e-replicas');
  });
}
