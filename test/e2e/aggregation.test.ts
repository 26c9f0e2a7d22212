// kapi groups and kapi apiservices against a real kube-apiserver with the
// sample-apiserver (wardle) aggregated, CRDs, and an APIService broken on
// purpose; the release-matched kubectl is the oracle.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiServiceEntry } from '../../src/render/apiservices.ts';
import type { GroupsDocument } from '../../src/render/groups.ts';
import type { GroupRow } from '../../src/surface/groups.ts';
import { kapi, runCommand } from '../support/run-cli.ts';
import { announceSkip, BROKEN_APISERVICE, type Cluster, e2eAvailability, startCluster, WARDLE_APISERVICE } from './cluster.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('aggregation e2e', { skip }, () => {});

describe('the aggregation layer on a real control plane', { skip }, () => {
  let cluster: Cluster;
  const kubectl = (args: string[]) => runCommand(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, ...args]);
  const ours = (args: string[]) => kapi([...args, '--kubeconfig', cluster.kubeconfig]);
  const groupsJson = async (args: string[] = []): Promise<GroupsDocument> => {
    const r = await ours(['groups', '-o', 'json', ...args]);
    // 3 = partial: the broken group-version cannot be discovered, and says so.
    assert.equal(r.code, 3, r.stderr);
    return JSON.parse(r.stdout) as GroupsDocument;
  };
  const row = (rows: GroupRow[] | undefined, groupVersion: string) => {
    const found = rows?.find((candidate) => candidate.groupVersion === groupVersion);
    assert.ok(found, `${groupVersion} in kapi groups`);
    return found;
  };

  before(async () => {
    cluster = await startCluster({ broken: true });
  });
  after(async () => {
    await cluster?.stop();
  });

  it('shows wardle.example.com/v1alpha1 Aggregated via wardle/api and Available', async () => {
    const wardle = row((await groupsJson()).groups, 'wardle.example.com/v1alpha1');
    assert.equal(wardle.servedBy, 'Aggregated');
    assert.equal(wardle.apiService, WARDLE_APISERVICE);
    assert.deepEqual([wardle.service?.namespace, wardle.service?.name], ['wardle', 'api']);
    assert.equal(wardle.available?.status, 'True');
    assert.equal(wardle.freshness, 'Current');
    assert.equal(wardle.resources, 2);
  });

  it('shows broken.example.com Available=False ServiceNotFound, and in the diff', async () => {
    const document = await groupsJson();
    const broken = row(document.groups, 'broken.example.com/v1');
    assert.equal(broken.servedBy, 'Aggregated');
    assert.deepEqual(broken.available && [broken.available.status, broken.available.reason], ['False', 'ServiceNotFound']);
    assert.equal(broken.freshness, 'Stale');
    const entry = document.diff?.find((candidate) => candidate.groupVersion === 'broken.example.com/v1');
    assert.equal(entry?.kind, 'apiservice-stale');
    assert.equal(entry?.apiService, BROKEN_APISERVICE);
    assert.match(entry?.detail ?? '', /Available=False \(ServiceNotFound\)/);
  });

  it('with legacy discovery, the broken version is listed but answers 503', async () => {
    const document = await groupsJson(['--discovery=legacy']);
    const entry = document.diff?.find((candidate) => candidate.groupVersion === 'broken.example.com/v1');
    assert.equal(entry?.kind, 'discovery-error');
    assert.match(entry?.detail ?? '', /answers 503.*ServiceNotFound/);
  });

  it('labels CRD groups CRD and apps/v1 Local', async () => {
    const rows = (await groupsJson()).groups;
    for (const groupVersion of [
      'stable.example.com/v1',
      'stable.example.com/v1beta1',
      'db.example.com/v1',
      'cluster.example.com/v1alpha1',
    ]) {
      assert.equal(row(rows, groupVersion).servedBy, 'CRD', groupVersion);
    }
    assert.equal(row(rows, 'apps/v1').servedBy, 'Local');
    assert.equal(row(rows, 'apps/v1').apiService, 'v1.apps');
    assert.equal(row(rows, 'v1').servedBy, 'Local');
  });

  it('apiregistration.k8s.io is in discovery with no APIService: checked against kubectl, and shown in the diff', async () => {
    const [versions, apiServices] = await Promise.all([
      kubectl(['api-versions']),
      kubectl(['get', 'apiservices', '-o', 'jsonpath={.items[*].spec.group}']),
    ]);
    assert.match(versions.stdout, /^apiregistration\.k8s\.io\/v1$/m);
    assert.equal(apiServices.code, 0, apiServices.stderr);
    const routedGroups = apiServices.stdout.split(' ');
    assert.ok(routedGroups.includes('apps') && !routedGroups.includes('apiregistration.k8s.io'), apiServices.stdout);
    const without = (await groupsJson()).diff?.filter((entry) => entry.kind === 'discovery-without-apiservice');
    assert.deepEqual(
      without?.map((entry) => entry.groupVersion),
      ['apiregistration.k8s.io/v1'],
      'the only group-version without an APIService',
    );
  });

  it('kapi apiservices agrees row by row with kubectl get apiservices', async () => {
    // AGE ticks every second while the two run, so kapi runs between two kubectl
    // runs: every byte before the AGE column equals kubectl's, and each AGE lies
    // between kubectl's before and after (AGE is the last column, so it pads nothing).
    const before = await kubectl(['get', 'apiservices']);
    const mine = await ours(['apiservices']);
    const later = await kubectl(['get', 'apiservices']);
    assert.equal(before.code, 0, before.stderr);
    assert.equal(later.code, 0, later.stderr);
    assert.equal(mine.code, 3, mine.stderr);
    const theirLines = before.stdout.split('\n');
    const myLines = mine.stdout.split('\n');
    const laterLines = later.stdout.split('\n');
    const ageAt = theirLines[0]?.indexOf('AGE') ?? -1;
    assert.ok(ageAt > 0, before.stdout);
    assert.deepEqual(
      myLines.map((line) => line.slice(0, ageAt)),
      theirLines.map((line) => line.slice(0, ageAt)),
    );
    myLines.slice(1, -1).forEach((line, i) => {
      const low = ageSeconds((theirLines[i + 1] ?? '').slice(ageAt));
      const mid = ageSeconds(line.slice(ageAt));
      const high = ageSeconds((laterLines[i + 1] ?? '').slice(ageAt));
      assert.ok(low <= mid && mid <= high, `AGE of "${line}" between kubectl's ${low}s and ${high}s`);
    });
  });

  it('kapi apiservices -o json carries messages, TLS and resources; insecure ones are flagged', async () => {
    const r = await ours(['apiservices', '-o', 'json']);
    const entries = JSON.parse(r.stdout) as ApiServiceEntry[];
    const wardle = entries.find((entry) => entry.name === WARDLE_APISERVICE);
    assert.deepEqual(wardle?.resources, ['fischers', 'flunders']);
    assert.equal(wardle?.available?.message, 'all checks passed');
    const broken = entries.find((entry) => entry.name === BROKEN_APISERVICE);
    assert.equal(broken?.available?.message, 'service/missing in "wardle" is not present');
    for (const entry of entries.filter((candidate) => candidate.insecureSkipTLSVerify)) {
      assert.ok(r.stderr.includes(`Warning: APIService ${entry.name} sets insecureSkipTLSVerify`), entry.name);
    }
  });
  const uriCases: Array<[string[], string]> = [
    [['services', 'kubernetes', '-n', 'default'], '/api/v1/namespaces/default/services/kubernetes'],
    [['clusterroles', 'view'], '/apis/rbac.authorization.k8s.io/v1/clusterroles/view'],
    [['services', 'kubernetes', '-n', 'default', '--subresource', 'status'], '/api/v1/namespaces/default/services/kubernetes/status'],
    [['ns', 'kube-system', '--subresource', 'status'], '/api/v1/namespaces/kube-system/status'],
    [['flunders', '-n', 'default'], '/apis/wardle.example.com/v1alpha1/namespaces/default/flunders'],
    [['ct', '-A'], '/apis/stable.example.com/v1/crontabs'],
  ];
  for (const [args, path] of uriCases) {
    it(`kapi uri ${args.join(' ')} is ${path}, which answers 200 as admin`, async () => {
      const mine = await ours(['uri', ...args]);
      // The broken APIService's stale group-version does not make a resource that was found partial.
      assert.equal(mine.code, 0, mine.stderr);
      assert.equal(mine.stdout, `${path}\n`);
      const fetched = await kubectl(['get', '--raw', path]);
      assert.equal(fetched.code, 0, `GET ${path}: ${fetched.stderr}`);
      assert.ok(fetched.stdout.startsWith('{'), fetched.stdout.slice(0, 200));
    });
  }
});

/** Seconds in a kubectl AGE cell such as 14s, 3m5s or 2h (HumanDuration's units). */
function ageSeconds(cell: string): number {
  const units: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1 };
  const parts = [...cell.trim().matchAll(/(\d+)([dhms])/g)];
  assert.ok(parts.length > 0, `an AGE cell: "${cell}"`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (units[unit as string] ?? 0), 0);
}
