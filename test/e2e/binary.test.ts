// The standalone executable (npm run build:binary) on a machine without Node: PATH holds no node at
// all, and every answer must be the checkout's, offline and against the real control plane.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { binaryPath, ensureBinary } from '../support/binary.ts';
import { kapi, runCommand } from '../support/run-cli.ts';
import { announceSkip, type Cluster, e2eAvailability, startCluster } from './cluster.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('standalone binary e2e', { skip }, () => {});

describe('the standalone executable runs where no Node is installed', { skip }, () => {
  let cluster: Cluster;
  const scratch = mkdtempSync(join(tmpdir(), 'kapi-binary-'));
  /** No node anywhere on PATH: an empty folder. */
  const noNode = { PATH: mkdtempSync(join(scratch, 'path-')), HOME: join(scratch, 'home'), XDG_CACHE_HOME: join(scratch, 'cache') };
  const binary = (args: string[]) => runCommand(binaryPath, args, noNode, 60_000, scratch);
  /** The checkout's kapi on this test's Node: the same answers, except the Node version oclif's user agent names. */
  const checkout = (args: string[]) => kapi(args);
  const sameAsCheckout = async (args: string[]) => {
    const [ours, theirs] = await Promise.all([binary(args), checkout(args)]);
    assert.equal(ours.code, theirs.code, `${args.join(' ')}: ${ours.stderr}`);
    assert.equal(ours.stderr, theirs.stderr, args.join(' '));
    const nodeVersion = /node-v\d+\.\d+\.\d+/g;
    assert.equal(ours.stdout.replace(nodeVersion, 'node-vX'), theirs.stdout.replace(nodeVersion, 'node-vX'), args.join(' '));
  };

  before(async () => {
    ensureBinary();
    cluster = await startCluster();
  });
  after(async () => {
    await cluster?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('--version names the embedded runtime, with no node on PATH', async () => {
    const result = await binary(['--version']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^kapi\/\d+\.\d+\.\d+ linux-x64 node-v2[4-9]\.\d+\.\d+\n$/);
    assert.equal((await runCommand('/bin/sh', ['-c', 'command -v node || echo none'], noNode)).stdout, 'none\n');
  });

  it('unpacks its files once, into a private folder of the cache', async () => {
    await binary(['--version']);
    const parent = join(noNode.XDG_CACHE_HOME, 'kapi', 'binary');
    const [id, ...others] = readdirSync(parent);
    assert.deepEqual(others, []);
    const folder = join(parent, id as string);
    assert.equal(statSync(folder).mode & 0o777, 0o700);
    assert.ok(readdirSync(join(folder, 'snapshots')).some((file) => file.startsWith('v1.36.3')));
  });

  for (const args of [
    ['--help'],
    ['api-resources', '--help'],
    ['explain', 'pods', '--help'],
    ['api-resources', '--snapshot', 'builtin'],
    ['api-resources', '--snapshot', 'builtin:v1.21.0-k0s', '-o', 'wide'],
    ['api-versions', '--snapshot', 'builtin', '-o', 'json'],
    ['explain', 'deployments.spec', '--snapshot', 'builtin'],
    ['explain', 'pods', '--recursive', '--snapshot', 'builtin', '-o', 'yaml'],
    ['search', 'spec.replicas', '--snapshot', 'builtin'],
    ['uri', 'deployments', 'web', '-n', 'default', '--snapshot', 'builtin'],
    ['completion', 'bash'],
    ['__complete', 'explain', 'deployments.spec.'],
    ['bogus'],
    ['api-resources', '-o', 'bogus', '--snapshot', 'builtin'],
  ]) {
    it(`kapi ${args.join(' ')} answers as the checkout does`, () => sameAsCheckout(args));
  }

  for (const args of [['api-resources'], ['api-resources', '-o', 'wide'], ['api-versions'], ['explain', 'flunders.spec'], ['groups']]) {
    it(`kapi ${args.join(' ')} on the control plane answers as the checkout does`, () =>
      sameAsCheckout([...args, '--kubeconfig', cluster.kubeconfig]));
  }
});
