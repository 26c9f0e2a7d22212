import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detail, renderDiff, summaryLine } from '../../src/render/diff.ts';
import { type DiffChange, diffSurfaces } from '../../src/surface/diff.ts';
import type { ApiSurface } from '../../src/surface/model.ts';
import { captureSurface } from '../support/surfaces.ts';

const labels = { from: 'a', to: 'b' };

/** One line per change, as the text format's marker, object, group-version, name and detail. */
function lines(changes: DiffChange[]): string[] {
  const marker = { added: '+', removed: '-', changed: '~' };
  return changes.map((c) => `${marker[c.change]} ${c.object} ${c.groupVersion}${c.name ? ` ${c.name}` : ''}: ${detail(c)}`.trimEnd());
}

function edit(mutate: (surface: ApiSurface) => void): ApiSurface {
  const surface = structuredClone(captureSurface('kube-v1.36.3'));
  mutate(surface);
  return surface;
}

function version(surface: ApiSurface, group: string, name: string) {
  const found = surface.groups.find((g) => g.name === group)?.versions.find((v) => v.version === name);
  assert.ok(found, `${group}/${name}`);
  return found;
}

describe('diffSurfaces on the real v1.36.3 capture', () => {
  test('legacy and aggregated discovery of the same server do not differ', () => {
    const diff = diffSurfaces(
      captureSurface('kube-v1.36.3', { discovery: 'legacy' }),
      captureSurface('kube-v1.36.3', { discovery: 'aggregated' }),
      labels,
    );
    assert.deepEqual(diff.changes, []);
    assert.deepEqual(diff.notes, []);
    assert.equal(diff.summary.total, 0);
    assert.deepEqual(diff.from, { label: 'a', kind: 'snapshot', serverVersion: 'v1.36.3', discovery: 'legacy' });
  });

  const cases: Array<{ name: string; mutate: (surface: ApiSurface) => void; expected: string[] }> = [
    {
      name: 'an aggregated API moved in-tree: served-by changes',
      mutate: (s) => {
        version(s, 'wardle.example.com', 'v1alpha1').servedBy = { type: 'local' };
      },
      expected: ['~ served-by wardle.example.com/v1alpha1: servedBy: Aggregated (wardle/api:39043) -> Local'],
    },
    {
      name: 'the broken APIService recovers: availability and discovery state change',
      mutate: (s) => {
        const broken = s.apiServices?.find((a) => a.name === 'v1.broken.example.com');
        assert.ok(broken?.available);
        broken.available = { status: 'True', reason: 'Passed', message: 'all checks passed' };
        version(s, 'broken.example.com', 'v1').freshness = 'Current';
        s.failures = [];
      },
      expected: [
        '~ group-version broken.example.com/v1: freshness: Stale -> Current',
        '~ apiservice broken.example.com/v1 v1.broken.example.com: available: False (ServiceNotFound): service/missing in "wardle" is not present -> True (Passed)',
      ],
    },
    {
      name: 'resource attributes: kind, scope, verbs, short names, categories, subresources (lists as sets)',
      mutate: (s) => {
        const deployments = version(s, 'apps', 'v1').resources.find((r) => r.name === 'deployments');
        assert.ok(deployments);
        deployments.kind = 'Deployment2';
        deployments.namespaced = false;
        deployments.verbs = [...deployments.verbs.filter((v) => v !== 'deletecollection'), 'proxy'].reverse();
        deployments.shortNames = ['dep'];
        deployments.categories = [];
        deployments.subresources = deployments.subresources.filter((sub) => sub.name !== 'scale');
        const pods = version(s, '', 'v1').resources.find((r) => r.name === 'pods');
        assert.ok(pods);
        pods.verbs = [...pods.verbs].reverse();
      },
      expected: [
        '~ resource apps/v1 deployments: kind: Deployment -> Deployment2; scope: Namespaced -> Cluster; verbs: +proxy -deletecollection; shortNames: +dep -deploy; categories: -all; subresources: -scale',
      ],
    },
    {
      name: 'resources and group-versions added and removed; preferred version changed',
      mutate: (s) => {
        const autoscaling = s.groups.find((g) => g.name === 'autoscaling');
        assert.ok(autoscaling);
        autoscaling.preferredVersion = 'v1';
        autoscaling.versions = autoscaling.versions.filter((v) => v.version !== 'v2');
        const core = version(s, '', 'v1');
        core.resources = core.resources.filter((r) => r.name !== 'bindings');
      },
      expected: [
        '+ resource v1 bindings:',
        '~ preferred-version autoscaling: preferredVersion: v1 -> v2',
        '+ group-version autoscaling/v2: 1 resource: horizontalpodautoscalers',
      ],
    },
  ];
  for (const { name, mutate, expected } of cases) {
    test(name, () => {
      const before = name.startsWith('resources and') ? edit(mutate) : captureSurface('kube-v1.36.3');
      const after = name.startsWith('resources and') ? captureSurface('kube-v1.36.3') : edit(mutate);
      assert.deepEqual(lines(diffSurfaces(before, after, labels).changes), expected);
    });
  }

  test('the order does not depend on server order', () => {
    const reversed = edit((s) => {
      s.groups.reverse();
      for (const group of s.groups) for (const v of group.versions) v.resources.reverse();
    });
    const k0s = captureSurface('k0s-v1.21.0');
    assert.deepEqual(diffSurfaces(k0s, reversed, labels).changes, diffSurfaces(k0s, captureSurface('kube-v1.36.3'), labels).changes);
  });
});

describe('diffSurfaces between releases: k0s v1.21 (legacy) and v1.36.3 (aggregated)', () => {
  const diff = diffSurfaces(captureSurface('k0s-v1.21.0'), captureSurface('kube-v1.36.3'), { from: 'k0s', to: 'v1.36.3' });

  test('summary', () => {
    assert.deepEqual(diff.summary, {
      groupVersionsAdded: 9,
      groupVersionsRemoved: 20,
      groupVersionsChanged: 0,
      resourcesAdded: 9,
      resourcesRemoved: 0,
      resourcesChanged: 2,
      preferredVersionsChanged: 2,
      servedByChanged: 0,
      apiServicesChanged: 0,
      total: 42,
    });
    assert.equal(
      summaryLine(diff.summary),
      '42 differences: 9 group-versions added, 20 group-versions removed, 9 resources added, 2 resources changed, 2 preferred versions changed',
    );
  });

  test('served-by and APIServices are skipped, with notes, when one side does not know them', () => {
    assert.deepEqual(diff.notes, [
      'served-by not compared: it is unknown in k0s',
      'APIService availability not compared: APIServices are unknown in k0s',
    ]);
  });

  test('changes, by group then version', () => {
    const picked = lines(diff.changes).filter((line) => /( v1 | batch| autoscaling| extensions| broken)/.test(line));
    assert.deepEqual(picked, [
      '~ resource v1 pods: subresources: +ephemeralcontainers +resize',
      '~ resource v1 services: verbs: +deletecollection',
      '~ preferred-version autoscaling: preferredVersion: v1 -> v2',
      '+ group-version autoscaling/v2: 1 resource: horizontalpodautoscalers',
      '- group-version autoscaling/v2beta1: 1 resource: horizontalpodautoscalers',
      '- group-version autoscaling/v2beta2: 1 resource: horizontalpodautoscalers',
      '- group-version batch/v1beta1: 1 resource: cronjobs',
      '+ group-version broken.example.com/v1: 0 resources; discovery: Stale',
      '- group-version extensions/v1beta1: 1 resource: ingresses',
    ]);
  });

  test('the JSON shape keeps every field', () => {
    const removed = diff.changes.find((c) => c.groupVersion === 'batch/v1beta1');
    assert.deepEqual(removed, {
      change: 'removed',
      object: 'group-version',
      group: 'batch',
      version: 'v1beta1',
      groupVersion: 'batch/v1beta1',
      name: null,
      resources: ['cronjobs'],
      fields: [],
    });
    const services = diff.changes.find((c) => c.name === 'services');
    assert.deepEqual(services?.fields, [
      {
        field: 'verbs',
        from: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
        to: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        added: ['deletecollection'],
        removed: [],
      },
    ]);
    assert.deepEqual(Object.keys(JSON.parse(renderDiff(diff, { format: 'json' }))), [
      'apiVersion',
      'kind',
      'from',
      'to',
      'summary',
      'changes',
      'notes',
    ]);
  });

  test('text: markers outside the table, colour only when asked', () => {
    const text = renderDiff(diff, { format: 'text' });
    const first = text.split('\n').slice(0, 3);
    assert.deepEqual(first, [
      '  OBJECT          GROUP-VERSION                          NAME                                CHANGE',
      '~ resource        v1                                     pods                                subresources: +ephemeralcontainers +resize',
      '~ resource        v1                                     services                            verbs: +deletecollection',
    ]);
    assert.doesNotMatch(text, /\u001b/);
    assert.match(renderDiff(diff, { format: 'text', color: true }), /\u001b\[33m~ resource/);
    assert.equal(renderDiff(diffSurfaces(captureSurface('k0s-v1.21.0'), captureSurface('k0s-v1.21.0'), labels), { format: 'text' }), '');
  });
});
