// kapi's foundation commands against a real kube-apiserver, with the
// release-matched kubectl as the oracle.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ExitCode } from '../../src/errors.ts';
import type { SnapshotDocument } from '../../src/snapshot/snapshot.ts';
import type { ApiSurface } from '../../src/surface/model.ts';
import { kapi, runCommand } from '../support/run-cli.ts';
import { announceSkip, type Cluster, createBrokenApiService, deleteBrokenApiService, e2eAvailability, startCluster } from './cluster.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('api-resources e2e', { skip }, () => {});

describe('api-resources and api-versions on a real control plane', { skip }, () => {
  let cluster: Cluster;
  const kubectl = (args: string[]) => runCommand(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, ...args]);
  const ours = (args: string[]) => kapi([...args, '--kubeconfig', cluster.kubeconfig]);

  before(async () => {
    cluster = await startCluster();
  });
  after(async () => {
    await cluster?.stop();
  });

  const variations = [
    [],
    ['-o', 'wide'],
    ['-o', 'name'],
    ['--no-headers'],
    ['--api-group='],
    ['--api-group=apps'],
    ['--api-group=wardle.example.com'],
    ['--namespaced=false'],
    ['--verbs=list,watch'],
    ['--categories=kapi'],
    ['--sort-by=kind'],
    ['--sort-by=name'],
    // kubectl 1.34+ prints an APIResourceList; --kubectl-compat prints the same bytes.
    ['-o', 'json'],
    ['-o', 'yaml'],
    ['-o', 'json', '--api-group=wardle.example.com'],
    ['-o', 'yaml', '--namespaced=false', '--sort-by=kind'],
  ];
  for (const args of variations) {
    it(`api-resources ${args.join(' ') || '(default)'} equals kubectl`, async () => {
      // --kubectl-compat: -o wide would otherwise add kapi's SERVED BY column.
      const [mine, theirs] = await Promise.all([ours(['api-resources', '--kubectl-compat', ...args]), kubectl(['api-resources', ...args])]);
      assert.equal(theirs.code, 0, theirs.stderr);
      assert.equal(mine.code, 0, mine.stderr);
      assert.equal(mine.stdout, theirs.stdout);
    });
  }

  it('api-versions equals kubectl', async () => {
    const [mine, theirs] = await Promise.all([ours(['api-versions']), kubectl(['api-versions'])]);
    assert.equal(mine.code, 0, mine.stderr);
    assert.equal(mine.stdout, theirs.stdout);
  });

  it('labels who serves each group-version in -o wide and JSON', async () => {
    const wide = await ours(['api-resources', '-o', 'wide']);
    assert.equal(wide.code, 0, wide.stderr);
    assert.match(wide.stdout, /^flunders\s.*\swardle\.example\.com\/v1alpha1\s.*\sAggregated:wardle\/api:\d+$/m);
    assert.match(wide.stdout, /^crontabs\s.*\sCRD$/m);
    assert.match(wide.stdout, /^deployments\s.*\sLocal$/m);
    const json = JSON.parse((await ours(['api-resources', '-o', 'json', '--api-group=wardle.example.com'])).stdout);
    assert.deepEqual(
      json.map((entry: { name: string; servedBy: { type: string; apiService: string; service: { namespace: string; name: string } } }) => [
        entry.name,
        entry.servedBy.type,
        entry.servedBy.apiService,
        `${entry.servedBy.service.namespace}/${entry.servedBy.service.name}`,
      ]),
      [
        ['fischers', 'aggregated', 'v1alpha1.wardle.example.com', 'wardle/api'],
        ['flunders', 'aggregated', 'v1alpha1.wardle.example.com', 'wardle/api'],
      ],
    );
  });

  it('legacy and aggregated discovery build the same model', async () => {
    const surfaceOf = async (mode: string): Promise<ApiSurface> => {
      const result = await ours(['snapshot', `--discovery=${mode}`]);
      assert.equal(result.code, 0, result.stderr);
      return (JSON.parse(result.stdout) as SnapshotDocument).surface;
    };
    const [aggregated, legacy] = await Promise.all([surfaceOf('auto'), surfaceOf('legacy')]);
    assert.equal(aggregated.discovery, 'aggregated');
    assert.equal(legacy.discovery, 'legacy');
    // Legacy discovery alone carries storageVersionHash (kept for kubectl's -o json, issue 21
    // item 14); aggregated discovery v2 has no such field.
    const configMaps = (surface: ApiSurface) =>
      surface.groups[0]?.versions[0]?.resources.find((resource) => resource.name === 'configmaps');
    assert.match(configMaps(legacy)?.storageVersionHash ?? '', /^[A-Za-z0-9+/=]+$/);
    assert.equal(configMaps(aggregated)?.storageVersionHash, undefined);
    // Each protocol keeps the server's order: CRD groups of equal priority and the
    // resources within a version come in a different order, so compare by name.
    const normalise = (surface: ApiSurface) =>
      [...surface.groups]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((group) => ({
          ...group,
          versions: group.versions.map((version) => ({
            ...version,
            resources: [...version.resources]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map(({ storageVersionHash: _legacyOnly, ...resource }) => resource),
          })),
        }));
    assert.deepEqual(normalise(legacy), normalise(aggregated));
    assert.deepEqual(legacy.failures, []);
  });

  it('the restricted user: discovery works, served-by is unknown with one notice', async () => {
    const result = await ours(['api-resources', '-o', 'wide', '--context', 'viewer']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^deployments\s.*\sUnknown$/m);
    assert.equal(
      result.stderr,
      'Notice: served-by is unknown: the user may not list apiservices.apiregistration.k8s.io; the user may not list customresourcedefinitions.apiextensions.k8s.io\n',
    );
  });

  describe('with an APIService broken on purpose', () => {
    before(async () => {
      await createBrokenApiService(cluster.kubeconfig, cluster.kubectl);
    });
    after(async () => {
      await deleteBrokenApiService(cluster.kubeconfig, cluster.kubectl);
    });

    it('prints everything else, warns with the reason, and exits partial', async () => {
      const [mine, compat, theirs] = await Promise.all([
        ours(['api-resources']),
        ours(['api-resources', '--kubectl-compat']),
        kubectl(['api-resources']),
      ]);
      assert.equal(mine.stdout, theirs.stdout);
      assert.equal(mine.code, ExitCode.partial);
      // --kubectl-compat exits as kubectl does (issue 21 item 17), with the same stdout.
      assert.equal(compat.stdout, theirs.stdout);
      assert.equal(compat.code, theirs.code);
      assert.equal(
        mine.stderr,
        'Warning: broken.example.com/v1 could not be discovered: stale in aggregated discovery (its API server is unavailable)\n',
      );
      // Difference by design: kubectl v1.36 drops the stale group silently and exits 0.
      assert.equal(theirs.code, 0);
      assert.equal(theirs.stderr, '');
    });

    it('legacy discovery names the 503', async () => {
      const [mine, compat] = await Promise.all([
        ours(['api-resources', '--discovery=legacy']),
        ours(['api-resources', '--discovery=legacy', '--kubectl-compat']),
      ]);
      assert.equal(mine.code, ExitCode.partial);
      assert.match(mine.stderr, /^Warning: broken\.example\.com\/v1 could not be discovered: 503 Service Unavailable/);
      // kubectl exits 1 when legacy discovery of a group-version fails; so does --kubectl-compat.
      assert.equal(compat.code, 1);
      assert.match(compat.stderr, /broken\.example\.com\/v1/);
    });

    it('api-versions reports the stale version on stderr', async () => {
      const [mine, theirs] = await Promise.all([ours(['api-versions']), kubectl(['api-versions'])]);
      assert.equal(mine.stdout, theirs.stdout);
      assert.equal(mine.code, ExitCode.partial);
      assert.match(mine.stderr, /broken\.example\.com\/v1/);
    });
  });
});
