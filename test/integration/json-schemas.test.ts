// The JSON contract: schemas/*.schema.json are generated from the types the
// renderers print (npm run schemas) and must be up to date; every -o json shape
// and the --trace=json lines are validated against them on real output.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { schemaTexts } from '../../scripts/json-schemas.ts';
import { assertMatchesSchema, type OutputName, schemaPath } from '../support/json-schemas.ts';
import { type ReplayServer, startReplayServer } from '../support/replay-server.ts';
import { kapi } from '../support/run-cli.ts';
import { loadStatusCapture } from './explain-capture.ts';

const root = new URL('../../', import.meta.url).pathname;

describe('checked-in schemas', () => {
  it('are what npm run schemas generates from the source types', () => {
    for (const [name, text] of schemaTexts()) {
      assert.equal(
        readFileSync(schemaPath(name as OutputName), 'utf8'),
        text,
        `schemas/${name}.schema.json is out of date: run npm run schemas`,
      );
    }
  });
});

describe('real output validates against its schema', () => {
  const check = assertMatchesSchema;
  let server: ReplayServer;
  before(async () => {
    server = await startReplayServer(loadStatusCapture(join(root, 'test', 'data', 'kube-v1.36.3')));
  });
  after(() => server.close());

  const offline: Array<[OutputName, string[]]> = [
    ['api-resources', ['api-resources', '-o', 'json', '--snapshot', 'builtin', '--all-versions']],
    ['api-resource-list', ['api-resources', '-o', 'json', '--snapshot', 'builtin', '--kubectl-compat']],
    ['api-resource-list', ['api-resources', '-o', 'json', '--snapshot', 'builtin', '--kubectl-compat', '--api-group=none']],
    ['api-versions', ['api-versions', '-o', 'json', '--snapshot', 'builtin']],
    ['apiservices', ['apiservices', '-o', 'json', '--snapshot', 'builtin']],
    ['groups', ['groups', '-o', 'json', '--snapshot', 'builtin']],
    ['groups', ['groups', '--conflicts', '-o', 'json', '--snapshot', 'builtin:v1.21.0-k0s']],
    ['audit', ['audit', '-o', 'json', '--fail-on', 'none', '--snapshot', 'builtin:v1.21.0-k0s']],
    ['audit', ['audit', '-o', 'json', '--fail-on', 'none', '--snapshot', 'builtin:v1.21.0-k0s', '--target-version', '1.25']],
    ['lifecycle', ['lifecycle', '-o', 'json']],
    ['lifecycle', ['lifecycle', '--removed-in', '1.99', '-o', 'json']],
    ['check', ['check', 'test/data/check-manifests', '-o', 'json', '--snapshot', 'builtin']],
    ['diff', ['diff', 'builtin:v1.21.0-k0s', 'builtin', '-o', 'json']],
    ['schema-diff', ['diff', 'builtin:v1.21.0-k0s', 'builtin', '--schemas', '-o', 'json']],
    ['explain', ['explain', 'deployments.spec', '-o', 'json', '--snapshot', 'builtin']],
    ['explain', ['explain', 'pods.spec.containers', '-o', 'json', '--snapshot', 'builtin:v1.21.0-k0s']],
    ['uri', ['uri', 'deploy', 'x', '-n', 'y', '-o', 'json', '--snapshot', 'builtin']],
    ['search', ['search', 'spec.replicas', '-o', 'json', '--snapshot', 'builtin']],
    ['snapshot', ['snapshot', '-o', 'json', '--snapshot', 'builtin:v1.21.0-k0s']],
    ['builtin-snapshots', ['snapshot', '--list-builtin', '-o', 'json']],
  ];
  for (const [name, args] of offline) {
    it(`${name}: kapi ${args.join(' ')}`, async () => {
      const result = await kapi(args);
      assert.ok(result.stdout.length > 0, result.stderr);
      check(name, JSON.parse(result.stdout));
    });
  }

  it('snapshot (live, with schemas) and every --trace=json line, on the v1.36.3 replay', async () => {
    const result = await kapi(['snapshot', '--with-schemas', '--trace=json', '--server', server.url]);
    check('snapshot', JSON.parse(result.stdout));
    const lines = result.stderr
      .trimEnd()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    assert.ok(lines.length > 10);
    for (const line of lines) check('trace', JSON.parse(line));
  });

  it('--trace=json with a cache hit', async () => {
    await kapi(['api-resources', '--server', server.url]);
    const result = await kapi(['api-resources', '--cached', '--trace=json', '--server', server.url]);
    const records = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    assert.equal(records[0].fromCache, true);
    for (const record of records) check('trace', record);
  });
});
