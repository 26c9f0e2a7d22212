// The CLI against a loopback server serving mutated documents (see test/support/mutate.ts):
// whatever the server sends, kapi exits with a documented code other than 1, prints no stack
// trace and writes no raw control character to stdout or stderr. A CLI run costs a process
// start, so this runs 24 mutated documents per kind from a fixed seed; the in-process fuzz
// (test/unit/fuzz.test.ts) runs 1,000 per kind through the same readers.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { type Mutation, mutate, mutationsArbitrary, pathsOf } from '../support/mutate.ts';
import { rawControl } from '../support/raw-control.ts';
import { type ReplayServer, type RouteSet, startReplayServer } from '../support/replay-server.ts';
import { kapi } from '../support/run-cli.ts';
import { dataDir } from '../support/surfaces.ts';
import { loadStatusCapture } from './explain-capture.ts';

const capture = join(dataDir, 'kube-v1.36.3');
const runs = 24;
const seed = 20261124;
const aggregatedType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const kinds: Array<{ name: string; path: string; file: string; contentType: string; route: 'plain' | 'aggregated'; args: string[] }> = [
  {
    name: 'aggregated /apis',
    path: '/apis',
    file: 'aggregated/apis.json',
    contentType: aggregatedType,
    route: 'aggregated',
    args: ['api-resources', '-o', 'wide'],
  },
  {
    name: 'a legacy APIResourceList',
    path: '/apis/stable.example.com/v1',
    file: 'legacy/apis/stable.example.com/v1.json',
    contentType: 'application/json',
    route: 'plain',
    args: ['api-resources', '--discovery=legacy'],
  },
  {
    name: 'an OpenAPI v3 CRD document',
    path: '/openapi/v3/apis/stable.example.com/v1',
    file: 'openapi/v3/apis/stable.example.com/v1.json',
    contentType: 'application/json',
    route: 'plain',
    args: ['explain', 'crontabs.spec', '--recursive'],
  },
];

describe(`fuzz the CLI: ${runs} mutated documents per kind on a loopback server, seed ${seed}`, () => {
  let server: ReplayServer;
  let base: Map<string, RouteSet>;
  const cache = mkdtempSync(join(tmpdir(), 'kapi-fuzz-cli-'));
  let count = 0;
  before(async () => {
    base = loadStatusCapture(capture);
    server = await startReplayServer(new Map(base));
  });
  after(async () => {
    await server.close();
    rmSync(cache, { recursive: true, force: true });
  });

  for (const kind of kinds) {
    it(`${kind.name}: never exit 1, never a stack trace, never a raw control character`, async () => {
      const document = JSON.parse(readFileSync(join(capture, kind.file), 'utf8'));
      const paths = pathsOf(document);
      await fc.assert(
        fc.asyncProperty(mutationsArbitrary, async (mutations: Mutation[]) => {
          server.routes.clear();
          for (const [path, set] of base) server.routes.set(path, set);
          const body = JSON.stringify(mutate(document, paths, mutations)) ?? 'null';
          server.routes.set(kind.path, { ...base.get(kind.path), [kind.route]: { status: 200, contentType: kind.contentType, body } });
          const result = await kapi([...kind.args, '--server', server.url], { XDG_CACHE_HOME: join(cache, String(++count)) });
          assert.ok([0, 3, 7].includes(result.code), `exit ${result.code}: ${result.stderr}`);
          assert.doesNotMatch(result.stderr, /^\s+at /m, 'a stack trace');
          assert.doesNotMatch(result.stderr, /unexpected/);
          assert.doesNotMatch(result.stdout, rawControl);
          assert.doesNotMatch(result.stderr, rawControl);
        }),
        { seed, numRuns: runs, interruptAfterTimeLimit: 600_000, markInterruptAsFailure: true },
      );
    });
  }
});
