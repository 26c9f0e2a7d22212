import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadLifecycle } from '../../src/releases/lifecycle.ts';
import { renderAudit, summaryLine } from '../../src/render/audit.ts';
import { auditReport, auditSurface, type FailOn, type Finding, fails } from '../../src/surface/audit.ts';
import type { ApiSurface } from '../../src/surface/model.ts';
import { captureSurface } from '../support/surfaces.ts';

function short(findings: Finding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.check} ${f.object.kind}/${f.object.name}`);
}

function k0sWithVersion(): ApiSurface {
  return { ...captureSurface('k0s-v1.21.0'), serverVersion: { major: '1', minor: '21+', gitVersion: 'v1.21.0-k0s1' } };
}

describe('auditSurface on the real v1.36.3 capture (broken APIService, wardle, CRDs)', () => {
  const findings = auditSurface(captureSurface('kube-v1.36.3'));

  test('findings, sorted by severity, check and object', () => {
    assert.deepEqual(short(findings), [
      'error apiservice-unavailable APIService/v1.broken.example.com',
      'error group-version-stale GroupVersion/broken.example.com/v1',
      'warning apiservice-insecure-tls APIService/v1.broken.example.com',
      'warning apiservice-insecure-tls APIService/v1alpha1.wardle.example.com',
      'warning prerelease-version GroupVersion/stable.example.com/v1beta1',
      'info resource-name-conflict Resource/events',
    ]);
  });

  test('messages name the reason', () => {
    assert.deepEqual(
      findings.map((f) => f.message),
      [
        'Available=False (ServiceNotFound): service/missing in "wardle" is not present',
        'stale in aggregated discovery: its API server is unavailable; APIService v1.broken.example.com is Available=False (ServiceNotFound)',
        'insecureSkipTLSVerify is true: the aggregator proxies to wardle/missing without verifying its certificate; set caBundle instead',
        'insecureSkipTLSVerify is true: the aggregator proxies to wardle/api without verifying its certificate; set caBundle instead',
        'pre-GA version still served while stable.example.com/v1 is GA and serves crontabs: move clients and stored objects to it',
        'served by v1 (Local), events.k8s.io/v1 (Local); the bare name means events (the core group comes first)',
      ],
    );
  });

  test('legacy discovery: the 503 is a discovery failure', () => {
    assert.deepEqual(short(auditSurface(captureSurface('kube-v1.36.3', { discovery: 'legacy' }))).slice(0, 2), [
      'error apiservice-unavailable APIService/v1.broken.example.com',
      'error discovery-failed GroupVersion/broken.example.com/v1',
    ]);
  });

  test('a CRD or aggregated group sharing a built-in name is a warning', () => {
    const surface = structuredClone(captureSurface('kube-v1.36.3'));
    const wardle = surface.groups.find((g) => g.name === 'wardle.example.com')?.versions[0];
    assert.ok(wardle);
    wardle.resources.push({ ...(wardle.resources[0] as (typeof wardle.resources)[number]), name: 'nodes', kind: 'NodeMetrics' });
    const conflict = auditSurface(surface).find((f) => f.object.name === 'nodes');
    assert.deepEqual(conflict, {
      severity: 'warning',
      check: 'resource-name-conflict',
      object: { kind: 'Resource', name: 'nodes' },
      message: 'served by v1 (Local), wardle.example.com/v1alpha1 (Aggregated); the bare name means nodes (the core group comes first)',
    });
  });
});

describe('auditSurface on k0s v1.21 (legacy discovery, no APIService list)', () => {
  test('served-by unknown is one info finding', () => {
    const surface = {
      ...captureSurface('k0s-v1.21.0'),
      servedByNotice: 'served-by is unknown: the user may not list apiservices.apiregistration.k8s.io',
    };
    const unknown = auditSurface(surface).filter((f) => f.check === 'served-by-unknown');
    assert.deepEqual(unknown, [
      {
        severity: 'info',
        check: 'served-by-unknown',
        object: { kind: 'Registrations', name: 'apiservices,customresourcedefinitions' },
        message: 'served-by is unknown: the user may not list apiservices.apiregistration.k8s.io; APIService checks are incomplete',
      },
    ]);
  });

  test('pre-GA versions: warning when GA serves them all, info when some have no GA version', () => {
    const prerelease = auditSurface(captureSurface('k0s-v1.21.0')).filter((f) => f.check === 'prerelease-version');
    assert.equal(prerelease.filter((f) => f.severity === 'warning').length, 16);
    assert.deepEqual(
      prerelease.filter((f) => f.severity === 'info').map((f) => `${f.object.name}: ${f.message}`),
      [
        'policy/v1beta1: pre-GA version next to GA policy/v1; podsecuritypolicies has no GA version yet',
        'storage.k8s.io/v1beta1: pre-GA version next to GA storage.k8s.io/v1; csistoragecapacities has no GA version yet',
      ],
    );
  });

  test('pre-GA kinds the lifecycle data says are removed are not "no GA version yet" (issue 21 item 24)', async () => {
    const lifecycle = await loadLifecycle();
    const removedIn = (group: string, version: string, kind: string) => lifecycle.lifecycleOf(group, version, kind)?.removed ?? undefined;
    const prerelease = auditSurface(captureSurface('k0s-v1.21.0'), { removedIn }).filter(
      (f) => f.check === 'prerelease-version' && f.severity === 'info',
    );
    assert.deepEqual(
      prerelease.map((f) => `${f.object.name}: ${f.message}`),
      [
        'policy/v1beta1: pre-GA version next to GA policy/v1; podsecuritypolicies is removed in Kubernetes 1.25 with no GA version',
        'storage.k8s.io/v1beta1: pre-GA version next to GA storage.k8s.io/v1; csistoragecapacities is removed in Kubernetes 1.27 with no GA version',
      ],
    );
  });

  test('removed-upstream against the newer v1.36.3 reference', () => {
    const removed = auditSurface(k0sWithVersion(), { reference: captureSurface('kube-v1.36.3'), referenceLabel: 'ref' }).filter(
      (f) => f.check === 'removed-upstream',
    );
    assert.deepEqual(
      removed.map((f) => f.object.name),
      [
        'admissionregistration.k8s.io/v1beta1',
        'apiextensions.k8s.io/v1beta1',
        'apiregistration.k8s.io/v1beta1',
        'authentication.k8s.io/v1beta1',
        'authorization.k8s.io/v1beta1',
        'autoscaling/v2beta1',
        'autoscaling/v2beta2',
        'batch/v1beta1',
        'certificates.k8s.io/v1beta1',
        'coordination.k8s.io/v1beta1',
        'discovery.k8s.io/v1beta1',
        'events.k8s.io/v1beta1',
        'extensions/v1beta1',
        'flowcontrol.apiserver.k8s.io/v1beta1',
        'networking.k8s.io/v1beta1',
        'node.k8s.io/v1beta1',
        'policy/v1beta1',
        'rbac.authorization.k8s.io/v1beta1',
        'scheduling.k8s.io/v1beta1',
        'storage.k8s.io/v1beta1',
      ],
    );
    assert.equal(
      removed.find((f) => f.object.name === 'extensions/v1beta1')?.message,
      'not served by ref (Kubernetes v1.36.3), which does not serve the group at all: removed upstream or off by default there; migrate before upgrading',
    );
    assert.equal(
      removed.find((f) => f.object.name === 'batch/v1beta1')?.message,
      'not served by ref (Kubernetes v1.36.3), which serves batch/v1: removed upstream or off by default there; migrate before upgrading',
    );
  });

  test('removed-upstream is silent when the reference is not newer, or the server version is unknown', () => {
    const cases: Array<[ApiSurface, ApiSurface]> = [
      [captureSurface('kube-v1.36.3'), k0sWithVersion()],
      [k0sWithVersion(), k0sWithVersion()],
      [captureSurface('k0s-v1.21.0'), captureSurface('kube-v1.36.3')],
    ];
    for (const [surface, reference] of cases) {
      assert.equal(auditSurface(surface, { reference }).filter((f) => f.check === 'removed-upstream').length, 0);
    }
  });
});

describe('--fail-on and the report', () => {
  const findings = auditSurface(captureSurface('k0s-v1.21.0'));
  const table: Array<[FailOn, Finding[], boolean]> = [
    ['error', findings, false],
    ['warning', findings, true],
    ['info', findings, true],
    ['none', auditSurface(captureSurface('kube-v1.36.3')), false],
    ['error', auditSurface(captureSurface('kube-v1.36.3')), true],
    ['info', [], false],
  ];
  for (const [failOn, list, expected] of table) {
    test(`${failOn} with ${list.length} findings fails: ${expected}`, () => assert.equal(fails(list, failOn), expected));
  }

  test('report shape and text', () => {
    const surface = captureSurface('kube-v1.36.3');
    const report = auditReport(surface, auditSurface(surface), 'error');
    assert.deepEqual(Object.keys(report), ['apiVersion', 'kind', 'source', 'failOn', 'failed', 'summary', 'findings']);
    assert.deepEqual(report.summary, { error: 2, warning: 3, info: 1, total: 6 });
    assert.equal(report.failed, true);
    assert.equal(summaryLine(report.summary), '6 findings: 2 errors, 3 warnings, 1 info');
    const text = renderAudit(report, { format: 'text' }).split('\n');
    assert.equal(text[0], 'SEVERITY   CHECK                     OBJECT                                    MESSAGE');
    assert.match(
      renderAudit(report, { format: 'text', color: true }),
      /^\u001b\[1mSEVERITY.*\n\u001b\[31merror\u001b\[39m {6}apiservice-unavailable/,
    );
    assert.equal(renderAudit(auditReport(surface, [], 'error'), { format: 'text' }), '');
  });
});
