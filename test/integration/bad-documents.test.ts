// What the bad-input table (bad-document-cases.ts) cannot say in one stderr line:
// the rest of the answer is still printed, a 150,000-resource discovery answer is
// read whole, mixed discovery is labelled, a YAML snapshot reads back, and a cache
// file of the wrong shape is a miss. Against a replay of the kube-apiserver v1.36.3 capture.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ReplayServer, type RouteSet, startReplayServer } from '../support/replay-server.ts';
import { type CliResult, kapi } from '../support/run-cli.ts';
import { dataDir } from '../support/surfaces.ts';
import { apisWithApps, hugeAggregated, legacyCore } from './bad-document-cases.ts';
import { loadStatusCapture } from './explain-capture.ts';

const capture = join(dataDir, 'kube-v1.36.3');
const work = mkdtempSync(join(tmpdir(), 'kapi-bad-documents-'));

interface AnswerCase {
  name: string;
  routes: Record<string, RouteSet>;
  args: string[];
  exit: number;
  check: (result: CliResult) => void;
}

const answerCases: AnswerCase[] = [
  {
    name: 'one malformed aggregated version: the other resources are printed',
    routes: { '/apis': apisWithApps((group) => Object.assign(group.versions[0] as object, { resources: [null] })) },
    args: ['api-resources'],
    exit: 3,
    check: (result) => {
      assert.match(result.stdout, /^crontabs +ct +stable\.example\.com\/v1 +true +CronTab/m);
      assert.doesNotMatch(result.stdout, /^deployments /m);
    },
  },
  {
    name: 'a 30 MB answer with 150,000 resources in one group-version is read whole, without a stack overflow',
    routes: { '/apis': hugeAggregated(150_000) },
    args: ['api-resources', '-o', 'name'],
    exit: 0,
    check: (result) => assert.equal(result.stdout.split('\n').filter((line) => line.endsWith('.huge.example.com')).length, 150_000),
  },
  {
    name: 'mixed discovery keeps the stale aggregated version and says "mixed"',
    routes: { '/api': legacyCore() },
    args: ['snapshot'],
    exit: 3,
    check: (result) => {
      const surface = JSON.parse(result.stdout).surface;
      assert.equal(surface.discovery, 'mixed');
      assert.deepEqual(
        surface.failures.map((f: { group: string; reason: string }) => `${f.group} ${f.reason}`),
        ['broken.example.com stale'],
      );
      assert.equal(surface.groups[0].name, '');
    },
  },
];

describe('bad documents: the rest of the answer, huge answers, mixed discovery, YAML snapshots, cache misses', () => {
  let server: ReplayServer;
  let base: Map<string, RouteSet>;
  before(async () => {
    base = loadStatusCapture(capture);
    server = await startReplayServer(new Map(base));
  });
  after(async () => {
    await server?.close();
    // The scratch folder goes too, whether the tests passed or not.
    rmSync(work, { recursive: true, force: true });
  });

  for (const [index, row] of answerCases.entries()) {
    it(row.name, async () => {
      server.routes.clear();
      for (const [path, set] of base) server.routes.set(path, set);
      for (const [path, set] of Object.entries(row.routes)) server.routes.set(path, set);
      const dir = join(work, String(index));
      mkdirSync(dir, { recursive: true });
      const result = await kapi([...row.args, '--server', server.url], { XDG_CACHE_HOME: join(dir, 'cache') });
      assert.equal(result.code, row.exit, result.stderr);
      assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
      row.check(result);
    });
  }

  it('--snapshot reads what `kapi snapshot -o yaml` writes, and answers as the JSON snapshot does', async () => {
    server.routes.clear();
    for (const [path, set] of base) server.routes.set(path, set);
    const env = { XDG_CACHE_HOME: join(work, 'yaml-cache') };
    const yaml = await kapi(['snapshot', '-o', 'yaml', '--server', server.url], env);
    const jsonSnapshot = await kapi(['snapshot', '--server', server.url], env);
    assert.equal(yaml.code, 3, yaml.stderr);
    writeFileSync(join(work, 'cluster.yaml'), yaml.stdout);
    writeFileSync(join(work, 'cluster.json'), jsonSnapshot.stdout);
    const fromYaml = await kapi(['api-resources', '-o', 'wide', '--snapshot', join(work, 'cluster.yaml')]);
    const fromJson = await kapi(['api-resources', '-o', 'wide', '--snapshot', join(work, 'cluster.json')]);
    assert.equal(fromYaml.stderr, fromJson.stderr);
    assert.equal(fromYaml.code, 3);
    assert.equal(fromYaml.stdout, fromJson.stdout);
    assert.match(fromYaml.stdout, /^crontabs /m);
  });

  it('a discovery cache file holding {} is a miss: --cached asks the server again and succeeds', async () => {
    server.routes.clear();
    for (const [path, set] of base) server.routes.set(path, set);
    const cache = join(work, 'cache-miss');
    const first = await kapi(['api-resources', '--cached', '--server', server.url], { XDG_CACHE_HOME: cache });
    assert.equal(first.code, 3, first.stderr);
    // Wherever the cache keeps it: the one surface file under the cache folder.
    const file = (readdirSync(cache, { recursive: true }) as string[])
      .filter((name) => name.endsWith('surface.json'))
      .map((name) => join(cache, name))[0] as string;
    writeFileSync(file, '{}');
    utimesSync(file, new Date(), new Date());
    server.requests.length = 0;
    const second = await kapi(['api-resources', '--cached', '--server', server.url], { XDG_CACHE_HOME: cache });
    assert.equal(second.code, 3, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.ok(
      server.requests.some((request) => request.path.startsWith('/apis?')),
      'the server was asked again',
    );
    assert.notEqual(readFileSync(file, 'utf8'), '{}', 'the cache was rewritten');
  });
});
