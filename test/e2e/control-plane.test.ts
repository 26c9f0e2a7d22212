// Smoke test of the real control plane itself, with the release-matched
// kubectl as the client: if this fails, the kapi e2e tests cannot mean much.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  announceSkip,
  BROKEN_APISERVICE,
  type Cluster,
  createBrokenApiService,
  deleteBrokenApiService,
  e2eAvailability,
  kubectl,
  RELEASE,
  startCluster,
  WARDLE_APISERVICE,
} from './cluster.js';

const skip = announceSkip(e2eAvailability());

// Counted as a skipped test in the runner's summary, with the reason.
if (skip) it('control plane e2e', { skip }, () => {});

describe('control plane (real kube-apiserver)', { skip }, () => {
  let c: Cluster;

  before(async () => {
    c = await startCluster();
  });

  after(async () => {
    await c?.stop();
  });

  it('client and server report the pinned release', async () => {
    const r = await kubectl(c, ['version', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const v = JSON.parse(r.stdout) as { clientVersion: { gitVersion: string }; serverVersion: { gitVersion: string } };
    assert.equal(v.clientVersion.gitVersion, RELEASE);
    assert.equal(v.serverVersion.gitVersion, RELEASE);
  });

  it('lists the aggregated wardle.example.com resources', async () => {
    const r = await kubectl(c, ['api-resources', '--api-group=wardle.example.com', '-o', 'name']);
    assert.equal(r.code, 0, r.stderr);
    const names = r.stdout.trim().split('\n').sort();
    assert.deepEqual(names, ['fischers.wardle.example.com', 'flunders.wardle.example.com']);
  });

  it('shows the wardle APIService Available=True', async () => {
    const r = await kubectl(c, ['get', 'apiservices', WARDLE_APISERVICE, '--no-headers']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^${WARDLE_APISERVICE.replace(/\./g, '\\.')}\\s+wardle/api\\s+True\\s`));
  });

  it('serves the CRDs with short names, categories and versions', async () => {
    const r = await kubectl(c, ['api-resources', '--categories=kapi', '-o', 'wide', '--no-headers']);
    assert.equal(r.code, 0, r.stderr);
    for (const name of ['crontabs', 'databases', 'clusterwidgets', 'freeforms']) {
      assert.match(r.stdout, new RegExp(`^${name}\\s`, 'm'), `${name} in category kapi`);
    }
    assert.match(r.stdout, /^crontabs\s+ct\s+stable\.example\.com\/v1\s+true\s+CronTab/m);
    assert.match(r.stdout, /^clusterwidgets\s+cw\s+cluster\.example\.com\/v1alpha1\s+false\s+ClusterWidget/m);
    const versions = await kubectl(c, ['api-versions']);
    assert.match(versions.stdout, /^stable\.example\.com\/v1beta1$/m);
    const scale = await kubectl(c, ['get', '--raw', '/apis/db.example.com/v1']);
    assert.match(scale.stdout, /"databases\/scale"/);
    assert.match(scale.stdout, /"databases\/status"/);
  });

  it('serves OpenAPI v3 for wardle and CRD group-versions', async () => {
    const r = await kubectl(c, ['get', '--raw', '/openapi/v3']);
    assert.equal(r.code, 0, r.stderr);
    const paths = Object.keys((JSON.parse(r.stdout) as { paths: Record<string, unknown> }).paths);
    for (const p of [
      'apis/wardle.example.com/v1alpha1',
      'apis/stable.example.com/v1',
      'apis/stable.example.com/v1beta1',
      'apis/db.example.com/v1',
      'apis/cluster.example.com/v1alpha1',
      'api/v1',
    ]) {
      assert.ok(paths.includes(p), `${p} in /openapi/v3`);
    }
  });

  it('explains a CRD field from its schema description', async () => {
    const r = await kubectl(c, ['explain', 'crontabs.spec.cronSpec']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /CronSpec is the schedule in cron format/);
  });

  it('the broken APIService is Available=False (ServiceNotFound); kubectl drops it silently', async () => {
    await createBrokenApiService(c.kubeconfig, c.kubectl);
    try {
      const r = await kubectl(c, ['get', 'apiservices', BROKEN_APISERVICE, '--no-headers']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^v1\.broken\.example\.com\s+wardle\/missing\s+False \(ServiceNotFound\)/);
      // Legacy discovery still lists the group; its group-version answers 503.
      const apis = await kubectl(c, ['get', '--raw', '/apis']);
      assert.match(apis.stdout, /"broken\.example\.com\/v1"/);
      const gv = await kubectl(c, ['get', '--raw', '/apis/broken.example.com/v1']);
      assert.notEqual(gv.code, 0);
      assert.match(gv.stderr, /ServiceUnavailable/);
      // kubectl v1.36 uses aggregated discovery, where the version is marked
      // "Stale": it drops it without a warning and exits 0. It does NOT print
      // "unable to retrieve the complete list of server APIs".
      const ar = await kubectl(c, ['api-resources']);
      assert.equal(ar.code, 0, ar.stderr);
      assert.doesNotMatch(ar.stdout, /broken\.example\.com/);
      assert.doesNotMatch(ar.stderr, /unable to retrieve/);
      assert.match(ar.stdout, /flunders/, 'everything else is still listed');
      const av = await kubectl(c, ['api-versions']);
      assert.equal(av.code, 0, av.stderr);
      assert.doesNotMatch(av.stdout, /broken/);
    } finally {
      await deleteBrokenApiService(c.kubeconfig, c.kubectl);
    }
    const left = await kubectl(c, ['get', 'apiservices', '-o', 'name']);
    assert.doesNotMatch(left.stdout, /broken/);
  });

  it('the viewer may discover and read a few things but not list APIServices or CRDs', async () => {
    const versions = await kubectl(c, ['api-versions'], { context: 'viewer' });
    assert.equal(versions.code, 0, versions.stderr);
    assert.match(versions.stdout, /^wardle\.example\.com\/v1alpha1$/m);
    const ns = await kubectl(c, ['get', 'namespaces'], { context: 'viewer' });
    assert.equal(ns.code, 0, ns.stderr);
    const who = await kubectl(c, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], {
      context: 'viewer',
    });
    assert.equal(who.stdout, 'viewer');
    for (const res of ['apiservices', 'customresourcedefinitions']) {
      const r = await kubectl(c, ['get', res], { context: 'viewer' });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /Forbidden/, `${res}: ${r.stderr}`);
    }
  });
});
