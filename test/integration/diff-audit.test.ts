import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ExitCode } from '../../src/errors.ts';
import { loadFolderCapture, type ReplayServer, startReplayServer } from '../support/replay-server.ts';
import { kapi } from '../support/run-cli.ts';
import { loadStatusCapture } from './explain-capture.ts';

/**
 * diff and audit through the CLI, offline: the k0s v1.21 bundled snapshot, and a
 * snapshot that `kapi snapshot` records from a replay of the real v1.36.3
 * capture (broken APIService, aggregated wardle, CRDs). "live" and context:
 * sides talk to the replay servers.
 */
const dataDir = new URL('../data/', import.meta.url).pathname;
const k0s = 'builtin:v1.21.0-k0s';

let dir: string;
let fixture: string;
let kubeconfig: string;
let v136: ReplayServer;
let v121: ReplayServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kapi-diff-audit-'));
  v136 = await startReplayServer(loadStatusCapture(join(dataDir, 'kube-v1.36.3')));
  v121 = await startReplayServer(loadFolderCapture(join(dataDir, 'k0s-v1.21.0-capture')));
  const recorded = await kapi(['snapshot', '--server', v136.url]);
  assert.equal(recorded.code, ExitCode.partial, recorded.stderr);
  fixture = join(dir, 'v1.36.3.json');
  writeFileSync(fixture, recorded.stdout);
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'old', cluster: { server: v121.url } },
        { name: 'new', cluster: { server: v136.url } },
      ],
      users: [{ name: 'nobody', user: {} }],
      contexts: [
        { name: 'old', context: { cluster: 'old', user: 'nobody' } },
        { name: 'new', context: { cluster: 'new', user: 'nobody' } },
      ],
      'current-context': 'new',
    }),
  );
});

after(async () => {
  await Promise.all([v136?.close(), v121?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const brokenStale = (label: string) =>
  `Warning: ${label}: broken.example.com/v1 could not be discovered: stale in aggregated discovery (its API server is unavailable)\n`;

describe('kapi diff', () => {
  test('a release upgrade: k0s v1.21 to v1.36.3', async () => {
    const result = await kapi(['diff', k0s, fixture]);
    assert.equal(result.stdout, EXPECTED_UPGRADE);
    assert.equal(
      result.stderr,
      brokenStale(fixture) +
        `Notice: served-by not compared: it is unknown in ${k0s}\n` +
        `Notice: APIService availability not compared: APIServices are unknown in ${k0s}\n`,
    );
    assert.equal(result.code, ExitCode.partial);
  });

  test('--exit-code: 11 with differences (it wins over the partial code), 0 without', async () => {
    const [different, same] = await Promise.all([kapi(['diff', k0s, fixture, '--exit-code']), kapi(['diff', k0s, k0s, '--exit-code'])]);
    assert.equal(different.code, ExitCode.diffFound);
    assert.equal(same.code, 0);
    assert.equal(same.stdout, '');
    assert.equal(
      same.stderr,
      `Notice: served-by not compared: it is unknown in ${k0s} and ${k0s}\n` +
        `Notice: APIService availability not compared: APIServices are unknown in ${k0s} and ${k0s}\n` +
        `No differences between ${k0s} and ${k0s}.\n`,
    );
  });

  test('live against its own snapshot: no differences, the stale group-version named, partial code', async () => {
    const result = await kapi(['diff', fixture, 'live', '--server', v136.url, '--exit-code']);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `${brokenStale(fixture)}${brokenStale('live')}No differences between ${fixture} and live.\n`);
    assert.equal(result.code, ExitCode.partial);
  });

  test('two kubeconfig contexts, as JSON', async () => {
    const result = await kapi(['diff', 'context:old', 'context:new', '--kubeconfig', kubeconfig, '-o', 'json']);
    assert.equal(result.code, ExitCode.partial, result.stderr);
    const diff = JSON.parse(result.stdout);
    assert.deepEqual(diff.from, { label: 'context:old', kind: 'live', serverVersion: 'v1.21.0-k0s1', discovery: 'legacy' });
    assert.deepEqual(diff.to, { label: 'context:new', kind: 'live', serverVersion: 'v1.36.3', discovery: 'aggregated' });
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
  });

  test('markdown', async () => {
    const result = await kapi(['diff', k0s, fixture, '-o', 'markdown']);
    assert.deepEqual(result.stdout.split('\n').slice(0, 5), [
      `Differences from \`${k0s}\` (v1.21.0-k0s1) to \`${fixture}\` (v1.36.3): 42 differences: 9 group-versions added, 20 group-versions removed, 9 resources added, 2 resources changed, 2 preferred versions changed`,
      '',
      '|  | Object | Group-version | Name | Change |',
      '| --- | --- | --- | --- | --- |',
      '| ~ | resource | v1 | pods | subresources: +ephemeralcontainers +resize |',
    ]);
  });

  const errors: Array<[string[], number, string]> = [
    [
      ['diff', k0s, 'live', '--snapshot', 'builtin'],
      ExitCode.usage,
      'error: diff takes its sources as arguments: use "kapi diff FILE live", not --snapshot\n',
    ],
    [['diff', k0s, 'context:'], ExitCode.usage, 'error: context: needs a name, e.g. context:prod\n'],
    [
      ['diff', k0s, join(dataDir, 'nope.json')],
      ExitCode.config,
      `error: failed to read snapshot ${join(dataDir, 'nope.json')}: no such file\n`,
    ],
  ];
  for (const [args, code, stderr] of errors) {
    test(`${args.slice(1).join(' ')} fails with ${code}`, async () => {
      const result = await kapi(args);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr, stderr);
      assert.equal(result.code, code);
    });
  }
});

describe('kapi audit', () => {
  test('the v1.36.3 snapshot: errors for the broken APIService, exit 10', async () => {
    const result = await kapi(['audit', '--snapshot', fixture]);
    assert.equal(result.stdout, EXPECTED_AUDIT);
    assert.equal(result.stderr, '');
    assert.equal(result.code, ExitCode.auditFindings);
  });

  test('live gives the same answer as its snapshot', async () => {
    const result = await kapi(['audit', '--server', v136.url]);
    assert.equal(result.stdout, EXPECTED_AUDIT);
    assert.equal(result.code, ExitCode.auditFindings);
  });

  const failOn: Array<[string, () => string[], number]> = [
    ['the v1.36.3 snapshot --fail-on none', () => ['--snapshot', fixture, '--fail-on', 'none'], 0],
    ['k0s (only warnings and info)', () => ['--snapshot', k0s, '--reference', 'none'], 0],
    ['k0s --fail-on warning', () => ['--snapshot', k0s, '--reference', 'none', '--fail-on', 'warning'], ExitCode.auditFindings],
    ['live k0s --fail-on info', () => ['--server', v121.url, '--fail-on', 'info'], ExitCode.auditFindings],
  ];
  for (const [name, args, code] of failOn) {
    test(`audit ${name} exits ${code}`, async () => {
      const result = await kapi(['audit', ...args()]);
      assert.equal(result.code, code, result.stderr);
    });
  }

  test('-o json with a newer reference: removed-upstream findings from the lifecycle data, the reference adding none it already covers', async () => {
    const result = await kapi(['audit', '--snapshot', k0s, '--reference', fixture, '-o', 'json', '--fail-on', 'warning']);
    assert.equal(result.code, ExitCode.auditFindings);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(report.summary, { error: 0, warning: 50, info: 5, total: 55 });
    assert.equal(report.failOn, 'warning');
    assert.equal(report.failed, true);
    const removed = report.findings.filter((f: { check: string }) => f.check === 'removed-upstream');
    assert.equal(removed.length, 34);
    // Every built-in group-version v1.36.3 no longer serves has a kind the lifecycle data already flags.
    assert.deepEqual(
      removed.filter((f: { source: string }) => f.source !== 'lifecycle'),
      [],
    );
    assert.deepEqual(
      report.findings.find((f: { object: { name: string } }) => f.object.name === 'extensions/v1beta1/ingresses'),
      {
        severity: 'warning',
        check: 'removed-upstream',
        object: { kind: 'Resource', name: 'extensions/v1beta1/ingresses' },
        message: 'extensions/v1beta1 Ingress is removed in Kubernetes 1.22 (deprecated in 1.14); migrate to networking.k8s.io/v1 Ingress',
        source: 'lifecycle',
        replacement: { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' },
      },
    );
  });
});

const EXPECTED_AUDIT = `SEVERITY   CHECK                     OBJECT                                    MESSAGE
error      apiservice-unavailable    APIService/v1.broken.example.com          Available=False (ServiceNotFound): service/missing in "wardle" is not present
error      group-version-stale       GroupVersion/broken.example.com/v1        stale in aggregated discovery: its API server is unavailable; APIService v1.broken.example.com is Available=False (ServiceNotFound)
warning    apiservice-insecure-tls   APIService/v1.broken.example.com          insecureSkipTLSVerify is true: the aggregator proxies to wardle/missing without verifying its certificate; set caBundle instead
warning    apiservice-insecure-tls   APIService/v1alpha1.wardle.example.com    insecureSkipTLSVerify is true: the aggregator proxies to wardle/api without verifying its certificate; set caBundle instead
warning    prerelease-version        GroupVersion/stable.example.com/v1beta1   pre-GA version still served while stable.example.com/v1 is GA and serves crontabs: move clients and stored objects to it
info       resource-name-conflict    Resource/events                           served by v1 (Local), events.k8s.io/v1 (Local); the bare name means events (the core group comes first)

6 findings: 2 errors, 3 warnings, 1 info
`;

const EXPECTED_UPGRADE = `  OBJECT          GROUP-VERSION                          NAME                                CHANGE
~ resource        v1                                     pods                                subresources: +ephemeralcontainers +resize
~ resource        v1                                     services                            verbs: +deletecollection
+ resource        admissionregistration.k8s.io/v1        mutatingadmissionpolicies
+ resource        admissionregistration.k8s.io/v1        mutatingadmissionpolicybindings
+ resource        admissionregistration.k8s.io/v1        validatingadmissionpolicies
+ resource        admissionregistration.k8s.io/v1        validatingadmissionpolicybindings
- group-version   admissionregistration.k8s.io/v1beta1                                       2 resources: mutatingwebhookconfigurations, validatingwebhookconfigurations
- group-version   apiextensions.k8s.io/v1beta1                                               1 resource: customresourcedefinitions
- group-version   apiregistration.k8s.io/v1beta1                                             1 resource: apiservices
+ resource        authentication.k8s.io/v1               selfsubjectreviews
- group-version   authentication.k8s.io/v1beta1                                              1 resource: tokenreviews
- group-version   authorization.k8s.io/v1beta1                                               4 resources: localsubjectaccessreviews, selfsubjectaccessreviews, selfsubjectrulesreviews, subjectaccessreviews
~ preferred       autoscaling                                                                preferredVersion: v1 -> v2
+ group-version   autoscaling/v2                                                             1 resource: horizontalpodautoscalers
- group-version   autoscaling/v2beta1                                                        1 resource: horizontalpodautoscalers
- group-version   autoscaling/v2beta2                                                        1 resource: horizontalpodautoscalers
- group-version   batch/v1beta1                                                              1 resource: cronjobs
+ group-version   broken.example.com/v1                                                      0 resources; discovery: Stale
- group-version   certificates.k8s.io/v1beta1                                                1 resource: certificatesigningrequests
+ group-version   cluster.example.com/v1alpha1                                               1 resource: clusterwidgets
- group-version   coordination.k8s.io/v1beta1                                                1 resource: leases
+ group-version   db.example.com/v1                                                          1 resource: databases
- group-version   discovery.k8s.io/v1beta1                                                   1 resource: endpointslices
- group-version   events.k8s.io/v1beta1                                                      1 resource: events
- group-version   extensions/v1beta1                                                         1 resource: ingresses
~ preferred       flowcontrol.apiserver.k8s.io                                               preferredVersion: v1beta1 -> v1
+ group-version   flowcontrol.apiserver.k8s.io/v1                                            2 resources: flowschemas, prioritylevelconfigurations
- group-version   flowcontrol.apiserver.k8s.io/v1beta1                                       2 resources: flowschemas, prioritylevelconfigurations
+ resource        networking.k8s.io/v1                   ipaddresses
+ resource        networking.k8s.io/v1                   servicecidrs
- group-version   networking.k8s.io/v1beta1                                                  2 resources: ingressclasses, ingresses
- group-version   node.k8s.io/v1beta1                                                        1 resource: runtimeclasses
- group-version   policy/v1beta1                                                             2 resources: poddisruptionbudgets, podsecuritypolicies
- group-version   rbac.authorization.k8s.io/v1beta1                                          4 resources: clusterrolebindings, clusterroles, rolebindings, roles
+ group-version   resource.k8s.io/v1                                                         4 resources: deviceclasses, resourceclaims, resourceclaimtemplates, resourceslices
- group-version   scheduling.k8s.io/v1beta1                                                  1 resource: priorityclasses
+ group-version   stable.example.com/v1                                                      2 resources: crontabs, freeforms
+ group-version   stable.example.com/v1beta1                                                 1 resource: crontabs
+ resource        storage.k8s.io/v1                      csistoragecapacities
+ resource        storage.k8s.io/v1                      volumeattributesclasses
- group-version   storage.k8s.io/v1beta1                                                     5 resources: csidrivers, csinodes, csistoragecapacities, storageclasses, volumeattachments
+ group-version   wardle.example.com/v1alpha1                                                2 resources: fischers, flunders

42 differences: 9 group-versions added, 20 group-versions removed, 9 resources added, 2 resources changed, 2 preferred versions changed
`;
