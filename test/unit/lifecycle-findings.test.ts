import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lifecycleFindings } from '../../src/releases/findings.ts';
import { loadLifecycle } from '../../src/releases/lifecycle.ts';
import { auditSurface } from '../../src/surface/audit.ts';
import { captureSurface } from '../support/surfaces.ts';

describe('audit findings from the lifecycle data', async () => {
  const data = await loadLifecycle();
  // A real v1.31-era /apis document (test/data/kubernetes-v1.31-dev-aggregated): it serves flowcontrol v1beta3 and v1.
  const v131 = captureSurface('kubernetes-v1.31');

  test('--target-version 1.32: the flowcontrol v1beta3 removal, with flowcontrol.apiserver.k8s.io/v1 as the replacement', () => {
    const findings = lifecycleFindings(v131, data, { release: '1.32', explicit: true });
    const flowcontrol = findings.filter((f) => f.object.name.startsWith('flowcontrol.apiserver.k8s.io/'));
    assert.deepEqual(flowcontrol, [
      {
        severity: 'warning',
        check: 'removed-upstream',
        object: { kind: 'Resource', name: 'flowcontrol.apiserver.k8s.io/v1beta3/flowschemas' },
        message:
          'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is removed in Kubernetes 1.32 (deprecated in 1.29), by the target 1.32; migrate to flowcontrol.apiserver.k8s.io/v1 FlowSchema',
        source: 'lifecycle',
        replacement: { group: 'flowcontrol.apiserver.k8s.io', version: 'v1', kind: 'FlowSchema' },
      },
      {
        severity: 'warning',
        check: 'removed-upstream',
        object: { kind: 'Resource', name: 'flowcontrol.apiserver.k8s.io/v1beta3/prioritylevelconfigurations' },
        message:
          'flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration is removed in Kubernetes 1.32 (deprecated in 1.29), by the target 1.32; migrate to flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration',
        source: 'lifecycle',
        replacement: { group: 'flowcontrol.apiserver.k8s.io', version: 'v1', kind: 'PriorityLevelConfiguration' },
      },
    ]);
  });

  test('--target-version 1.31: nothing flowcontrol is removed yet, v1beta3 is deprecated (info)', () => {
    const findings = lifecycleFindings(v131, data, { release: '1.31', explicit: true });
    assert.deepEqual(
      findings.filter((f) => f.object.name.startsWith('flowcontrol.')).map((f) => `${f.severity} ${f.check} ${f.object.name}`),
      [
        'info deprecated-upstream flowcontrol.apiserver.k8s.io/v1beta3/flowschemas',
        'info deprecated-upstream flowcontrol.apiserver.k8s.io/v1beta3/prioritylevelconfigurations',
      ],
    );
  });

  test('without a target, no deprecations: only removals up to the newest release', () => {
    const findings = lifecycleFindings(v131, data, { release: data.newestRelease, explicit: false });
    assert.ok(findings.every((f) => f.check === 'removed-upstream'));
    assert.equal(
      findings.find((f) => f.object.name === 'flowcontrol.apiserver.k8s.io/v1beta3/flowschemas')?.message,
      'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is removed in Kubernetes 1.32 (deprecated in 1.29); migrate to flowcontrol.apiserver.k8s.io/v1 FlowSchema',
    );
  });

  test('CRD and aggregated group-versions are never flagged; the reference check skips group-versions already flagged', () => {
    const surface = captureSurface('kube-v1.36.3');
    const findings = lifecycleFindings(surface, data, { release: '1.37', explicit: true });
    assert.ok(findings.every((f) => !/example\.com/.test(f.object.name)));
    const k0sVersioned = { ...captureSurface('k0s-v1.21.0'), serverVersion: { major: '1', minor: '21+', gitVersion: 'v1.21.0-k0s1' } };
    const upstream = lifecycleFindings(k0sVersioned, data, { release: '1.37', explicit: false });
    const audit = auditSurface(k0sVersioned, { reference: surface, referenceLabel: 'ref', upstream });
    const fromReference = audit.filter((f) => f.source === 'reference').map((f) => f.object.name);
    const flagged = new Set(upstream.map((f) => f.object.name.split('/').slice(0, -1).join('/')));
    assert.ok(
      fromReference.every((name) => !flagged.has(name)),
      fromReference.join(', '),
    );
    assert.ok(upstream.some((f) => f.object.name === 'extensions/v1beta1/ingresses'));
  });
});
