// The model's small words, table-driven.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiServiceInfo } from '../../src/surface/model.js';
import {
  availableCell,
  availableText,
  compareBytes,
  findApiService,
  groupVersionPath,
  groupVersionString,
  parseGroupVersion,
  qualifiedName,
  resourceVersionPath,
  servedByLabel,
  serviceText,
} from '../../src/surface/vocabulary.js';

describe('group-versions', () => {
  const cases: Array<[string, string, string, string]> = [
    ['', 'v1', 'v1', '/api/v1'],
    ['apps', 'v1', 'apps/v1', '/apis/apps/v1'],
    ['metrics.k8s.io', 'v1beta1', 'metrics.k8s.io/v1beta1', '/apis/metrics.k8s.io/v1beta1'],
  ];
  for (const [group, version, text, path] of cases) {
    it(`${text}`, () => {
      assert.equal(groupVersionString(group, version), text);
      assert.deepEqual(parseGroupVersion(text), { group, version });
      assert.equal(groupVersionPath(group, version), path);
    });
  }
});

describe('names and labels', () => {
  it('qualifiedName', () => {
    assert.equal(qualifiedName('pods', ''), 'pods');
    assert.equal(qualifiedName('deployments', 'apps'), 'deployments.apps');
  });
  it('resourceVersionPath', () => {
    assert.equal(resourceVersionPath('', 'v1', 'pods'), 'v1/pods');
    assert.equal(resourceVersionPath('apps', 'v1', 'deployments'), 'apps/v1/deployments');
    assert.equal(resourceVersionPath('', 'v1', 'pods/exec'), 'v1/pods/exec');
  });
  it('servedByLabel', () => {
    assert.equal(servedByLabel({ type: 'local' }), 'Local');
    assert.equal(servedByLabel({ type: 'crd', crds: ['a.b'] }), 'CRD');
    assert.equal(
      servedByLabel({ type: 'aggregated', apiService: 'v1.x', service: { namespace: 'n', name: 's', port: 443 } }),
      'Aggregated',
    );
    assert.equal(servedByLabel({ type: 'unknown' }), 'Unknown');
  });
  it('serviceText', () =>
    assert.equal(serviceText({ namespace: 'kube-system', name: 'metrics-server', port: 443 }), 'kube-system/metrics-server:443'));
});

describe('compareBytes: Go byte order, not locale order', () => {
  it('sorts upper case before lower case and "-" before "."', () => {
    assert.deepEqual(['b', 'B', 'a.c', 'a-c', 'a'].sort(compareBytes), ['B', 'a', 'a-c', 'a.c', 'b']);
  });
});

describe('the Available condition', () => {
  const cases: Array<[string, Parameters<typeof availableText>[0], string, string, string]> = [
    ['True without a reason', { status: 'True' }, 'True', 'True', 'True'],
    [
      'True with a reason',
      { status: 'True', reason: 'Passed', message: 'all checks passed' },
      'True (Passed)',
      'True (Passed): all checks passed',
      'True',
    ],
    [
      'False with reason and message',
      { status: 'False', reason: 'FailedDiscoveryCheck', message: 'failing or missing response' },
      'False (FailedDiscoveryCheck)',
      'False (FailedDiscoveryCheck): failing or missing response',
      'False (FailedDiscoveryCheck)',
    ],
    ['Unknown with nulls', { status: 'Unknown', reason: null, message: null }, 'Unknown', 'Unknown', 'Unknown'],
  ];
  for (const [what, condition, text, withMessage, cell] of cases) {
    it(what, () => {
      assert.equal(availableText(condition), text);
      assert.equal(availableText(condition, { message: true }), withMessage);
      assert.equal(availableCell(condition, '-'), cell);
    });
  }
  it("a missing condition prints the caller's word", () => {
    assert.equal(availableCell(undefined, 'Unknown'), 'Unknown');
    assert.equal(availableCell(null, '-'), '-');
  });
});

describe('findApiService', () => {
  const apiService = (group: string, version: string): ApiServiceInfo => ({
    name: `${version}.${group}`,
    group,
    version,
    groupPriorityMinimum: 100,
    versionPriority: 10,
    insecureSkipTLSVerify: false,
    caBundleSet: false,
  });
  const list = [apiService('apps', 'v1'), apiService('wardle.example.com', 'v1alpha1')];
  it('by group and version', () => {
    assert.equal(findApiService(list, 'wardle.example.com', 'v1alpha1')?.name, 'v1alpha1.wardle.example.com');
    assert.equal(findApiService(list, 'wardle.example.com', 'v1beta1'), undefined);
    assert.equal(findApiService(undefined, 'apps', 'v1'), undefined);
  });
});
