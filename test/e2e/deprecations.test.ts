// kapi audit's deprecation evidence from a real kube-apiserver: a CRD with
// deprecated versions (manifests/deprecated-crd.yaml), the
// apiserver_requested_deprecated_apis metric after a client requests one, and
// the Warning: 299 headers --probe-deprecated collects (which in turn show up in
// the metric, as its help says), and a reference release newer than the server
// that no longer serves one of its built-in versions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AuditReport } from '../../src/surface/audit.ts';
import { sarifErrors, validateJunit } from '../support/report-schemas.ts';
import { kapi } from '../support/run-cli.ts';
import { announceSkip, type Cluster, e2eAvailability, kubectl, repoRoot, startCluster } from './cluster.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('deprecations e2e', { skip }, () => {});

const manifest = join(repoRoot, 'test', 'control-plane', 'manifests', 'deprecated-crd.yaml');

describe('deprecation evidence on a real control plane', { skip }, () => {
  let cluster: Cluster;
  const audit = (args: string[]) =>
    kapi([
      'audit',
      '--reference',
      'none',
      ...(args.includes('--fail-on') ? [] : ['--fail-on', 'none']),
      ...args,
      '--kubeconfig',
      cluster.kubeconfig,
    ]);
  const evidence = async (args: string[] = []) => {
    const r = await audit(['-o', 'json', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as AuditReport).findings
      .filter((finding) => finding.source !== undefined)
      .map((finding) => `${finding.source} ${finding.check} ${finding.object.name}: ${finding.message}`);
  };

  before(async () => {
    cluster = await startCluster();
    for (const args of [
      ['apply', '-f', manifest],
      ['wait', '--for=condition=Established', 'crd/gadgets.deprecated.example.com'],
    ]) {
      const r = await kubectl(cluster, args);
      assert.equal(r.code, 0, r.stderr);
    }
    const deadline = Date.now() + 30_000;
    while ((await kubectl(cluster, ['get', '--raw', '/apis/deprecated.example.com/v1alpha1'])).code !== 0) {
      if (Date.now() > deadline) throw new Error('deprecated.example.com never appeared in discovery');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  after(async () => {
    await cluster?.stop();
  });

  const crdFindings = [
    'crd deprecated-crd-version deprecated.example.com/v1alpha1/gadgets: CRD gadgets.deprecated.example.com marks v1alpha1 deprecated',
    'crd deprecated-crd-version deprecated.example.com/v1beta1/gadgets: CRD gadgets.deprecated.example.com marks v1beta1 deprecated: "deprecated.example.com/v1beta1 Gadget is deprecated; use deprecated.example.com/v1"',
  ];

  it('before any request: the CRD evidence only; the metric has no series yet', async () => {
    assert.deepEqual(await evidence(), crdFindings);
  });

  it('a client requests v1beta1: the metric names it', async () => {
    const r = await kubectl(cluster, ['get', 'gadgets.v1beta1.deprecated.example.com', '-A']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Warning: deprecated\.example\.com\/v1beta1 Gadget is deprecated; use deprecated\.example\.com\/v1/);
    assert.deepEqual(await evidence(), [
      'metrics deprecated-api-requested deprecated.example.com/v1beta1/gadgets: clients requested this deprecated API since kube-apiserver started, no removal release set',
      ...crdFindings,
    ]);
  });

  it('--probe-deprecated collects the Warning: 299 headers, and its own requests then show up in the metric', async () => {
    const probed = await evidence(['--probe-deprecated']);
    assert.deepEqual(
      probed.filter((line) => line.startsWith('warning-header')),
      [
        'warning-header deprecated-api-warning deprecated.example.com/v1alpha1/gadgets: the server warns: "deprecated.example.com/v1alpha1 Gadget is deprecated; use deprecated.example.com/v1 Gadget"',
        'warning-header deprecated-api-warning deprecated.example.com/v1beta1/gadgets: the server warns: "deprecated.example.com/v1beta1 Gadget is deprecated; use deprecated.example.com/v1"',
      ],
    );
    const r = await audit([]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, EXPECTED_TEXT);
  });

  it('-o junit and -o sarif of the live audit validate against their published schemas', async () => {
    const junit = await audit(['-o', 'junit', '--fail-on', 'warning']);
    assert.equal(junit.code, 10, junit.stderr);
    validateJunit(junit.stdout);
    assert.match(
      junit.stdout,
      /<testcase classname="kapi.audit.deprecated-api-requested" name="Resource\/deprecated.example.com\/v1beta1\/gadgets" time="0">\n {6}<failure type="warning" message="clients requested this deprecated API since kube-apiserver started, no removal release set">/,
    );
    const sarif = await audit(['-o', 'sarif']);
    assert.equal(sarif.code, 0, sarif.stderr);
    const document = JSON.parse(sarif.stdout);
    assert.deepEqual(sarifErrors(document), []);
    assert.equal(document.runs[0].results.length, 9);
  });

  it('--reference: a newer release that no longer serves a built-in version the server serves is removed-upstream (source reference)', async () => {
    // The reference is this cluster's own snapshot, presented as v1.37.0 and without autoscaling/v1:
    // the only newer release at hand is one made for the test.
    const snapshot = await kapi(['snapshot', '--kubeconfig', cluster.kubeconfig]);
    assert.equal(snapshot.code, 0, snapshot.stderr);
    const document = JSON.parse(snapshot.stdout) as {
      surface: {
        serverVersion: { gitVersion: string; minor: string };
        groups: Array<{ name: string; versions: Array<{ version: string }> }>;
      };
    };
    document.surface.serverVersion.gitVersion = 'v1.37.0';
    document.surface.serverVersion.minor = '37';
    const autoscaling = document.surface.groups.find((group) => group.name === 'autoscaling');
    assert.ok(autoscaling);
    autoscaling.versions = autoscaling.versions.filter((version) => version.version !== 'v1');
    const dir = mkdtempSync(join(tmpdir(), 'kapi-reference-'));
    try {
      const file = join(dir, 'v1.37.0.json');
      writeFileSync(file, JSON.stringify(document));
      const r = await kapi(['audit', '--reference', file, '--fail-on', 'none', '--kubeconfig', cluster.kubeconfig]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(
        r.stdout.split('\n').filter((line) => line.includes('removed-upstream')),
        [
          `warning    removed-upstream           GroupVersion/autoscaling/v1                        not served by ${file} (Kubernetes v1.37.0), which serves autoscaling/v2: removed upstream or off by default there; migrate before upgrading`,
        ],
      );
      const json = await kapi(['audit', '--reference', file, '--fail-on', 'none', '-o', 'json', '--kubeconfig', cluster.kubeconfig]);
      const finding = (JSON.parse(json.stdout) as AuditReport).findings.find((candidate) => candidate.check === 'removed-upstream');
      assert.equal(finding?.source, 'reference');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a viewer may not read /metrics: a notice on stderr, the rest of the audit as usual', async () => {
    const r = await audit(['--context', 'viewer']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^Notice: the user may not get \/metrics: deprecated APIs requested by clients are unknown$/m);
  });
});

// After the probe: v1alpha1 is in the metric too, requested by the probe itself.
const EXPECTED_TEXT = `SEVERITY   CHECK                      OBJECT                                             MESSAGE
warning    apiservice-insecure-tls    APIService/v1alpha1.wardle.example.com             insecureSkipTLSVerify is true: the aggregator proxies to wardle/api without verifying its certificate; set caBundle instead
warning    deprecated-api-requested   Resource/deprecated.example.com/v1alpha1/gadgets   clients requested this deprecated API since kube-apiserver started, no removal release set
warning    deprecated-api-requested   Resource/deprecated.example.com/v1beta1/gadgets    clients requested this deprecated API since kube-apiserver started, no removal release set
warning    deprecated-crd-version     Resource/deprecated.example.com/v1alpha1/gadgets   CRD gadgets.deprecated.example.com marks v1alpha1 deprecated
warning    deprecated-crd-version     Resource/deprecated.example.com/v1beta1/gadgets    CRD gadgets.deprecated.example.com marks v1beta1 deprecated: "deprecated.example.com/v1beta1 Gadget is deprecated; use deprecated.example.com/v1"
warning    prerelease-version         GroupVersion/deprecated.example.com/v1alpha1       pre-GA version still served while deprecated.example.com/v1 is GA and serves gadgets: move clients and stored objects to it
warning    prerelease-version         GroupVersion/deprecated.example.com/v1beta1        pre-GA version still served while deprecated.example.com/v1 is GA and serves gadgets: move clients and stored objects to it
warning    prerelease-version         GroupVersion/stable.example.com/v1beta1            pre-GA version still served while stable.example.com/v1 is GA and serves crontabs: move clients and stored objects to it
info       resource-name-conflict     Resource/events                                    served by v1 (Local), events.k8s.io/v1 (Local); the bare name means events (the core group comes first)

9 findings: 0 errors, 8 warnings, 1 info
`;
