// Tracing parity with the release-matched kubectl on a real kube-apiserver:
// the same requests at -v 6, the same line structure at -v 7 and 8, and no
// credential at any level.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TraceRequestRecord, TraceSummaryRecord } from '../../src/cluster/trace-json.ts';
import { kapi, runCommand } from '../support/run-cli.ts';
import { announceSkip, type Cluster, e2eAvailability, startCluster } from './cluster.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('trace e2e', { skip }, () => {});

/** "GET https://.../api?timeout=32s" for each request a -v 6 trace shows, in order. */
function requestsOf(stderr: string): string[] {
  return [...stderr.matchAll(/^I\d{4} [\d:.]+ +\d+ round_trippers\.go:\d+\] "Response" verb="(\w+)" url="([^"]+)"/gm)].map(
    (match) => `${match[1]} ${match[2]}`,
  );
}

/** The round_trippers and body lines with the klog header, timings and per-request values removed. */
function shapeOf(stderr: string): string[] {
  const volatile =
    /^\t(Audit-Id|Date|Etag|User-Agent|X-Kubernetes-Pf-[\w-]+|X-From-Cache|X-Varied-Accept|Vary|Cache-Control|Content-Length|Content-Type): .*$/;
  return stderr
    .split('\n')
    .filter((line) => /round_trippers\.go|discovery_client\.go|^\t|^ >/.test(line))
    .filter((line) => !volatile.test(line))
    .map((line) => line.replace(/^I\d{4} [\d:.]+ +\d+ /, '').replace(/milliseconds=\d+/, 'milliseconds=N'));
}

describe('tracing on a real control plane', { skip }, () => {
  let cluster: Cluster;
  let cacheDir: string;
  const kubectl = (args: string[]) => runCommand(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, `--cache-dir=${cacheDir}`, ...args]);
  // Each kapi run starts with an empty cache, as kubectl api-resources refetches discovery on every run;
  // warm runs revalidate with If-None-Match instead, which the discovery cache tests cover.
  const ours = async (args: string[]) =>
    kapi([...args, '--kubeconfig', cluster.kubeconfig], { XDG_CACHE_HOME: await mkdtemp(join(cacheDir, 'kapi-')) });

  before(async () => {
    cluster = await startCluster();
    cacheDir = await mkdtemp(join(tmpdir(), 'kapi-e2e-kubectl-cache-'));
  });
  after(async () => {
    await cluster?.stop();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('kapi api-resources -v 6 makes the same requests as kubectl api-resources -v 6', async () => {
    const [theirs, mine] = await Promise.all([kubectl(['api-resources', '-v', '6']), ours(['api-resources', '-v', '6'])]);
    // A reused cluster may carry the broken APIService: kubectl then exits 1 and kapi 3 (partial), after the same requests.
    assert.ok([0, 3].includes(mine.code), mine.stderr);
    const expected = requestsOf(theirs.stderr);
    assert.ok(expected.length >= 2, theirs.stderr);
    assert.deepEqual(requestsOf(mine.stderr), expected);
  });

  it("-v 6 lines have kubectl's exact form", async () => {
    const mine = await ours(['api-versions', '-v', '6']);
    const lines = mine.stderr.split('\n').filter((line) => line.includes('round_trippers'));
    assert.ok(lines.length >= 2);
    for (const line of lines) {
      assert.match(
        line,
        /^I\d{4} \d\d:\d\d:\d\d\.\d{6} [ \d]{7} round_trippers\.go:632\] "Response" verb="GET" url="https:\/\/127\.0\.0\.1:\d+\/apis?\?timeout=32s" status="200 OK" milliseconds=\d+$/,
      );
    }
  });

  for (const level of ['7', '8']) {
    it(`-v ${level}: the same lines as kubectl apart from timings and per-request header values`, async () => {
      const [theirs, mine] = await Promise.all([kubectl(['api-resources', '-v', level]), ours(['api-resources', '-v', level])]);
      assert.deepEqual(shapeOf(mine.stderr), shapeOf(theirs.stderr));
    });
  }

  it('no credential of the kubeconfig appears at any level', async () => {
    const raw = await runCommand(cluster.kubectl, [
      '--kubeconfig',
      cluster.kubeconfig,
      'config',
      'view',
      '--raw',
      '--minify',
      '-o',
      'jsonpath={.users[0].user.token}',
    ]);
    const token = raw.stdout.trim();
    assert.ok(token.length >= 8, 'the admin user has a token');
    for (const args of [['-v', '6'], ['-v', '7'], ['-v', '8'], ['-v', '10'], ['--trace=json']]) {
      const mine = await ours(['groups', ...args]);
      assert.ok(mine.stderr.length > 0);
      assert.ok(!mine.stderr.includes(token), `token in ${args.join(' ')}`);
      assert.ok(!mine.stdout.includes(token));
    }
  });

  it('--trace=json: one object per request, then the summary', async () => {
    const mine = await ours(['groups', '--trace=json']);
    assert.ok([0, 3].includes(mine.code), mine.stderr);
    const lines = mine.stderr
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    const records = lines.slice(0, -1).map((line) => JSON.parse(line) as TraceRequestRecord);
    const { summary } = JSON.parse(lines.at(-1) as string) as TraceSummaryRecord;
    assert.deepEqual(records.map((record) => [new URL(record.url).pathname, record.source, record.status]).sort(), [
      ['/api', 'aggregated', 200],
      ['/apis', 'aggregated', 200],
      ['/apis/apiextensions.k8s.io/v1/customresourcedefinitions', 'registrations', 200],
      ['/apis/apiregistration.k8s.io/v1/apiservices', 'registrations', 200],
    ]);
    assert.equal(summary.requests, records.length);
    assert.equal(
      summary.bytes,
      records.reduce((sum, record) => sum + record.bytes, 0),
    );
    assert.ok(summary.wallMs >= 0);
  });
});
