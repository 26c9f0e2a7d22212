// kapi uri on the real v1.36.3 control plane capture (test/data/kube-v1.36.3):
// paths built from the discovery model, never from string guesses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import type { Transport } from '../../src/cluster/transport.js';
import { NotFoundError, UsageError } from '../../src/errors.js';
import { readPipeline } from '../../src/pipeline/read.js';
import { renderUri } from '../../src/render/uri.js';
import { resourceUri, type UriRequest } from '../../src/surface/uri.js';
import { captureSurface } from '../support/surfaces.ts';

const surface = captureSurface('kube-v1.36.3');
const request = (resource: string, extra: Partial<UriRequest> = {}): UriRequest => ({
  resource,
  namespace: 'default',
  namespaceExplicit: false,
  allNamespaces: false,
  ...extra,
});

describe('resourceUri', () => {
  const cases: Array<[string, Partial<UriRequest>, string]> = [
    ['services', { name: 'kubernetes' }, '/api/v1/namespaces/default/services/kubernetes'],
    ['svc', { name: 'kubernetes' }, '/api/v1/namespaces/default/services/kubernetes'],
    [
      'pods',
      { name: 'x', namespace: 'kube-system', namespaceExplicit: true, subresource: 'exec' },
      '/api/v1/namespaces/kube-system/pods/x/exec',
    ],
    ['ds', { name: 'kube-proxy', namespace: 'kube-system' }, '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy'],
    ['clusterroles', { name: 'view' }, '/apis/rbac.authorization.k8s.io/v1/clusterroles/view'],
    ['Deployment', { allNamespaces: true }, '/apis/apps/v1/deployments'],
    ['namespaces', { name: 'kube-system', subresource: 'status' }, '/api/v1/namespaces/kube-system/status'],
    // The preferred version: autoscaling serves v2 and v1, v2 is preferred.
    ['hpa', { name: 'web' }, '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web'],
    ['hpa', { name: 'web', apiVersion: 'autoscaling/v1' }, '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web'],
    // A bare "events" is the core group's; qualified, it is events.k8s.io's.
    ['events', {}, '/api/v1/namespaces/default/events'],
    ['events.events.k8s.io', {}, '/apis/events.k8s.io/v1/namespaces/default/events'],
    // CRDs (namespaced and cluster-scoped) and the aggregated wardle API.
    ['ct', { name: 'c1' }, '/apis/stable.example.com/v1/namespaces/default/crontabs/c1'],
    ['dbs', { name: 'd1', subresource: 'scale' }, '/apis/db.example.com/v1/namespaces/default/databases/d1/scale'],
    ['clusterwidgets', { name: 'w' }, '/apis/cluster.example.com/v1alpha1/clusterwidgets/w'],
    ['flunders', { name: 'f', namespace: 'wardle' }, '/apis/wardle.example.com/v1alpha1/namespaces/wardle/flunders/f'],
    ['fischers', {}, '/apis/wardle.example.com/v1alpha1/fischers'],
    // RESOURCE.VERSION.GROUP and KIND.VERSION.GROUP, as kubectl get takes them (issue 21, item 13)
    ['deployments.v1.apps', { name: 'web' }, '/apis/apps/v1/namespaces/default/deployments/web'],
    ['hpa.v1.autoscaling', { name: 'web' }, '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web'],
    ['HorizontalPodAutoscaler.v1.autoscaling', {}, '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers'],
    ['crontabs.v1beta1.stable.example.com', {}, '/apis/stable.example.com/v1beta1/namespaces/default/crontabs'],
    ['Flunder.wardle.example.com', {}, '/apis/wardle.example.com/v1alpha1/namespaces/default/flunders'],
  ];
  for (const [resource, extra, path] of cases) {
    it(`${resource} ${JSON.stringify(extra)} -> ${path}`, () => {
      assert.equal(resourceUri(surface, request(resource, extra)).path, path);
    });
  }

  it('nodes resolve to core even where metrics.k8s.io serves nodes too', () => {
    assert.equal(resourceUri(captureSurface('metrics-server'), request('nodes', { name: 'n1' })).path, '/api/v1/nodes/n1');
    assert.equal(
      resourceUri(captureSurface('metrics-server'), request('nodes.metrics.k8s.io', { name: 'n1' })).path,
      '/apis/metrics.k8s.io/v1beta1/nodes/n1',
    );
  });

  it('notes a namespace given for a cluster-scoped resource', () => {
    const uri = resourceUri(surface, request('clusterroles', { name: 'view', namespace: 'kube-system', namespaceExplicit: true }));
    assert.equal(uri.path, '/apis/rbac.authorization.k8s.io/v1/clusterroles/view');
    assert.deepEqual(uri.notes, ['clusterroles.rbac.authorization.k8s.io is cluster-scoped: the namespace "kube-system" is ignored']);
  });

  it('refuses what has no path', () => {
    assert.throws(() => resourceUri(surface, request('pods', { name: 'x', allNamespaces: true })), UsageError);
    assert.throws(() => resourceUri(surface, request('pods', { subresource: 'log' })), /--subresource log needs a NAME/);
    assert.throws(
      () => resourceUri(surface, request('configmaps', { name: 'c', subresource: 'status' })),
      (error: unknown) =>
        error instanceof NotFoundError && error.message === 'configmaps has no subresource "status": it has no subresources',
    );
    assert.throws(() => resourceUri(surface, request('flunderz')), NotFoundError);
  });
});

describe('renderUri', () => {
  it('--explain labels each segment under it', () => {
    assert.equal(
      renderUri(resourceUri(surface, request('clusterroles', { name: 'view' })), 'explain'),
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/view\n' +
        '      group                     version         name\n' +
        '                                   resource\n',
    );
    assert.equal(
      renderUri(resourceUri(surface, request('pods', { name: 'x', namespace: 'kube-system', subresource: 'exec' })), 'explain'),
      '/api/v1/namespaces/kube-system/pods/x/exec\n' +
        '     version       namespace   resource\n' +
        '                                    name\n' +
        '                                      subresource\n',
    );
  });

  it('--explain keeps a label longer than its segment on its segment, on a line below (issue 21, item 22)', () => {
    const wardle = captureSurface('kube-v1.36.3');
    assert.equal(
      renderUri(resourceUri(wardle, request('flunders', { name: 'x', namespace: 'wardle', namespaceExplicit: true })), 'explain'),
      '/apis/wardle.example.com/v1alpha1/namespaces/wardle/flunders/x\n' +
        '      group              version             namespace       name\n' +
        '                                                    resource\n',
    );
  });

  it('-o json gives the segments', () => {
    assert.deepEqual(JSON.parse(renderUri(resourceUri(surface, request('ds', { name: 'kube-proxy', namespace: 'kube-system' })), 'json')), {
      path: '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy',
      segments: [
        { text: 'apis', role: 'root' },
        { text: 'apps', role: 'group' },
        { text: 'v1', role: 'version' },
        { text: 'namespaces', role: 'namespaces' },
        { text: 'kube-system', role: 'namespace' },
        { text: 'daemonsets', role: 'resource' },
        { text: 'kube-proxy', role: 'name' },
      ],
      group: 'apps',
      version: 'v1',
      resource: 'daemonsets',
      kind: 'DaemonSet',
      namespaced: true,
      namespace: 'kube-system',
      name: 'kube-proxy',
      subresource: null,
      notes: [],
    });
  });
});

describe('an unknown --subresource (uri and pipeline)', () => {
  const unknown = (error: unknown) =>
    error instanceof NotFoundError &&
    error.message ===
      'pods has no subresource "bogus": it has attach, binding, ephemeralcontainers, eviction, exec, log, portforward, proxy, resize, status';

  it('is not found, with the subresources the resource has, in uri and pipeline alike', async () => {
    assert.throws(() => resourceUri(surface, request('pods', { name: 'p', subresource: 'bogus' })), unknown);
    // pipeline refuses it before any request: a transport that is used fails the test.
    const transport = new Proxy({} as Transport, {
      get: () => assert.fail('pipeline sent a request for an unknown subresource'),
    });
    await assert.rejects(
      readPipeline(transport, surface, {
        verb: 'create',
        resource: 'pods',
        subresource: 'bogus',
        namespace: 'default',
        clock: { now: new Date(), warnDays: 30 },
      }),
      unknown,
    );
  });
});

describe('uri -o yaml', () => {
  it('is the JSON document in YAML, as every other command offers both', () => {
    const uri = resourceUri(surface, request('deployments', { name: 'web' }));
    assert.deepEqual(parseYaml(renderUri(uri, 'yaml')), JSON.parse(renderUri(uri, 'json')));
  });
});
