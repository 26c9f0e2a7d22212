import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { builtinSnapshotNames, defaultBuiltinSnapshot } from '../../src/snapshot/builtin.ts';
import { kapi } from '../support/run-cli.ts';

/**
 * The Kubernetes releases bundled with kapi, through the CLI and offline: each answers
 * api-versions exactly as `kubectl api-versions` answered against its kube-apiserver when it was
 * recorded (tools/reference-surfaces/record.sh), and explain, search, atlas and diff work on each.
 */
const snapshotsDir = new URL('../../snapshots/', import.meta.url).pathname;
const releases = builtinSnapshotNames().filter((name) => /^v\d+\.\d+\.\d+$/.test(name));
const minor = (release: string) => release.replace(/\.\d+$/, '');
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kapi-builtin-releases-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('snapshot --list-builtin', () => {
  test('one row per bundled snapshot, oldest first; builtin and each minor name the newest', async () => {
    const result = await kapi(['snapshot', '--list-builtin']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^NAME +ALSO +SERVER +RELEASED +RECORDED +GROUP-VERSIONS +RESOURCES +SCHEMAS +FULL +STORED$/);
    assert.deepEqual(
      lines.slice(1).map((line) => line.split(/ {2,}/)[0]),
      builtinSnapshotNames().map((name) => `builtin:${name}`),
    );
    const json = JSON.parse((await kapi(['snapshot', '--list-builtin', '-o', 'json'])).stdout) as {
      items: Array<{ name: string; aliases: string[]; serverVersion: string; schemas: string; fullBytes: number; storedBytes: number }>;
    };
    for (const item of json.items) {
      const name = item.name.slice('builtin:'.length);
      const expected =
        name === defaultBuiltinSnapshot ? ['builtin', `builtin:${minor(name)}`] : releases.includes(name) ? [`builtin:${minor(name)}`] : [];
      assert.deepEqual(item.aliases, expected, item.name);
      if (releases.includes(name)) {
        assert.equal(item.serverVersion, name);
        assert.equal(item.schemas, 'openapi-v3');
        assert.ok(item.storedBytes < item.fullBytes / 5, `${item.name} is stored in far less than its full size`);
      }
    }
  });
});

describe('every bundled release, offline', () => {
  for (const release of releases) {
    test(`builtin:${minor(release)}: api-versions is what kubectl api-versions printed against its kube-apiserver`, async () => {
      const recorded = readFileSync(join(snapshotsDir, `${release}.api-versions.txt`), 'utf8');
      for (const reference of [`builtin:${minor(release)}`, `builtin:${release}`]) {
        const result = await kapi(['api-versions', '--snapshot', reference]);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stdout, recorded, reference);
      }
    });

    test(`builtin:${minor(release)}: explain, search and atlas read its schemas`, async () => {
      const reference = `builtin:${minor(release)}`;
      const explained = await kapi(['explain', 'deployments.spec.replicas', '--snapshot', reference]);
      assert.equal(explained.code, 0, explained.stderr);
      assert.match(explained.stdout, /^GROUP: +apps\nKIND: +Deployment\nVERSION: +v1\n\nFIELD: replicas <integer>\n/);
      const searched = await kapi(['search', 'spec.replicas', '--snapshot', reference, '--api-group', 'apps', '-o', 'json']);
      assert.equal(searched.code, 0, searched.stderr);
      assert.ok(searched.stdout.includes('"deployments"'), searched.stdout.slice(0, 400));
      const file = join(dir, `${release}.html`);
      const atlas = await kapi(['atlas', '--html', file, '--snapshot', reference]);
      assert.equal(atlas.code, 0, atlas.stderr);
      assert.match(atlas.stderr, /^Wrote .*\.html \(\d+ KiB\): \d+ groups, \d+ resources, \d+ schemas\n$/);
    });
  }
});

describe('diff between bundled releases, offline', () => {
  test('diff builtin:v1.36 builtin:v1.37: what the newer release adds', async () => {
    const result = await kapi(['diff', 'builtin:v1.36', 'builtin:v1.37']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        '  OBJECT          GROUP-VERSION                NAME                     CHANGE',
        '+ resource        certificates.k8s.io/v1       clustertrustbundles',
        '+ resource        certificates.k8s.io/v1       podcertificaterequests',
        '+ resource        resource.k8s.io/v1           devicetaintrules',
        '~ resource        storage.k8s.io/v1            csinodes                 subresources: +status',
        '+ group-version   storagemigration.k8s.io/v1                            1 resource: storageversionmigrations',
        '',
        '5 differences: 1 group-version added, 3 resources added, 1 resource changed',
        '',
      ].join('\n'),
    );
  });

  test('diff --schemas builtin:v1.36 builtin (v1.37): field by field, from the store of both', async () => {
    const result = await kapi(['diff', '--schemas', 'builtin:v1.36', 'builtin', '-o', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.deepEqual(json.from, { label: 'builtin:v1.36', serverVersion: 'v1.36.3', schemaSource: 'openapi/v3' });
    assert.deepEqual(json.to, { label: 'builtin', serverVersion: 'v1.37.2', schemaSource: 'openapi/v3' });
    const csinodes = json.resources.find((r: { resource: string }) => r.resource === 'csinodes');
    assert.ok(csinodes.changes.some((c: { field: string; change: string }) => c.field === 'status.storageHealth' && c.change === 'added'));
    const text = await kapi(['diff', '--schemas', 'builtin:v1.36', 'builtin']);
    assert.ok(
      text.stdout.endsWith('\n\n20 resources changed (of 68 compared): 490 fields added, 4 removed, 24 changed\n'),
      text.stdout.slice(-200),
    );
  });
});
