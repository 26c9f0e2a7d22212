// kubectl's connection flags against a real kube-apiserver: impersonation,
// client certificates, the TLS server name and compression, each compared with
// what the same identity gets without the flag, and with the release-matched kubectl.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ExitCode } from '../../src/errors.ts';
import { kapi, runCommand } from '../support/run-cli.ts';
import { announceSkip, type Cluster, e2eAvailability, startCluster } from './cluster.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('connection flags e2e', { skip }, () => {});

describe('connection flags on a real control plane', { skip }, () => {
  let cluster: Cluster;
  let dir: string;
  let pki: string;
  const ours = (args: string[]) => kapi([...args, '--kubeconfig', cluster.kubeconfig]);
  const kubectl = (args: string[]) => runCommand(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, ...args]);

  before(async () => {
    cluster = await startCluster();
    dir = mkdtempSync(join(tmpdir(), 'kapi-e2e-flags-'));
    pki = join(dirname(cluster.kubeconfig), 'pki');
  });
  after(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('--as viewer, run as admin, gives the viewer’s answer (who may not list APIServices)', async () => {
    const [asViewer, viewer, admin] = await Promise.all([
      ours(['api-resources', '-o', 'wide', '--as', 'viewer']),
      ours(['api-resources', '-o', 'wide', '--context', 'viewer']),
      ours(['api-resources', '-o', 'wide']),
    ]);
    assert.equal(asViewer.code, 0, asViewer.stderr);
    assert.equal(asViewer.stdout, viewer.stdout);
    assert.equal(asViewer.stderr, viewer.stderr);
    assert.match(asViewer.stderr, /^Notice: served-by is unknown: the user may not list apiservices/);
    assert.notEqual(asViewer.stdout, admin.stdout);
  });

  it('--as-group (repeatable) adds the groups: system:masters restores the admin’s answer', async () => {
    const [nobody, masters, admin] = await Promise.all([
      ours(['api-resources', '-o', 'wide', '--as', 'nobody']),
      ours(['api-resources', '-o', 'wide', '--as', 'nobody', '--as-group', 'viewers', '--as-group', 'system:masters', '--as-uid', 'u-1']),
      ours(['api-resources', '-o', 'wide']),
    ]);
    assert.match(nobody.stderr, /^Notice: served-by is unknown/);
    assert.equal(masters.code, 0, masters.stderr);
    assert.equal(masters.stderr, '');
    assert.equal(masters.stdout, admin.stdout);
  });

  it('impersonating is refused for the viewer, as kubectl is (exit 6)', async () => {
    const [mine, theirs] = await Promise.all([
      ours(['api-resources', '--context', 'viewer', '--as', 'admin']),
      kubectl(['api-resources', '--context', 'viewer', '--as', 'admin']),
    ]);
    assert.notEqual(theirs.code, 0);
    assert.equal(mine.code, ExitCode.auth);
    assert.match(
      mine.stderr,
      /^error: failed to GET https:\/\/127\.0\.0\.1:\d+\/api\?timeout=32s: 403 Forbidden: .*User "viewer" cannot impersonate/,
    );
  });

  it('the viewer, who may not list APIServices: apiservices and doctor exit 6 naming the denial, as kubectl get apiservices is denied', async () => {
    const [apiservices, doctor, theirs, named] = await Promise.all([
      ours(['apiservices', '--context', 'viewer']),
      ours(['doctor', '--context', 'viewer']),
      kubectl(['get', 'apiservices', '--context', 'viewer']),
      ours(['doctor', 'v1alpha1.wardle.example.com', '--context', 'viewer']),
    ]);
    assert.match(theirs.stderr, /\(Forbidden\): apiservices\.apiregistration\.k8s\.io is forbidden: User "viewer" cannot list/);
    const denial =
      'apiservices.apiregistration.k8s.io is forbidden: User "viewer" cannot list resource "apiservices" in API group "apiregistration.k8s.io" at the cluster scope';
    assert.equal(apiservices.stdout, '');
    assert.equal(apiservices.stderr, `error: failed to list APIServices: 403 Forbidden: ${denial}\n`);
    assert.equal(apiservices.code, ExitCode.auth);
    assert.equal(doctor.stdout, '');
    assert.equal(
      doctor.stderr,
      `error: failed to list apiservices: 403 Forbidden: ${denial}; name an APIService or a group to check it without the list\n`,
    );
    assert.equal(doctor.code, ExitCode.auth);
    // Named, the APIService is checked without the list: its reads that are denied are warnings.
    assert.match(named.stdout, /apiservice +cannot check: forbidden \(get apiservice v1alpha1\.wardle\.example\.com\)/);
  });

  it('--client-certificate and --client-key authenticate with a certificate signed by the cluster CA', async () => {
    assert.ok(existsSync(join(pki, 'ca.key')), `no cluster CA key in ${pki}`);
    const key = join(dir, 'viewer.key');
    const csr = join(dir, 'viewer.csr');
    const crt = join(dir, 'viewer.crt');
    const ext = join(dir, 'client.ext');
    writeFileSync(ext, 'extendedKeyUsage=clientAuth\n');
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
    execFileSync('openssl', ['req', '-new', '-key', key, '-subj', '/CN=viewer', '-out', csr]);
    execFileSync('openssl', [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      join(pki, 'ca.crt'),
      '-CAkey',
      join(pki, 'ca.key'),
      '-CAcreateserial',
      '-CAserial',
      join(dir, 'ca.srl'),
      '-days',
      '1',
      '-extfile',
      ext,
      '-out',
      crt,
    ]);
    const flags = [
      '--server',
      cluster.server,
      '--certificate-authority',
      join(pki, 'ca.crt'),
      '--client-certificate',
      crt,
      '--client-key',
      key,
    ];
    const [mine, theirs, viewer] = await Promise.all([
      kapi(['api-resources', '-o', 'wide', ...flags], { KUBECONFIG: '/dev/null' }),
      runCommand(cluster.kubectl, ['api-resources', ...flags], { KUBECONFIG: '/dev/null' }),
      ours(['api-resources', '-o', 'wide', '--context', 'viewer']),
    ]);
    assert.equal(theirs.code, 0, theirs.stderr);
    assert.equal(mine.code, 0, mine.stderr);
    assert.equal(mine.stdout, viewer.stdout);
    assert.equal(mine.stderr, viewer.stderr);
  });

  it('--tls-server-name verifies the certificate against that name', async () => {
    const good = await ours(['api-versions', '--tls-server-name', 'kubernetes.default']);
    assert.equal(good.code, 0, good.stderr);
    const [mine, theirs] = await Promise.all([
      ours(['api-versions', '--tls-server-name', 'wrong.example.com']),
      kubectl(['api-versions', '--tls-server-name', 'wrong.example.com']),
    ]);
    assert.notEqual(theirs.code, 0);
    assert.equal(mine.code, ExitCode.unreachable);
    assert.match(mine.stderr, /TLS verification failed: .*wrong\.example\.com/);
  });

  it('--disable-compression gives the same answer as kubectl', async () => {
    const [mine, theirs] = await Promise.all([
      ours(['api-resources', '--kubectl-compat', '--disable-compression']),
      kubectl(['api-resources', '--disable-compression']),
    ]);
    assert.equal(mine.code, 0, mine.stderr);
    assert.equal(mine.stdout, theirs.stdout);
  });

  it('--server host:port is http, as in kubectl, even with the kubeconfig’s CA: the TLS port refuses it', async () => {
    const hostPort = cluster.server.replace('https://', '');
    const [mine, theirs] = await Promise.all([
      ours(['api-versions', '--server', hostPort]),
      kubectl(['api-versions', '--server', hostPort]),
    ]);
    assert.notEqual(theirs.code, 0);
    assert.equal(mine.code, ExitCode.server);
    assert.match(
      mine.stderr,
      /^error: failed to GET http:\/\/127\.0\.0\.1:\d+\/api\?timeout=32s: 400 Bad Request: Client sent an HTTP request to an HTTPS server\.$/m,
    );
  });
});
