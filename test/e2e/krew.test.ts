// kapi as a krew plugin: krew v0.4.3 (built from the Go module proxy, cached outside the repo)
// installs the release archive from the local manifest, offline, into a throwaway KREW_ROOT; then
// the release-matched kubectl finds the plugin and its completion helper on PATH.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureRelease } from '../support/binary.ts';
import { kapi, runCommand } from '../support/run-cli.ts';
import { announceSkip, type Cluster, e2eAvailability, repoRoot, startCluster } from './cluster.ts';

const KREW = 'v0.4.3';
const krewBin = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kapi', 'tools', `krew-${KREW}`, 'krew');
const releaseManifest = join(repoRoot, 'dist', 'release', 'kapi.yaml');

/** krew from the Go module proxy, built once (under nice: the machine is shared) into kapi's cache. */
function ensureKrew(): string {
  if (!existsSync(krewBin)) {
    mkdirSync(dirname(krewBin), { recursive: true });
    execFileSync('nice', ['-n', '10', 'go', 'install', `sigs.k8s.io/krew/cmd/krew@${KREW}`], {
      cwd: tmpdir(),
      env: { ...process.env, GOBIN: dirname(krewBin), GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 900_000,
    });
  }
  return krewBin;
}

const skip = announceSkip(e2eAvailability());
if (skip) it('krew e2e', { skip }, () => {});

describe('krew installs kapi from the local manifest and archive, offline', { skip }, () => {
  let cluster: Cluster;
  const scratch = mkdtempSync(join(tmpdir(), 'kapi-krew-'));
  const krewRoot = join(scratch, 'krew');
  /** The few tools the completion helper and the caveats' command use (this machine's /usr/bin also holds node). */
  const tools = join(scratch, 'tools');
  /** What a krew user's PATH holds: krew's bin folder, kubectl and a shell's tools; no node. */
  const env = () => ({
    KREW_ROOT: krewRoot,
    KREW_NO_UPGRADE_CHECK: '1',
    PATH: `${join(krewRoot, 'bin')}:${dirname(cluster.kubectl)}:${tools}`,
    HOME: join(scratch, 'home'),
    XDG_CACHE_HOME: join(scratch, 'cache'),
  });

  before(async () => {
    mkdirSync(tools);
    for (const tool of ['sh', 'readlink', 'dirname', 'ln'])
      symlinkSync(execFileSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(tools, tool));
    ensureRelease();
    ensureKrew();
    cluster = await startCluster();
    const archive = join(repoRoot, 'dist', 'release', 'kapi-linux-amd64.tar.gz');
    const install = await runCommand(krewBin, ['install', `--manifest=${releaseManifest}`, `--archive=${archive}`], env(), 300_000);
    assert.equal(install.code, 0, install.stderr);
    // What the manifest's caveats tell the user to run for `kubectl kapi <TAB>`.
    const caveat = readFileSync(releaseManifest, 'utf8').match(/^\s+(ln -sf .*kubectl_complete-kapi.*)$/m)?.[1];
    assert.ok(caveat, 'the caveats name the completion helper');
    const link = await runCommand('/bin/sh', ['-c', caveat], env());
    assert.equal(link.code, 0, link.stderr);
  });
  after(async () => {
    await cluster?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('krew installed the archive’s three files and the plugin on PATH', async () => {
    assert.ok(existsSync(join(krewRoot, 'receipts', 'kapi.yaml')));
    const version = readFileSync(releaseManifest, 'utf8').match(/^\s+version: (v\S+)$/m)?.[1] as string;
    const store = join(krewRoot, 'store', 'kapi', version);
    assert.deepEqual(readdirSync(store).sort(), ['LICENSE', 'kubectl-kapi', 'kubectl_complete-kapi']);
    const which = await runCommand(
      '/bin/sh',
      ['-c', 'command -v kubectl-kapi; command -v kubectl_complete-kapi; command -v node || echo none'],
      env(),
    );
    assert.equal(which.stdout, `${join(krewRoot, 'bin', 'kubectl-kapi')}\n${join(krewRoot, 'bin', 'kubectl_complete-kapi')}\nnone\n`);
  });

  it('kubectl kapi api-resources prints what kapi prints', async () => {
    const args = ['api-resources', '--kubeconfig', cluster.kubeconfig];
    const [plugin, ours] = await Promise.all([runCommand(cluster.kubectl, ['kapi', ...args], env()), kapi(args)]);
    assert.equal(plugin.code, 0, plugin.stderr);
    assert.equal(plugin.stderr, '');
    assert.equal(plugin.stdout, ours.stdout);
    assert.match(plugin.stdout, /^flunders\s/m);
  });

  it('kubectl kapi <TAB> completes through kubectl_complete-kapi, with the cluster’s resources', async () => {
    // kubectl's own completion entry point, as a shell's TAB calls it: the words after "kubectl".
    const kubeconfig = ['--kubeconfig', cluster.kubeconfig];
    const cases = [
      ['kapi', ''],
      ['kapi', 'api-'],
      ['kapi', ...kubeconfig, 'explain', 'flun'],
      ['kapi', ...kubeconfig, 'explain', 'deployments.spec.repl'],
    ];
    for (const words of cases) {
      const [viaKubectl, ours] = await Promise.all([
        runCommand(cluster.kubectl, ['__complete', ...words], env()),
        kapi(['__complete', ...words.slice(1)]),
      ]);
      assert.equal(viaKubectl.code, 0, viaKubectl.stderr);
      assert.equal(viaKubectl.stdout, ours.stdout, words.join(' '));
    }
    const flunders = await runCommand(cluster.kubectl, ['__complete', 'kapi', ...kubeconfig, 'explain', 'flun'], env());
    assert.equal(flunders.stdout, 'flunders.wardle.example.com\tFlunder (wardle.example.com/v1alpha1)\n:4\n');
  });
});
