// The doctor's reads are checked for shape where they enter: a document of the
// wrong shape is a warn check naming the bad field, never a crash. A fake
// transport answers from the captured documents (test/data/doctor-v1.36.3),
// with one document made hostile per case.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HttpResponse, Transport } from '../../src/cluster/transport.ts';
import { runDoctor } from '../../src/doctor/doctor.ts';
import {
  configMapSchema,
  endpointSliceListSchema,
  podListSchema,
  serviceSchema,
  subjectAccessReviewSchema,
} from '../../src/doctor/documents.ts';
import type { DoctorResult } from '../../src/doctor/model.ts';
import { checked } from '../../src/doctor/readable.ts';
import { KapiError } from '../../src/errors.ts';
import { captureSurface, readJson } from '../support/surfaces.ts';

type Json = Record<string, unknown>;
const data = (name: string) => structuredClone(readJson<Json>(`doctor-v1.36.3/${name}`));
const items = (name: string) => (data(name) as { items: Json[] }).items;
const surface = captureSurface('kube-v1.36.3');
const clock = { now: new Date('2026-11-24T12:00:00Z'), warnDays: 7 };

/** What the fake server answers: every document, each one replaceable by a case. */
interface Documents {
  apiServices: unknown;
  configMap: unknown;
  services: Json[];
  slices: unknown;
  pods: unknown;
  review: unknown;
  /** Raw bodies by path, for answers that are not JSON. */
  raw?: Record<string, string>;
}

function documents(): Documents {
  return {
    apiServices: data('apiservices.json'),
    configMap: data('extension-apiserver-authentication.json'),
    services: items('services.json'),
    slices: data('endpointslices.json'),
    pods: data('pods.json'),
    review: { status: { allowed: true } },
  };
}

function fakeTransport(docs: Documents): Transport {
  const answer = (path: string, status: number, body: unknown): HttpResponse => ({
    url: `https://127.0.0.1:6443${path}`,
    status,
    statusText: status === 200 ? 'OK' : 'Not Found',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const get = async (path: string): Promise<HttpResponse> => {
    const raw = docs.raw?.[path];
    if (raw !== undefined) return answer(path, 200, raw);
    if (path === '/apis/apiregistration.k8s.io/v1/apiservices') return answer(path, 200, docs.apiServices);
    if (path === '/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication') return answer(path, 200, docs.configMap);
    const service = /^\/api\/v1\/namespaces\/wardle\/services\/([^/?]+)$/.exec(path);
    if (service) {
      const found = docs.services.find((candidate) => (candidate.metadata as Json).name === service[1]);
      return found ? answer(path, 200, found) : answer(path, 404, { kind: 'Status', message: `services "${service[1]}" not found` });
    }
    if (path.startsWith('/apis/discovery.k8s.io/v1/namespaces/wardle/endpointslices?')) {
      // Filtered by kubernetes.io/service-name as the server does; a hostile list is answered as it is.
      const name = decodeURIComponent(path).split('kubernetes.io/service-name=')[1];
      const list = docs.slices as { items?: unknown };
      if (!Array.isArray(list.items)) return answer(path, 200, list);
      const own = (list.items as Json[]).filter(
        (slice) => ((slice.metadata as Json).labels as Json)?.['kubernetes.io/service-name'] === name,
      );
      return answer(path, 200, { ...list, items: own });
    }
    if (path.startsWith('/api/v1/namespaces/wardle/pods?')) return answer(path, 200, docs.pods);
    return answer(path, 200, {});
  };
  const post = async (path: string): Promise<HttpResponse> => answer(path, 201, docs.review);
  return { get, post } as unknown as Transport;
}

async function doctor(docs: Documents, target?: string): Promise<DoctorResult[]> {
  return runDoctor({ transport: fakeTransport(docs), surface }, { target, clock });
}

function checkOf(results: DoctorResult[], apiService: string, id: string): [string, string] {
  const found = results.find((result) => result.apiService === apiService)?.checks.find((check) => check.id === id);
  assert.ok(found, `${apiService} ${id}`);
  return [found.status, found.message];
}

describe('the doctor on documents of the wrong shape', () => {
  test('the captured documents pass their schemas', () => {
    const docs = documents();
    for (const [schema, name, document] of [
      [configMapSchema, 'ConfigMap', docs.configMap],
      [endpointSliceListSchema, 'EndpointSliceList', docs.slices],
      [podListSchema, 'PodList', docs.pods],
      [subjectAccessReviewSchema, 'SubjectAccessReview', data('sar-apiserver.json')[0 as unknown as string]],
      ...docs.services.map((service) => [serviceSchema, 'Service', service] as const),
    ] as const) {
      assert.equal(checked({ schema, name }, document).kind, 'ok', name);
    }
  });

  test('as captured: no check is a "cannot check: ... invalid"', async () => {
    const results = await doctor(documents());
    assert.equal(results.length, 8);
    assert.deepEqual(
      results.flatMap((result) => result.checks).filter((check) => check.message.includes('invalid')),
      [],
    );
  });

  test('a Service port that is a string: the service and endpoints checks warn, naming the field', async () => {
    const docs = documents();
    const service = docs.services.find((candidate) => (candidate.metadata as Json).name === 'no-endpoints') as Json;
    ((service.spec as Json).ports as Json[])[0] = { name: 'https', port: '443' };
    const results = await doctor(docs, 'v1.noendpoints.example.com');
    const why = 'cannot check: get service wardle/no-endpoints: invalid Service: .spec.ports[0].port: expected number, got string';
    assert.deepEqual(checkOf(results, 'v1.noendpoints.example.com', 'service'), ['warn', why]);
    assert.deepEqual(checkOf(results, 'v1.noendpoints.example.com', 'endpoints'), ['warn', why]);
  });

  test('a Service answered with HTML: invalid, not JSON', async () => {
    const docs = documents();
    docs.raw = { '/api/v1/namespaces/wardle/services/not-ready': '<html>proxy error</html>' };
    const [status, message] = checkOf(await doctor(docs, 'v1.notready.example.com'), 'v1.notready.example.com', 'service');
    assert.equal(status, 'warn');
    assert.match(message, /^cannot check: get service wardle\/not-ready: invalid Service: not JSON \(Unexpected token/);
  });

  test('an EndpointSlice whose addresses are null', async () => {
    const docs = documents();
    const slices = docs.slices as { items: Json[] };
    (slices.items[0]?.endpoints as Json[])[0] = { addresses: null, conditions: { ready: true } };
    assert.deepEqual(checkOf(await doctor(docs, 'v1.notready.example.com'), 'v1.notready.example.com', 'endpoints'), [
      'warn',
      'cannot check: list endpointslices in wardle: invalid EndpointSliceList: .items[0].endpoints[0].addresses: expected array, got null; no selector',
    ]);
  });

  test('a pod whose restartCount is a string: the pods part warns', async () => {
    const docs = documents();
    const pod = (docs.pods as { items: Json[] }).items[0] as Json;
    pod.status = { phase: 'Running', containerStatuses: [{ name: 'server', ready: true, restartCount: '3' }] };
    const [status, message] = checkOf(await doctor(docs, 'v1.noendpoints.example.com'), 'v1.noendpoints.example.com', 'endpoints');
    assert.equal(status, 'fail');
    assert.equal(
      message,
      'no EndpointSlices for service wardle/no-endpoints; pods: cannot check: list pods in wardle: invalid PodList: .items[0].status.containerStatuses[0].restartCount: expected number, got string',
    );
  });

  test('a ConfigMap whose data holds a number', async () => {
    const docs = documents();
    ((docs.configMap as Json).data as Json)['requestheader-allowed-names'] = 42;
    assert.deepEqual(checkOf(await doctor(docs, 'v1.broken.example.com'), 'v1.broken.example.com', 'aggregation-layer'), [
      'warn',
      'cannot check: get configmap kube-system/extension-apiserver-authentication: invalid ConfigMap: .data.requestheader-allowed-names: expected string, got number',
    ]);
  });

  test('a SubjectAccessReview answer whose allowed is a string', async () => {
    const docs = documents();
    docs.review = { status: { allowed: 'yes' } };
    assert.deepEqual(checkOf(await doctor(docs, 'v1.noendpoints.example.com'), 'v1.noendpoints.example.com', 'permissions'), [
      'warn',
      'cannot check: create subjectaccessreviews: invalid SubjectAccessReview: .status.allowed: expected boolean, got string',
    ]);
  });

  test('one APIService of the wrong shape: its own checks warn, the others run', async () => {
    const docs = documents();
    const list = docs.apiServices as { items: Json[] };
    const bad = list.items.find((item) => (item.metadata as Json).name === 'v1.broken.example.com') as Json;
    (bad.spec as Json).service = { namespace: 'wardle', name: 'missing', port: '443' };
    list.items.push({ metadata: { name: 7 }, spec: null });
    const results = await doctor(docs);
    assert.deepEqual(
      results.map((result) => result.apiService),
      [
        'items[33]',
        'v1.badca.example.com',
        'v1.broken.example.com',
        'v1.expiredca.example.com',
        'v1.noendpoints.example.com',
        'v1.notready.example.com',
        'v1.wrongname.example.com',
        'v1alpha1.wardle.example.com',
        'v1beta1.wardle.example.com',
      ],
    );
    assert.deepEqual(checkOf(results, 'v1beta1.wardle.example.com', 'apiservice')[0], 'ok');
    assert.deepEqual(checkOf(results, 'v1.broken.example.com', 'apiservice'), [
      'warn',
      'cannot check: get apiservice v1.broken.example.com: invalid APIService: .spec.service.port: expected number, got string',
    ]);
    assert.deepEqual(checkOf(results, 'items[33]', 'apiservice'), [
      'warn',
      'cannot check: get apiservice items[33]: invalid APIService: .metadata.name: expected string, got number',
    ]);
  });

  test('an APIService list that is not a list: a server error (exit 7) without a target, a named check with one', async () => {
    const docs = documents();
    docs.apiServices = { items: { oops: true } };
    await assert.rejects(
      doctor(docs),
      (error: unknown) =>
        error instanceof KapiError &&
        error.exitCode === 7 &&
        error.message === 'failed to list apiservices: invalid APIServiceList: .items: expected array, got object',
    );
    assert.deepEqual(checkOf(await doctor(docs, 'v1.broken.example.com'), 'v1.broken.example.com', 'apiservice'), [
      'warn',
      'cannot check: get apiservice v1.broken.example.com: invalid APIServiceList: .items: expected array, got object',
    ]);
  });
});
