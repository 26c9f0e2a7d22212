import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ExitCode } from '../../src/errors.ts';
import { type ReplayServer, startReplayServer } from '../support/replay-server.ts';
import { kapi } from '../support/run-cli.ts';
import { loadStatusCapture } from './explain-capture.ts';

/**
 * kapi diff --schemas through the CLI: the two bundled releases offline (v1.21
 * through OpenAPI v2, v1.36.3 through v3), and a replay of the real v1.36.3
 * capture (CRDs, aggregated wardle, a stale APIService) against a snapshot
 * `kapi snapshot --with-schemas` recorded from it.
 */
const dataDir = new URL('../data/', import.meta.url).pathname;
let dir: string;
let v136: ReplayServer;
let recorded: string;
const env = () => ({ XDG_CACHE_HOME: dir, HOME: dir });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kapi-diff-schemas-'));
  v136 = await startReplayServer(loadStatusCapture(join(dataDir, 'kube-v1.36.3')));
  const snapshot = await kapi(['snapshot', '--with-schemas', '--server', v136.url], env());
  assert.equal(snapshot.code, ExitCode.partial, snapshot.stderr);
  recorded = join(dir, 'v1.36.3-with-schemas.json');
  writeFileSync(recorded, snapshot.stdout);
});

after(async () => {
  await v136?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kapi diff --schemas', () => {
  test('two bundled releases, offline: grouped by resource, summary last', async () => {
    const result = await kapi(['diff', '--schemas', 'builtin:v1.21.0-k0s', 'builtin:v1.36']);
    assert.equal(result.code, 0, result.stderr);
    // The resources only one release serves are named, one notice per side.
    assert.deepEqual(
      result.stderr.split('\n').map((line) => line.split(':')[0]),
      ['Notice', 'Notice', ''],
    );
    assert.match(result.stderr, /^Notice: served only by builtin:v1\.21\.0-k0s, not compared: .*policy\/v1beta1\/podsecuritypolicies/m);
    const blocks = result.stdout.split('\n\n');
    assert.equal(
      blocks[0],
      [
        // No "deprecated: true -> false" for the kind: v1.21's description said "Deprecated in
        // 1.7", the lifecycle data never deprecates Binding (README, diff --schemas).
        'bindings/v1 (Binding)',
        '  - metadata.clusterName                 string',
        '  + metadata.managedFields.subresource   string',
      ].join('\n'),
    );
    const deployments = blocks.find((block) => block.startsWith('deployments.apps/v1 (Deployment)\n'));
    assert.ok(deployments);
    assert.match(deployments, /\n {2}~ spec\.template\.spec\.containers\.lifecycle\.postStart +type: Handler -> LifecycleHandler\n/);
    assert.match(deployments, /\n {2}\+ spec\.template\.spec\.containers\.resizePolicy +\[\]ContainerResizePolicy\n/);
    assert.equal(blocks.at(-1), '52 resources changed (of 52 compared): 1888 fields added, 72 removed, 927 changed\n');
  });

  test('markdown for a pull request, and --exit-code', async () => {
    const result = await kapi(['diff', '--schemas', 'builtin:v1.21.0-k0s', 'builtin:v1.36', '-o', 'markdown', '--exit-code']);
    assert.equal(result.code, ExitCode.diffFound);
    assert.ok(
      result.stdout.startsWith(
        'Schema changes from `builtin:v1.21.0-k0s` (v1.21.0-k0s1) to `builtin:v1.36` (v1.36.3): 52 resources changed (of 52 compared): 1888 fields added, 72 removed, 927 changed\n\n' +
          '### bindings/v1 (Binding)\n\n|  | Field | Change |\n| --- | --- | --- |\n| - | `metadata.clusterName` | string |\n',
      ),
    );
  });

  test('live against its own snapshot: no differences over CRDs and the aggregated API; the stale group-version named; partial', async () => {
    const result = await kapi(['diff', '--schemas', recorded, 'live', '--server', v136.url, '--exit-code'], env());
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Warning: live: broken\.example\.com\/v1 could not be discovered/);
    assert.match(
      result.stderr,
      /No schema differences between .* and live \(\d+ resources compared(; \d+ served by one side only, named above)?\)\.\n$/,
    );
    assert.equal(result.code, ExitCode.partial);
    const json = JSON.parse((await kapi(['diff', '--schemas', recorded, 'live', '--server', v136.url, '-o', 'json'], env())).stdout);
    assert.equal(json.kind, 'ApiSchemaDiff');
    assert.deepEqual(json.resources, []);
    assert.ok(json.summary.resourcesCompared > 60);
  });

  test('the v1.21 release against the replayed v1.36.3 cluster, as JSON: CRDs are not in both, core resources are', async () => {
    const result = await kapi(['diff', '--schemas', 'builtin:v1.21.0-k0s', 'live', '--server', v136.url, '-o', 'json'], env());
    const json = JSON.parse(result.stdout);
    assert.deepEqual(json.from, { label: 'builtin:v1.21.0-k0s', serverVersion: 'v1.21.0-k0s1', schemaSource: 'openapi/v2' });
    assert.deepEqual(json.to, { label: 'live', serverVersion: 'v1.36.3', schemaSource: 'openapi/v3' });
    assert.ok(!json.resources.some((r: { group: string }) => r.group.endsWith('example.com')));
    const pods = json.resources.find((r: { resource: string }) => r.resource === 'pods');
    assert.ok(pods.changes.some((c: { field: string; change: string }) => c.field === 'spec.resourceClaims' && c.change === 'added'));
  });

  test('a side without schemas: exit 8 with the way out', async () => {
    const plain = await kapi(['snapshot', '--server', v136.url], env());
    const file = join(dir, 'plain.json');
    writeFileSync(file, plain.stdout);
    const result = await kapi(['diff', '--schemas', file, 'builtin']);
    assert.equal(result.code, ExitCode.notFound);
    assert.match(result.stderr, /has no schemas: record it with `kapi snapshot --with-schemas`/);
  });
});
