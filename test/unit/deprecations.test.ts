// Deprecation evidence from the server: the metric, the Warning header, CRD
// versions; on documents captured from the v1.36.3 control plane.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { probeTargets, requestedFindings, warningFindings } from '../../src/deprecations/findings.ts';
import { requestedDeprecatedApis } from '../../src/deprecations/metrics.ts';
import { deprecationWarnings } from '../../src/deprecations/warning-header.ts';
import type { CustomResourceDefinitionDocument } from '../../src/discovery/documents.ts';
import { crdFromDocument } from '../../src/discovery/served-by.ts';
import { auditSurface } from '../../src/surface/audit.ts';
import { captureSurface, dataDir, readJson } from '../support/surfaces.ts';

describe('apiserver_requested_deprecated_apis', () => {
  test('from a real /metrics excerpt (five families around it)', () => {
    const text = readFileSync(`${dataDir}doctor-v1.36.3/metrics-excerpt.txt`, 'utf8');
    assert.deepEqual(requestedDeprecatedApis(text), [
      { group: 'deprecated.example.com', version: 'v1alpha1', resource: 'gadgets', subresource: '', removedRelease: '' },
      { group: 'deprecated.example.com', version: 'v1beta1', resource: 'gadgets', subresource: '', removedRelease: '' },
    ]);
  });
  test('a built-in API with its removal release, a subresource, escaped labels; nothing when absent', () => {
    const text = [
      '# HELP apiserver_requested_deprecated_apis [STABLE] Gauge of deprecated APIs that have been requested.',
      '# TYPE apiserver_requested_deprecated_apis gauge',
      'apiserver_requested_deprecated_apis{group="policy",removed_release="1.25",resource="podsecuritypolicies",subresource="",version="v1beta1"} 1',
      'apiserver_requested_deprecated_apis{group="x\\"y",removed_release="",resource="things",subresource="status",version="v1"} 1',
      '# HELP other_total x',
      '# TYPE other_total counter',
      'other_total 3',
    ].join('\n');
    const apis = requestedDeprecatedApis(text);
    assert.deepEqual(apis[1], { group: 'x"y', version: 'v1', resource: 'things', subresource: 'status', removedRelease: '' });
    assert.deepEqual(requestedFindings(apis), [
      {
        severity: 'warning',
        check: 'deprecated-api-requested',
        object: { kind: 'Resource', name: 'policy/v1beta1/podsecuritypolicies' },
        message: 'clients requested this deprecated API since kube-apiserver started, removed in 1.25',
        source: 'metrics',
      },
      {
        severity: 'warning',
        check: 'deprecated-api-requested',
        object: { kind: 'Resource', name: 'x"y/v1/things/status' },
        message: 'clients requested this deprecated API since kube-apiserver started, no removal release set',
        source: 'metrics',
      },
    ]);
    assert.deepEqual(requestedDeprecatedApis('# HELP other_total x\nother_total 3\n'), []);
  });
});

describe('Warning headers', () => {
  const table: Array<[string | undefined, string[]]> = [
    [
      '299 - "deprecated.example.com/v1beta1 Gadget is deprecated; use deprecated.example.com/v1"',
      ['deprecated.example.com/v1beta1 Gadget is deprecated; use deprecated.example.com/v1'],
    ],
    ['299 - "a, b", 299 - "say \\"c\\""', ['a, b', 'say "c"']],
    ['199 - "misc"', []],
    [undefined, []],
  ];
  for (const [header, expected] of table) test(String(header), () => assert.deepEqual(deprecationWarnings(header), expected));
  test('findings', () => {
    assert.deepEqual(warningFindings([{ group: 'wardle.example.com', version: 'v1alpha1', resource: 'flunders', warnings: ['old'] }]), [
      {
        severity: 'warning',
        check: 'deprecated-api-warning',
        object: { kind: 'Resource', name: 'wardle.example.com/v1alpha1/flunders' },
        message: 'the server warns: "old"',
        source: 'warning-header',
      },
    ]);
  });
});

describe('CRD versions marked deprecated', () => {
  const crd = crdFromDocument(readJson<CustomResourceDefinitionDocument>('doctor-v1.36.3/crd-gadgets.json'));
  test('crdFromDocument keeps the deprecated versions and their warnings', () => {
    assert.deepEqual(crd.deprecatedVersions, [
      { version: 'v1beta1', warning: 'deprecated.example.com/v1beta1 Gadget is deprecated; use deprecated.example.com/v1' },
      { version: 'v1alpha1' },
    ]);
  });
  test('audit reports them with source crd', () => {
    const surface = { ...captureSurface('kube-v1.36.3'), crds: [crd] };
    const findings = auditSurface(surface).filter((f) => f.source === 'crd');
    assert.deepEqual(findings, [
      {
        severity: 'warning',
        check: 'deprecated-crd-version',
        object: { kind: 'Resource', name: 'deprecated.example.com/v1alpha1/gadgets' },
        message: 'CRD gadgets.deprecated.example.com marks v1alpha1 deprecated',
        source: 'crd',
      },
      {
        severity: 'warning',
        check: 'deprecated-crd-version',
        object: { kind: 'Resource', name: 'deprecated.example.com/v1beta1/gadgets' },
        message:
          'CRD gadgets.deprecated.example.com marks v1beta1 deprecated: "deprecated.example.com/v1beta1 Gadget is deprecated; use deprecated.example.com/v1"',
        source: 'crd',
      },
    ]);
  });
});

test('--probe-deprecated lists the resources of served, current, non-preferred versions', () => {
  assert.deepEqual(probeTargets(captureSurface('kube-v1.36.3')), [
    { group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers' },
    { group: 'stable.example.com', version: 'v1beta1', resource: 'crontabs' },
  ]);
});
