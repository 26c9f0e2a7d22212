import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toSnapshot } from '../../src/snapshot/snapshot.ts';
import { kapi } from '../support/run-cli.ts';
import { captureSurface } from '../support/surfaces.ts';

/**
 * kapi lifecycle and audit --target-version through the CLI, offline. The surface that serves
 * flowcontrol.apiserver.k8s.io/v1beta3 is a real v1.31-era /apis document
 * (test/data/kubernetes-v1.31-dev-aggregated), written as a snapshot here: the bundled releases of
 * this tree do not serve v1beta3.
 */
let dir: string;
let v131: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kapi-lifecycle-'));
  v131 = join(dir, 'v1.31.json');
  writeFileSync(v131, JSON.stringify(toSnapshot(captureSurface('kubernetes-v1.31'), 'test')));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('kapi lifecycle', () => {
  test('--removed-in 1.25 lists the 1.25 removals with their replacements', async () => {
    const result = await kapi(['lifecycle', '--removed-in', '1.25']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      `GROUP              VERSION   KIND                      INTRODUCED   DEPRECATED   REMOVED   REPLACEMENT
autoscaling        v2beta1   HorizontalPodAutoscaler   1.8          1.22         1.25      autoscaling/v2/HorizontalPodAutoscaler
batch              v1beta1   CronJob                   1.8          1.21         1.25      batch/v1/CronJob
batch              v1beta1   JobTemplate               1.8          1.22         1.25      -
discovery.k8s.io   v1beta1   EndpointSlice             1.16         1.21         1.25      discovery.k8s.io/v1/EndpointSlice
events.k8s.io      v1beta1   Event                     1.8          1.22         1.25      events.k8s.io/v1/Event
node.k8s.io        v1beta1   RuntimeClass              1.13         1.22         1.25      node.k8s.io/v1/RuntimeClass
policy             v1beta1   Eviction                  1.5          1.22         1.25      policy/v1/Eviction
policy             v1beta1   PodDisruptionBudget       1.5          1.21         1.25      policy/v1/PodDisruptionBudget
policy             v1beta1   PodSecurityPolicy         1.10         1.21         1.25      -
`,
    );
  });

  test('a selector, -o yaml, and nothing matched', async () => {
    const yaml = await kapi(['lifecycle', 'batch/v1beta1/cronjob', '-o', 'yaml']);
    assert.match(yaml.stdout, /^apiVersion: kapi\.dev\/v1\nkind: KindLifecycleList\nnewestRelease: "1\.\d+"\n/);
    assert.match(yaml.stdout, /\nitems:\n {2}- group: batch\n {4}version: v1beta1\n {4}kind: CronJob\n/);
    const none = await kapi(['lifecycle', '--removed-in', '1.99']);
    assert.deepEqual([none.code, none.stdout, none.stderr], [0, '', 'No kinds found.\n']);
  });
});

describe('kapi audit --target-version', () => {
  test('1.32 on a surface serving flowcontrol v1beta3: its removal, with flowcontrol.apiserver.k8s.io/v1 as the replacement', async () => {
    const result = await kapi(['audit', '--snapshot', v131, '--target-version', '1.32', '--fail-on', 'none', '-o', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const findings = JSON.parse(result.stdout).findings.filter(
      (f: { object: { name: string } }) => f.object.name === 'flowcontrol.apiserver.k8s.io/v1beta3/flowschemas',
    );
    assert.deepEqual(findings, [
      {
        severity: 'warning',
        check: 'removed-upstream',
        object: { kind: 'Resource', name: 'flowcontrol.apiserver.k8s.io/v1beta3/flowschemas' },
        message:
          'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is removed in Kubernetes 1.32 (deprecated in 1.29), by the target 1.32; migrate to flowcontrol.apiserver.k8s.io/v1 FlowSchema',
        source: 'lifecycle',
        replacement: { group: 'flowcontrol.apiserver.k8s.io', version: 'v1', kind: 'FlowSchema' },
      },
    ]);
    const text = await kapi(['audit', '--snapshot', v131, '--target-version', 'v1.32.0', '--fail-on', 'none']);
    assert.match(
      text.stdout,
      /\nwarning +removed-upstream +Resource\/flowcontrol\.apiserver\.k8s\.io\/v1beta3\/prioritylevelconfigurations +flowcontrol\.apiserver\.k8s\.io\/v1beta3 PriorityLevelConfiguration is removed in Kubernetes 1\.32 \(deprecated in 1\.29\), by the target 1\.32; migrate to flowcontrol\.apiserver\.k8s\.io\/v1 PriorityLevelConfiguration\n/,
    );
  });

  test("1.32 on the bundled v1.29 release (the issue's done-when): both flowcontrol v1beta3 removals, with v1 as the replacement", async () => {
    const result = await kapi(['audit', '--snapshot', 'builtin:v1.29', '--target-version', '1.32', '--fail-on', 'none', '-o', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const removals = JSON.parse(result.stdout).findings.filter(
      (f: { check: string; object: { name: string } }) =>
        f.check === 'removed-upstream' && f.object.name.startsWith('flowcontrol.apiserver.k8s.io/v1beta3/'),
    );
    assert.deepEqual(
      removals.map((f: { object: { name: string }; replacement: unknown }) => [f.object.name, f.replacement]),
      [
        ['flowcontrol.apiserver.k8s.io/v1beta3/flowschemas', { group: 'flowcontrol.apiserver.k8s.io', version: 'v1', kind: 'FlowSchema' }],
        [
          'flowcontrol.apiserver.k8s.io/v1beta3/prioritylevelconfigurations',
          { group: 'flowcontrol.apiserver.k8s.io', version: 'v1', kind: 'PriorityLevelConfiguration' },
        ],
      ],
    );
  });

  test('1.31: v1beta3 is only deprecated there (info)', async () => {
    const result = await kapi(['audit', '--snapshot', v131, '--target-version', '1.31', '--fail-on', 'none', '-o', 'json']);
    const flowcontrol = JSON.parse(result.stdout).findings.filter(
      (f: { check: string; object: { name: string } }) => f.object.name.startsWith('flowcontrol.') && f.check.endsWith('-upstream'),
    );
    assert.deepEqual(
      flowcontrol.map((f: { severity: string; check: string }) => `${f.severity} ${f.check}`),
      ['info deprecated-upstream', 'info deprecated-upstream'],
    );
  });
});
