import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundError, UsageError } from '../../src/errors.js';
import type { ApiSurface } from '../../src/surface/model.js';
import { resolveExactName, resolveResource, splitResourceAndFieldPath, suggestResources } from '../../src/surface/resolve.js';
import { captureSurface, withDottedName } from '../support/surfaces.ts';

/** The seed case of the issue: metrics-server's nodes next to the core nodes. */
function withMetricsGroup(surface: ApiSurface): ApiSurface {
  const node = (group: string) => ({
    group,
    version: 'v1beta1',
    name: 'nodes',
    singularName: '',
    kind: 'NodeMetrics',
    namespaced: false,
    verbs: ['get', 'list'],
    shortNames: [],
    categories: [],
    subresources: [],
  });
  const metricsGroup = (name: string) => ({
    name,
    preferredVersion: 'v1beta1',
    versions: [
      { group: name, version: 'v1beta1', freshness: 'Current' as const, resources: [node(name)], servedBy: { type: 'unknown' as const } },
    ],
  });
  return { ...surface, groups: [...surface.groups, metricsGroup('metrics.k8s.io'), metricsGroup('custom.metrics.example.com')] };
}

const surface = captureSurface('kube-v1.36.3');
const gvr = (r: { group: string; version: string; name: string }) => `${r.group}/${r.version}/${r.name}`;

describe('resolveResource on the v1.36.3 discovery', () => {
  const cases: [string, string | undefined, string, string][] = [
    // arg, --api-version, expected group/version/resource, matched by
    ['pods', undefined, '/v1/pods', 'name'],
    ['pod', undefined, '/v1/pods', 'name'],
    ['Pod', undefined, '/v1/pods', 'name'],
    ['PODS', undefined, '/v1/pods', 'name'],
    ['po', undefined, '/v1/pods', 'shortName'],
    ['deploy', undefined, 'apps/v1/deployments', 'shortName'],
    ['Deployment', undefined, 'apps/v1/deployments', 'name'],
    ['deploy.apps', undefined, 'apps/v1/deployments', 'shortName'],
    ['deployments.apps', undefined, 'apps/v1/deployments', 'name'],
    ['ingresses.networking.k8s.io', undefined, 'networking.k8s.io/v1/ingresses', 'name'],
    ['ing', undefined, 'networking.k8s.io/v1/ingresses', 'shortName'],
    // events: core wins over events.k8s.io, as in kubectl
    ['events', undefined, '/v1/events', 'name'],
    ['events.events.k8s.io', undefined, 'events.k8s.io/v1/events', 'name'],
    ['events', 'events.k8s.io/v1', 'events.k8s.io/v1/events', 'name'],
    ['hpa', undefined, 'autoscaling/v2/horizontalpodautoscalers', 'shortName'],
    ['hpa', 'autoscaling/v1', 'autoscaling/v1/horizontalpodautoscalers', 'shortName'],
    ['crontabs', undefined, 'stable.example.com/v1/crontabs', 'name'],
    ['crontabs', 'stable.example.com/v1beta1', 'stable.example.com/v1beta1/crontabs', 'name'],
    ['flunders', undefined, 'wardle.example.com/v1alpha1/flunders', 'name'],
    ['services', 'v1', '/v1/services', 'name'],
    // Every form kubectl's RESTMapper takes (cli-runtime's mappingFor): RESOURCE.VERSION.GROUP, KIND.GROUP, KIND.VERSION.GROUP
    ['deployments.v1.apps', undefined, 'apps/v1/deployments', 'name'],
    ['deployment.v1.apps', undefined, 'apps/v1/deployments', 'name'],
    ['deploy.v1.apps', undefined, 'apps/v1/deployments', 'shortName'],
    ['Deployment.v1.apps', undefined, 'apps/v1/deployments', 'name'],
    ['Deployment.apps', undefined, 'apps/v1/deployments', 'name'],
    ['pods.v1.', undefined, '/v1/pods', 'name'],
    ['horizontalpodautoscalers.v1.autoscaling', undefined, 'autoscaling/v1/horizontalpodautoscalers', 'name'],
    ['hpa.v2.autoscaling', undefined, 'autoscaling/v2/horizontalpodautoscalers', 'shortName'],
    ['HorizontalPodAutoscaler.v1.autoscaling', undefined, 'autoscaling/v1/horizontalpodautoscalers', 'name'],
    ['crontabs.v1beta1.stable.example.com', undefined, 'stable.example.com/v1beta1/crontabs', 'name'],
    ['ct.v1beta1.stable.example.com', undefined, 'stable.example.com/v1beta1/crontabs', 'shortName'],
    ['CronTab.stable.example.com', undefined, 'stable.example.com/v1/crontabs', 'name'],
    ['events.v1.events.k8s.io', undefined, 'events.k8s.io/v1/events', 'name'],
  ];
  for (const [arg, apiVersion, expected, matchedBy] of cases) {
    it(`${arg}${apiVersion ? ` --api-version=${apiVersion}` : ''} -> ${expected}`, () => {
      const resolution = resolveResource(surface, arg, { apiVersion });
      assert.equal(gvr(resolution.resource), expected);
      assert.equal(resolution.matchedBy, matchedBy);
    });
  }

  it('events lists the other group, and is not ambiguous since core wins', () => {
    const resolution = resolveResource(surface, 'events');
    assert.deepEqual(resolution.otherGroups.map(gvr), ['events.k8s.io/v1/events']);
    assert.equal(resolution.ambiguous, false);
  });

  it('nodes: core wins over metrics.k8s.io; two non-core groups are ambiguous', () => {
    const metrics = withMetricsGroup(surface);
    const nodes = resolveResource(metrics, 'nodes');
    assert.equal(gvr(nodes.resource), '/v1/nodes');
    assert.deepEqual(nodes.otherGroups.map(gvr), ['metrics.k8s.io/v1beta1/nodes', 'custom.metrics.example.com/v1beta1/nodes']);
    assert.equal(nodes.ambiguous, false);
    const withoutCore: ApiSurface = { ...metrics, groups: metrics.groups.filter((g) => g.name !== '') };
    const ambiguous = resolveResource(withoutCore, 'nodes');
    assert.equal(gvr(ambiguous.resource), 'metrics.k8s.io/v1beta1/nodes');
    assert.equal(ambiguous.ambiguous, true);
    assert.equal(gvr(resolveResource(metrics, 'nodes.metrics.k8s.io').resource), 'metrics.k8s.io/v1beta1/nodes');
  });

  it('a version the group does not serve is not found, naming what is', () => {
    assert.throws(() => resolveResource(surface, 'deployments.v9.apps'), NotFoundError);
  });

  it('a resource name holding a dot is matched whole by resolveExactName, never split', () => {
    const dotted = withDottedName(surface);
    const resolution = resolveExactName(dotted, 'a.b');
    assert.ok(resolution);
    assert.deepEqual([resolution.resource, ...resolution.otherGroups].map(gvr), ['one.example.com/v1/a.b', 'two.example.com/v1/a.b']);
  });

  it('stale group-versions serve nothing', () => {
    assert.throws(() => resolveResource(surface, 'things.broken.example.com'), NotFoundError);
  });

  const errors: [string, string | undefined, string][] = [
    ['podz', undefined, 'the server doesn\'t have a resource type "podz"; did you mean "pods"?'],
    ['deploymnts', undefined, 'the server doesn\'t have a resource type "deploymnts"; did you mean "deployments"?'],
    ['flunder.apps', undefined, 'the server doesn\'t have a resource type "flunder.apps"'],
    ['zzzzzz', undefined, 'the server doesn\'t have a resource type "zzzzzz"'],
    [
      'crontabs',
      'stable.example.com/v2',
      'the server doesn\'t have a resource type "crontabs" in stable.example.com/v2; crontabs.stable.example.com is served in stable.example.com/v1, stable.example.com/v1beta1',
    ],
  ];
  for (const [arg, apiVersion, message] of errors) {
    it(`${arg} is not found: ${message}`, () => {
      assert.throws(
        () => resolveResource(surface, arg, { apiVersion }),
        (error: unknown) => error instanceof NotFoundError && error.message === message && error.exitCode === 8,
      );
    });
  }

  it('rejects a malformed --api-version', () => {
    assert.throws(() => resolveResource(surface, 'pods', { apiVersion: 'a/b/c' }), UsageError);
  });

  it('suggests qualified names when the bare name would pick another group', () => {
    assert.deepEqual(suggestResources(surface, 'deploymen'), ['deployments']);
    assert.deepEqual(suggestResources(surface, 'crontab.stable'), []);
    assert.deepEqual(suggestResources(surface, 'evnts'), ['events', 'events.events.k8s.io']);
  });
});

describe('splitResourceAndFieldPath', () => {
  const cases: [string, string | undefined, string, string[], string][] = [
    ['pods', undefined, '/v1/pods', [], 'pods'],
    ['pods.spec.containers', undefined, '/v1/pods', ['spec', 'containers'], 'pods'],
    ['pods.spec.', undefined, '/v1/pods', ['spec'], 'pods'],
    [
      'deploy.spec.template.spec.containers.ports',
      undefined,
      'apps/v1/deployments',
      ['spec', 'template', 'spec', 'containers', 'ports'],
      'deploy',
    ],
    ['deploy.apps.spec.strategy', undefined, 'apps/v1/deployments', ['spec', 'strategy'], 'deploy.apps'],
    [
      'ingresses.networking.k8s.io.spec.rules',
      undefined,
      'networking.k8s.io/v1/ingresses',
      ['spec', 'rules'],
      'ingresses.networking.k8s.io',
    ],
    ['ingresses.spec.rules', undefined, 'networking.k8s.io/v1/ingresses', ['spec', 'rules'], 'ingresses'],
    ['events.events.k8s.io.note', undefined, 'events.k8s.io/v1/events', ['note'], 'events.events.k8s.io'],
    // "apps" is a group, but it has no services: the segment is a field
    ['services.apps', undefined, '/v1/services', ['apps'], 'services'],
    ['crontabs.spec', 'stable.example.com/v1beta1', 'stable.example.com/v1beta1/crontabs', ['spec'], 'crontabs'],
    // RESOURCE.VERSION.GROUP, and kinds and short names in it
    ['deployments.v1.apps', undefined, 'apps/v1/deployments', [], 'deployments.v1.apps'],
    ['deployments.v1.apps.spec.replicas', undefined, 'apps/v1/deployments', ['spec', 'replicas'], 'deployments.v1.apps'],
    ['Deployment.v1.apps.spec', undefined, 'apps/v1/deployments', ['spec'], 'Deployment.v1.apps'],
    ['hpa.v1.autoscaling.spec', undefined, 'autoscaling/v1/horizontalpodautoscalers', ['spec'], 'hpa.v1.autoscaling'],
    ['ingresses.v1.networking.k8s.io.spec', undefined, 'networking.k8s.io/v1/ingresses', ['spec'], 'ingresses.v1.networking.k8s.io'],
    [
      'crontabs.v1beta1.stable.example.com.spec',
      undefined,
      'stable.example.com/v1beta1/crontabs',
      ['spec'],
      'crontabs.v1beta1.stable.example.com',
    ],
    ['Deployment.apps.spec', undefined, 'apps/v1/deployments', ['spec'], 'Deployment.apps'],
  ];
  for (const [arg, apiVersion, expected, fieldPath, resourceArg] of cases) {
    it(`${arg} -> ${expected} ${fieldPath.join('.')}`, () => {
      const split = splitResourceAndFieldPath(surface, arg, { apiVersion });
      assert.equal(gvr(split.resource), expected);
      assert.deepEqual(split.fieldPath, fieldPath);
      assert.equal(split.resourceArg, resourceArg);
    });
  }

  it('names only the resource segment when it is unknown', () => {
    assert.throws(
      () => splitResourceAndFieldPath(surface, 'podz.spec.containers'),
      (error: unknown) =>
        error instanceof NotFoundError && error.message === 'the server doesn\'t have a resource type "podz"; did you mean "pods"?',
    );
  });

  it('rejects empty segments', () => {
    assert.throws(() => splitResourceAndFieldPath(surface, 'pods..spec'), UsageError);
    assert.throws(() => splitResourceAndFieldPath(surface, 'pods..'), UsageError);
    assert.throws(() => splitResourceAndFieldPath(surface, '...'), UsageError);
  });

  it('refuses a path of more than 256 segments at once, and splits the longest allowed one fast', () => {
    const long = (count: number) => ['ingresses', ...Array.from({ length: count - 1 }, () => 'spec')].join('.');
    // CPU time, not wall time: the bound is about the work done, and a busy machine stretches wall time.
    const started = process.cpuUsage();
    assert.throws(() => splitResourceAndFieldPath(surface, long(20_001)), /the path has 20001 segments; at most 256/);
    assert.equal(splitResourceAndFieldPath(surface, long(256)).fieldPath.length, 255);
    const used = process.cpuUsage(started);
    const ms = (used.user + used.system) / 1000;
    assert.ok(ms < 200, `took ${ms} ms of CPU`);
  });
});
