import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { groupsFromAggregated } from '../../src/discovery/aggregated.ts';
import type { ApiGroupDiscoveryListDocument } from '../../src/discovery/documents.ts';
import { captureSurface, readJson } from '../support/surfaces.ts';

describe('legacy discovery (k0s v1.21 capture)', () => {
  const surface = captureSurface('k0s-v1.21.0');

  test('groups in server order, core first, with preferred versions', () => {
    assert.deepEqual(
      surface.groups.slice(0, 4).map((group) => [group.name, group.preferredVersion, group.versions.map((v) => v.version)]),
      [
        ['', 'v1', ['v1']],
        ['apiregistration.k8s.io', 'v1', ['v1', 'v1beta1']],
        ['apps', 'v1', ['v1']],
        ['events.k8s.io', 'v1', ['v1', 'v1beta1']],
      ],
    );
    assert.equal(surface.groups.length, 21);
  });

  test('subresources are attached to their resource, not listed as resources', () => {
    const core = surface.groups[0]?.versions[0];
    const pods = core?.resources.find((resource) => resource.name === 'pods');
    assert.deepEqual(
      pods?.subresources.map((sub) => [sub.name, sub.kind, sub.verbs.join(',')]),
      [
        ['attach', 'PodAttachOptions', 'create,get'],
        ['binding', 'Binding', 'create'],
        ['eviction', 'Eviction', 'create'],
        ['exec', 'PodExecOptions', 'create,get'],
        ['log', 'Pod', 'get'],
        ['portforward', 'PodPortForwardOptions', 'create,get'],
        ['proxy', 'PodProxyOptions', 'create,delete,get,patch,update'],
        ['status', 'Pod', 'get,patch,update'],
      ],
    );
    assert.equal(pods?.subresources.find((sub) => sub.name === 'eviction')?.responseKind?.group, 'policy');
    assert.ok(core?.resources.every((resource) => !resource.name.includes('/')));
  });

  test('resources keep short names, categories and scope', () => {
    const apps = surface.groups.find((group) => group.name === 'apps')?.versions[0];
    const deployments = apps?.resources.find((resource) => resource.name === 'deployments');
    assert.deepEqual(
      {
        kind: deployments?.kind,
        namespaced: deployments?.namespaced,
        shortNames: deployments?.shortNames,
        categories: deployments?.categories,
      },
      { kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'] },
    );
  });
});

describe('aggregated discovery v2 (v1.31-era document)', () => {
  test('converts groups, versions and resources', () => {
    const surface = captureSurface('kubernetes-v1.31');
    assert.equal(surface.groups.length, 22);
    const apps = surface.groups.find((group) => group.name === 'apps');
    assert.equal(apps?.preferredVersion, 'v1');
    const deployments = apps?.versions[0]?.resources.find((resource) => resource.name === 'deployments');
    assert.deepEqual(
      { singular: deployments?.singularName, kind: deployments?.kind, subresources: deployments?.subresources.map((sub) => sub.name) },
      { singular: 'deployment', kind: 'Deployment', subresources: ['scale', 'status'] },
    );
    assert.equal(deployments?.subresources[0]?.responseKind?.group, 'autoscaling');
    assert.equal(surface.failures.length, 0);
  });

  test('a stale version is a failure, and not the preferred version', () => {
    const document = readJson<ApiGroupDiscoveryListDocument>('kubernetes-v1.31-dev-aggregated/discovery/aggregated_v2.json');
    const flowcontrol = document.items?.find((item) => item.metadata?.name === 'flowcontrol.apiserver.k8s.io');
    assert.ok(flowcontrol?.versions && flowcontrol.versions.length >= 2);
    const first = flowcontrol.versions[0];
    if (first) first.freshness = 'Stale';
    const converted = groupsFromAggregated({ ...document, items: [flowcontrol] });
    assert.deepEqual(converted.failures, [
      {
        group: 'flowcontrol.apiserver.k8s.io',
        version: first?.version,
        reason: 'stale',
        message: `stale GroupVersion discovery: flowcontrol.apiserver.k8s.io/${first?.version}`,
      },
    ]);
    assert.equal(converted.groups[0]?.preferredVersion, flowcontrol.versions[1]?.version);
  });
});
