// The doctor's pure checks on documents captured from the control plane
// (test/data/doctor-v1.36.3: the harness plus test/e2e/doctor-variants.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ApiServiceDocument, ListDocument } from '../../src/discovery/documents.ts';
import {
  type ApiServiceTarget,
  checkEndpoints,
  checkPermissions,
  checkService,
  type PermissionAnswer,
  serviceAccountFromPods,
} from '../../src/doctor/checks-backend.ts';
import { checkDiscovery, checkProbe } from '../../src/doctor/checks-reach.ts';
import { checkAggregationLayer, checkApiService } from '../../src/doctor/checks-registration.ts';
import type { ConfigMapDocument, EndpointSliceDocument, PodDocument, ServiceDocument } from '../../src/doctor/documents.ts';
import type { CheckResult } from '../../src/doctor/model.ts';
import type { Readable } from '../../src/doctor/readable.ts';
import { diagnoseX509, parseCertificates } from '../../src/doctor/x509.ts';
import { renderChecks, renderDoctor } from '../../src/render/doctor.ts';
import { captureSurface, readJson } from '../support/surfaces.ts';

const data = (name: string) => readJson<unknown>(`doctor-v1.36.3/${name}`);
const ok = <T>(value: T): Readable<T> => ({ kind: 'ok', value });
const forbidden = { kind: 'forbidden', message: 'nope' } as const;
const notFound = { kind: 'not-found', message: 'gone' } as const;

const configMap = data('extension-apiserver-authentication.json') as ConfigMapDocument;
const apiServices = (data('apiservices.json') as ListDocument<ApiServiceDocument>).items;
const apiService = (name: string) => apiServices.find((a) => a.metadata.name === name) as ApiServiceDocument;
const services = (data('services.json') as ListDocument<ServiceDocument>).items;
const service = (name: string) => ok(services.find((s) => s.metadata.name === name) as ServiceDocument);
const slices = (data('endpointslices.json') as ListDocument<EndpointSliceDocument>).items;
const pods = (data('pods.json') as ListDocument<PodDocument>).items;
const ref = (name: string, port = 443): ApiServiceTarget => ({ namespace: 'wardle', name, port });
// The front-proxy CA of the capture is valid 2026-11-24T04:15Z to 2026-12-04T04:15Z.
const clock = { now: new Date('2026-11-24T12:00:00Z'), warnDays: 30 };
const short = (r: CheckResult) => [r.status, r.message, r.hint];

describe('aggregation-layer', () => {
  test('the front-proxy CA, its names and headers; warns inside --expiry-warn-days', () => {
    assert.deepEqual(short(checkAggregationLayer(ok(configMap), clock)), [
      'warn',
      'request-header CA CN=kapi-e2e-front-proxy-ca expires in 9 days (2026-12-04); allowed names: front-proxy-client; headers: X-Remote-User, X-Remote-Group',
      'renew the request-header (front-proxy) CA and the proxy client certificate, then restart kube-apiserver',
    ]);
    const result = checkAggregationLayer(ok(configMap), { ...clock, warnDays: 7 });
    assert.equal(result.status, 'ok');
    assert.equal(result.hint, null);
    assert.deepEqual(result.evidence.requestHeaderCA, [
      {
        subject: 'CN=kapi-e2e-front-proxy-ca',
        issuer: 'CN=kapi-e2e-front-proxy-ca',
        notBefore: '2026-11-24T04:15:26.000Z',
        notAfter: '2026-12-04T04:15:26.000Z',
        ca: true,
      },
    ]);
  });
  test('fails when the CA has expired, the ConfigMap or its CA is missing; warns when forbidden', () => {
    assert.deepEqual(
      checkAggregationLayer(ok(configMap), { now: new Date('2027-01-01T00:00:00Z'), warnDays: 30 }).message.split(';')[0],
      'request-header CA CN=kapi-e2e-front-proxy-ca expired on 2026-12-04',
    );
    assert.equal(checkAggregationLayer(ok(configMap), { now: new Date('2027-01-01T00:00:00Z'), warnDays: 30 }).status, 'fail');
    assert.deepEqual(short(checkAggregationLayer(notFound, clock)).slice(0, 2), [
      'fail',
      'ConfigMap kube-system/extension-apiserver-authentication is missing',
    ]);
    const withoutCa = { ...configMap, data: { 'client-ca-file': configMap.data?.['client-ca-file'] ?? '' } };
    assert.deepEqual(short(checkAggregationLayer(ok(withoutCa), clock)).slice(0, 2), [
      'fail',
      'kube-system/extension-apiserver-authentication has no requestheader-client-ca-file: aggregated servers cannot authenticate the aggregator',
    ]);
    assert.deepEqual(short(checkAggregationLayer(forbidden, clock)), [
      'warn',
      'cannot check: forbidden (get configmap kube-system/extension-apiserver-authentication)',
      null,
    ]);
  });
});

describe('apiservice', () => {
  const table: Array<[string, string, string, string | null]> = [
    [
      'v1beta1.wardle.example.com',
      'ok',
      'Available=True (Passed); priority 1000/15; caBundle CN=kapi-doctor-ca valid until 2027-11-24 (issuer CN=kapi-doctor-ca)',
      null,
    ],
    [
      'v1alpha1.wardle.example.com',
      'warn',
      'Available=True (Passed); priority 1000/15; insecureSkipTLSVerify: the serving certificate is not verified',
      'set caBundle to the CA that signs the serving certificate for api.wardle.svc and drop insecureSkipTLSVerify',
    ],
    [
      'v1.expiredca.example.com',
      'fail',
      'Available=False (FailedDiscoveryCheck): failing or missing response from https://127.0.0.1:38875/apis/expiredca.example.com/v1: Get "https://127.0.0.1:38875/apis/expiredca.example.com/v1": tls: failed to verify certificate: x509: certificate signed by unknown authority; priority 1000/15; caBundle CN=kapi-doctor-expired-ca expired on 2021-01-01 (issuer CN=kapi-doctor-expired-ca)',
      'the caBundle does not sign the serving certificate of api-tls.wardle.svc: set caBundle to the CA that issued it; renew the CA in caBundle and the serving certificate it signs',
    ],
    [
      'v1.wrongname.example.com',
      'fail',
      'Available=False (FailedDiscoveryCheck): failing or missing response from https://127.0.0.1:38875/apis/wrongname.example.com/v1: Get "https://127.0.0.1:38875/apis/wrongname.example.com/v1": tls: failed to verify certificate: x509: certificate is valid for api-tls.wardle.svc, not api-other.wardle.svc; priority 1000/15; caBundle CN=kapi-doctor-ca valid until 2027-11-24 (issuer CN=kapi-doctor-ca)',
      'the serving certificate does not name api-other.wardle.svc (it names api-tls.wardle.svc): reissue it with that DNS name',
    ],
    ['v1.apps', 'ok', 'Local: served by kube-apiserver itself (priority 17800/15)', null],
  ];
  for (const [name, status, message, hint] of table) {
    test(name, () => assert.deepEqual(short(checkApiService(apiService(name), clock)), [status, message, hint]));
  }
  test('a caBundle inside the warning window warns', () => {
    const result = checkApiService(apiService('v1beta1.wardle.example.com'), { now: new Date('2027-11-01T00:00:00Z'), warnDays: 30 });
    assert.deepEqual(short(result), [
      'warn',
      'Available=True (Passed); priority 1000/15; caBundle CN=kapi-doctor-ca expires in 23 days (2027-11-24) (issuer CN=kapi-doctor-ca)',
      'renew the CA in caBundle and the serving certificate it signs',
    ]);
  });
});

describe('diagnoseX509', () => {
  const host = 'api.ns.svc';
  const table: Array<[string, string | undefined]> = [
    [
      'tls: failed to verify certificate: x509: certificate signed by unknown authority',
      'the caBundle does not sign the serving certificate of api.ns.svc: set caBundle to the CA that issued it',
    ],
    [
      'x509: certificate is valid for localhost, 127.0.0.1, not api.ns.svc',
      'the serving certificate does not name api.ns.svc (it names localhost, 127.0.0.1): reissue it with that DNS name',
    ],
    [
      'x509: certificate has expired or is not yet valid: current time 2026 is after 2025',
      'the serving certificate or a CA in its chain has expired or is not yet valid: renew it',
    ],
    ['dial tcp 127.0.0.1:1: connect: connection refused', undefined],
  ];
  for (const [message, expected] of table) test(message, () => assert.equal(diagnoseX509(message, host), expected));
  test('parseCertificates rejects what is not PEM', () => assert.throws(() => parseCertificates('hello'), /no PEM certificate/));
});

describe('service and endpoints', () => {
  test('ExternalName: no endpoints needed', () => {
    assert.deepEqual(short(checkService(ref('api-tls', 38875), service('api-tls'))), [
      'ok',
      'ExternalName service: kube-apiserver dials 127.0.0.1:38875',
      null,
    ]);
    assert.deepEqual(short(checkEndpoints(ref('api-tls', 38875), service('api-tls'), undefined, undefined)), [
      'ok',
      'ExternalName service: no endpoints, kube-apiserver resolves 127.0.0.1',
      null,
    ]);
  });
  test('missing service, missing port, forbidden', () => {
    assert.deepEqual(short(checkService(ref('missing'), notFound)), [
      'fail',
      'service wardle/missing not found',
      'create the Service wardle/missing, or point spec.service of the APIService at the right one',
    ]);
    assert.deepEqual(short(checkService(ref('not-ready', 8080), service('not-ready'))), [
      'fail',
      'ClusterIP service wardle/not-ready has no port 8080 (ports: 443/TCP)',
      'add port 8080 to the Service or set spec.service.port of the APIService to one of its ports',
    ]);
    assert.deepEqual(short(checkService(ref('x'), forbidden)), ['warn', 'cannot check: forbidden (get service wardle/x)', null]);
  });
  test('no EndpointSlices, a Pending pod, its service account', () => {
    const ghostPods = ok({ items: pods });
    const result = checkEndpoints(ref('no-endpoints'), service('no-endpoints'), ok({ items: [] }), ghostPods);
    assert.deepEqual(short(result), [
      'fail',
      'no EndpointSlices for service wardle/no-endpoints; pods: ghost-0 Pending, not ready, 0 restarts',
      'the pods behind app=ghost are missing or not ready; see kubectl -n wardle describe pod ghost-0',
    ]);
    assert.deepEqual(serviceAccountFromPods(ghostPods), { namespace: 'wardle', name: 'ghost', from: 'pods' });
  });
  test('a hand-written EndpointSlice with no ready address; the same slice ready', () => {
    const notReady = slices.filter((s) => s.metadata.name === 'not-ready-1');
    assert.deepEqual(short(checkEndpoints(ref('not-ready'), service('not-ready'), ok({ items: notReady }), undefined)), [
      'fail',
      '1 EndpointSlice(s), no ready address for port "https"; no selector',
      'the Service has no selector, so its EndpointSlices are written by hand',
    ]);
    const ready = notReady.map((s) => ({ ...s, endpoints: s.endpoints?.map((e) => ({ ...e, conditions: { ready: true } })) }));
    assert.deepEqual(short(checkEndpoints(ref('not-ready'), service('not-ready'), ok({ items: ready }), undefined)), [
      'ok',
      '1 ready address(es) for port "https": 10.0.0.200; no selector',
      null,
    ]);
  });
});

describe('permissions', () => {
  const answers = (file: string): PermissionAnswer[] => (data(file) as Array<{ status: { allowed: boolean } }>).map((review) => ok(review));
  test('bound to auth-delegator and the reader', () => {
    assert.deepEqual(short(checkPermissions({ namespace: 'wardle', name: 'apiserver', from: 'flag' }, answers('sar-apiserver.json'))), [
      'ok',
      'service account wardle/apiserver may create tokenreviews and subjectaccessreviews and read kube-system/extension-apiserver-authentication',
      null,
    ]);
  });
  test('without the reader binding', () => {
    assert.deepEqual(short(checkPermissions({ namespace: 'wardle', name: 'no-reader', from: 'flag' }, answers('sar-no-reader.json'))), [
      'fail',
      'service account wardle/no-reader may not get configmap kube-system/extension-apiserver-authentication',
      'kubectl -n kube-system create rolebinding no-reader:extension-apiserver-authentication-reader --role=extension-apiserver-authentication-reader --serviceaccount=wardle:no-reader',
    ]);
  });
  test('unknown account, forbidden review', () => {
    assert.equal(checkPermissions(undefined, []).status, 'warn');
    assert.deepEqual(short(checkPermissions({ namespace: 'a', name: 'b', from: 'pods' }, [forbidden, forbidden, forbidden])), [
      'warn',
      'cannot check: forbidden (create subjectaccessreviews)',
      null,
    ]);
  });
});

describe('probe and discovery', () => {
  const path = '/apis/x.example.com/v1';
  test('status and latency', () => {
    const response = (status: number, statusText: string, latencyMs: number, message = '') =>
      short(checkProbe(path, { kind: 'response', status, statusText, message, latencyMs }));
    assert.deepEqual(response(200, 'OK', 12.4), ['ok', 'GET /apis/x.example.com/v1: 200 OK in 12 ms', null]);
    assert.equal(response(200, 'OK', 6000)[0], 'warn');
    assert.deepEqual(response(503, 'Service Unavailable', 3, 'service unavailable').slice(0, 2), [
      'fail',
      'GET /apis/x.example.com/v1: 503 Service Unavailable: service unavailable (3 ms)',
    ]);
    assert.deepEqual(response(403, 'Forbidden', 3).slice(0, 2), [
      'warn',
      'cannot check: forbidden (GET /apis/x.example.com/v1: 403 Forbidden)',
    ]);
  });
  test('on the v1.36.3 capture: stale, current, absent', () => {
    const surface = captureSurface('kube-v1.36.3');
    assert.deepEqual(short(checkDiscovery(surface, 'broken.example.com', 'v1')).slice(0, 2), [
      'fail',
      'broken.example.com/v1 is Stale in aggregated discovery (no resources)',
    ]);
    assert.deepEqual(short(checkDiscovery(surface, 'wardle.example.com', 'v1alpha1')), [
      'ok',
      'wardle.example.com/v1alpha1 in aggregated discovery, Current, preferred, 2 resource(s)',
      null,
    ]);
    assert.equal(checkDiscovery(surface, 'nothing.example.com', 'v1').message, 'nothing.example.com/v1 is not in /apis');
  });
});

describe('render', () => {
  const result = {
    apiService: 'v1.x.example.com',
    service: 'ns/svc:443',
    status: 'fail' as const,
    checks: [
      { id: 'service' as const, status: 'fail' as const, message: 'service ns/svc not found', evidence: {}, hint: 'create it' },
      { id: 'probe' as const, status: 'ok' as const, message: 'fine', evidence: {}, hint: null },
    ],
  };
  test('checks, hints under their line', () => {
    assert.equal(
      renderChecks(result),
      'APIService v1.x.example.com -> ns/svc:443: fail\n  fail  service  service ns/svc not found\n                 hint: create it\n  ok    probe    fine\n',
    );
  });
  test('summary with the failing ones expanded; one object in JSON when one APIService is named', () => {
    assert.equal(
      renderDoctor([result], { format: 'text' }),
      `APISERVICE         SERVICE      STATUS   CHECKS\nv1.x.example.com   ns/svc:443   fail     1 ok, 1 fail\n\n${renderChecks(result)}`,
    );
    assert.deepEqual(JSON.parse(renderDoctor([result], { format: 'json', target: 'v1.x.example.com' })), result);
    assert.deepEqual(JSON.parse(renderDoctor([result], { format: 'json', target: 'x.example.com' })), { items: [result] });
  });
});

test('text from the server is escaped for the terminal, JSON keeps it exact', () => {
  const hostile = {
    apiService: 'v1.x.example.com',
    status: 'fail' as const,
    checks: [
      { id: 'apiservice' as const, status: 'fail' as const, message: 'Available=False: \u001b]0;pwned\u0007', evidence: {}, hint: 'a\nb' },
    ],
  };
  assert.equal(
    renderChecks(hostile),
    'APIService v1.x.example.com: fail\n  fail  apiservice  Available=False: \\x1b]0;pwned\\a\n                    hint: a\\nb\n',
  );
  assert.equal(
    JSON.parse(renderDoctor([hostile], { format: 'json', target: 'v1.x.example.com' })).checks[0].message,
    'Available=False: \u001b]0;pwned\u0007',
  );
});
