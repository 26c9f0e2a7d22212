// Broken (and one healthy) aggregated APIs for `kapi doctor`, set up on the
// harness's control plane with kubectl manifests and a second sample-apiserver
// that serves with a certificate for api-tls.wardle.svc signed by a test CA.
// Everything is dialed on loopback. kube-apiserver runs with
// --enable-aggregator-routing=false, so the aggregator dials a Service's
// ClusterIP (or an ExternalName), never its endpoints:
// - api-tls is a ClusterIP Service on 127.0.100.2, from a ServiceCIDR on
//   loopback (ServiceCIDR validation only asks for a valid CIDR; the
//   allocator takes a ServiceCIDR as Ready when no controller manager marks
//   it). A forwarder in the test process passes 127.0.100.2:PORT to the TLS
//   sample-apiserver on 127.0.0.1:PORT. Its EndpointSlice is written by hand
//   with a ready TEST-NET-1 address (192.0.2.10): EndpointSlice validation,
//   like Endpoints', rejects loopback, link-local and unspecified addresses,
//   and that address is only read by the availability check, never dialed.
// - api-other is an ExternalName 127.0.0.1;
// - the other ClusterIP Services fail before any dial (no endpoints, or none ready).
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { newKey, openssl, selfSignedCa, servingCertificate } from '../support/certificates.ts';
import { loopbackService } from '../support/loopback-service.ts';
import { type Cluster, kubectl, run } from './cluster.ts';

export interface Certificates {
  dir: string;
  /** PEM of the CA that signs the serving certificate. */
  ca: string;
  /** PEM of an unrelated CA. */
  otherCa: string;
  /** PEM of a CA valid 2020-01-01 to 2021-01-01. */
  expiredCa: string;
}

/** A CA, a serving certificate for api-tls.wardle.svc signed by it, an unrelated CA and an expired CA (openssl). */
export async function makeCertificates(dir: string): Promise<Certificates> {
  const at = (name: string) => join(dir, name);
  const ca = await selfSignedCa(dir, 'ca', 'kapi-doctor-ca');
  const otherCa = await selfSignedCa(dir, 'other-ca', 'kapi-doctor-other-ca');
  await servingCertificate(dir, { ca: 'ca', commonName: 'api-tls.wardle.svc', altNames: ['DNS:api-tls.wardle.svc'] });
  // openssl x509/req cannot date a certificate in the past; `openssl ca` can.
  await openssl(dir, [
    'req',
    '-new',
    ...newKey,
    '-keyout',
    at('expired-ca.key'),
    '-out',
    at('expired-ca.csr'),
    '-subj',
    '/CN=kapi-doctor-expired-ca',
  ]);
  writeFileSync(at('index.txt'), '');
  writeFileSync(at('serial'), '01\n');
  writeFileSync(
    at('ca.cnf'),
    `[ca]\ndefault_ca = d\n[d]\ndatabase = ${at('index.txt')}\nnew_certs_dir = ${dir}\nserial = ${at('serial')}\ndefault_md = sha256\npolicy = p\nx509_extensions = e\n[p]\ncommonName = supplied\n[e]\nbasicConstraints = critical,CA:true\nkeyUsage = critical,keyCertSign,cRLSign\n`,
  );
  await openssl(dir, [
    'ca',
    '-batch',
    '-config',
    at('ca.cnf'),
    '-selfsign',
    '-keyfile',
    at('expired-ca.key'),
    '-in',
    at('expired-ca.csr'),
    '-out',
    at('expired-ca.crt'),
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20210101000000Z',
    '-notext',
  ]);
  return { dir, ca, otherCa, expiredCa: readFileSync(at('expired-ca.crt'), 'utf8') };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function readyz(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = https.get({ host: '127.0.0.1', port, path: '/readyz', rejectUnauthorized: false, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
}

export interface TlsWardle {
  port: number;
  stop(): void;
}

/** A second sample-apiserver on 127.0.0.1, serving tls.crt (api-tls.wardle.svc), sharing the harness's etcd. */
export async function startTlsWardle(cluster: Cluster, certs: Certificates): Promise<TlsWardle> {
  if (!cluster.stateDir)
    throw new Error('the doctor e2e needs its own cluster (not KAPI_E2E_KUBECONFIG): it starts a second sample-apiserver');
  const env = Object.fromEntries(
    readFileSync(join(cluster.stateDir, 'env'), 'utf8')
      .split('\n')
      .map((line) => line.trim().split(/=(.*)/s))
      .filter((pair) => pair.length >= 2) as [string, string][],
  );
  const port = await freePort();
  const log = openSync(join(certs.dir, 'sample-apiserver.log'), 'a');
  const child: ChildProcess = spawn(
    join(cluster.binDir, 'sample-apiserver'),
    [
      `--etcd-servers=${env.ETCD}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--tls-cert-file=${join(certs.dir, 'tls.crt')}`,
      `--tls-private-key-file=${join(certs.dir, 'tls.key')}`,
      `--kubeconfig=${cluster.kubeconfig}`,
      `--authentication-kubeconfig=${cluster.kubeconfig}`,
      `--authorization-kubeconfig=${cluster.kubeconfig}`,
      '--profiling=false',
    ],
    { stdio: ['ignore', log, log] },
  );
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', stop);
  const deadline = Date.now() + 60_000;
  while (!(await readyz(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(
        `sample-apiserver (TLS) did not become ready:\n${readFileSync(join(certs.dir, 'sample-apiserver.log'), 'utf8').slice(-2000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const forwarder = await forwardLoopback(loopbackClusterIp, port);
  return {
    port,
    stop: () => {
      forwarder.close();
      stop();
    },
  };
}

/** The ClusterIP of the api-tls Service, in the loopback ServiceCIDR the variants create. */
export const loopbackClusterIp = '127.0.100.2';
const loopbackServiceCidr = '127.0.100.0/29';

/** Passes every connection to host:port on to 127.0.0.1:port (TLS goes through untouched). */
async function forwardLoopback(host: string, port: number): Promise<{ close(): void }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    close: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

const b64 = (pem: string) => Buffer.from(pem).toString('base64');

function apiService(name: string, group: string, version: string, service: string, port: number, caBundle?: string): string {
  const tls = caBundle ? `caBundle: ${b64(caBundle)}` : 'insecureSkipTLSVerify: true';
  return `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: ${name}
spec:
  group: ${group}
  version: ${version}
  groupPriorityMinimum: 1000
  versionPriority: 15
  ${tls}
  service:
    namespace: wardle
    name: ${service}
    port: ${port}
`;
}

const externalName = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: wardle
spec:
  type: ExternalName
  externalName: 127.0.0.1
`;

const clusterIp = (name: string, selector?: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: wardle
spec:
  type: ClusterIP
${selector ? `  selector:\n    app: ${selector}\n` : ''}  ports:
  - name: https
    port: 443
    targetPort: 8443
`;

const serviceAccountWith = (name: string, reader: boolean) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: wardle
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: wardle-${name}:system:auth-delegator
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:auth-delegator
subjects:
- kind: ServiceAccount
  name: ${name}
  namespace: wardle
${
  reader
    ? `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: wardle-${name}:extension-apiserver-authentication-reader
  namespace: kube-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: extension-apiserver-authentication-reader
subjects:
- kind: ServiceAccount
  name: ${name}
  namespace: wardle
`
    : ''
}`;

/** The APIServices of the variants, and the reason kube-apiserver gives each. */
export const variants = {
  healthy: { name: 'v1beta1.wardle.example.com', reason: 'Passed' },
  badCa: { name: 'v1.badca.example.com', reason: 'FailedDiscoveryCheck' },
  expiredCa: { name: 'v1.expiredca.example.com', reason: 'FailedDiscoveryCheck' },
  wrongName: { name: 'v1.wrongname.example.com', reason: 'FailedDiscoveryCheck' },
  noEndpoints: { name: 'v1.noendpoints.example.com', reason: 'EndpointsNotFound' },
  notReady: { name: 'v1.notready.example.com', reason: 'MissingEndpoints' },
} as const;

/** api-tls: the ServiceCIDR on loopback first, then the Service and its ready EndpointSlice. */
const apiTlsService = (port: number) => [
  `apiVersion: networking.k8s.io/v1
kind: ServiceCIDR
metadata:
  name: kapi-doctor-loopback
spec:
  cidrs: ["${loopbackServiceCidr}"]
`,
  ...loopbackService({ name: 'api-tls', namespace: 'wardle', clusterIp: loopbackClusterIp, port }),
];

/** Applies every variant and waits for each APIService's Available reason. */
export async function setUpVariants(cluster: Cluster, certs: Certificates, port: number): Promise<void> {
  const manifests = [
    externalName('api-other'),
    apiService(variants.wrongName.name, 'wrongname.example.com', 'v1', 'api-other', port, certs.ca),
    serviceAccountWith('apiserver', true),
    serviceAccountWith('no-reader', false),
    clusterIp('no-endpoints', 'ghost'),
    `apiVersion: v1
kind: Pod
metadata:
  name: ghost-0
  namespace: wardle
  labels:
    app: ghost
spec:
  serviceAccountName: ghost
  containers:
  - name: server
    image: registry.k8s.io/pause:3.10
`,
    apiService(variants.noEndpoints.name, 'noendpoints.example.com', 'v1', 'no-endpoints', 443),
    clusterIp('not-ready'),
    // Written by hand (no kube-controller-manager); the address is never dialed: it is not ready.
    `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: not-ready-1
  namespace: wardle
  labels:
    kubernetes.io/service-name: not-ready
addressType: IPv4
endpoints:
- addresses: ["10.0.0.200"]
  conditions:
    ready: false
ports:
- name: https
  port: 8443
  protocol: TCP
`,
    apiService(variants.notReady.name, 'notready.example.com', 'v1', 'not-ready', 443),
  ];
  // The APIServices on api-tls share one Service, whose discovery kube-apiserver fetches once: they come after it
  // exists, as with any working server (created before it, one of them may stay Stale).
  const onApiTls = [
    apiService(variants.healthy.name, 'wardle.example.com', 'v1beta1', 'api-tls', port, certs.ca),
    apiService(variants.badCa.name, 'badca.example.com', 'v1', 'api-tls', port, certs.otherCa),
    apiService(variants.expiredCa.name, 'expiredca.example.com', 'v1', 'api-tls', port, certs.expiredCa),
  ];
  // The loopback ServiceCIDR comes after the other ClusterIP Services: the allocator picks among ServiceCIDRs at random.
  for (const batch of [manifests, apiTlsService(port), onApiTls]) {
    const applied = await run(cluster.kubectl, [`--kubeconfig=${cluster.kubeconfig}`, '--context=admin', 'apply', '-f', '-'], {
      input: batch.join('---\n'),
    });
    if (applied.code !== 0) throw new Error(`kubectl apply failed: ${applied.stderr}`);
  }
  for (const { name, reason } of Object.values(variants)) {
    const waited = await kubectl(cluster, [
      'wait',
      '--timeout=60s',
      `--for=jsonpath={.status.conditions[?(@.type=="Available")].reason}=${reason}`,
      `apiservice/${name}`,
    ]);
    if (waited.code !== 0) throw new Error(`apiservice/${name} never reached ${reason}: ${waited.stderr}`);
  }
}
