// The bundled reference snapshots are found by one rule wherever the code runs from: here the
// source (tsx, src/snapshot/), in the CLI tests the bundle (dist/). Every bundled release loads,
// through the store, and serves what its kube-apiserver served when it was recorded.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  builtinSnapshotChoices,
  builtinSnapshotDir,
  builtinSnapshotNames,
  compareReleaseNames,
  defaultBuiltinSnapshot,
  resolveBuiltinName,
  snapshotPath,
} from '../../src/snapshot/builtin.ts';
import { readReleases } from '../../src/snapshot/releases.ts';
import { readSnapshot } from '../../src/snapshot/snapshot.ts';
import { groupVersionStrings } from '../../src/surface/query.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const releases = builtinSnapshotNames().filter((name) => /^v\d+\.\d+\.\d+$/.test(name));

describe('builtin snapshots from the source', () => {
  it('the folder is snapshots/ at the package root, not beside src/snapshot/', () => {
    assert.equal(builtinSnapshotDir(), `${root}snapshots`);
  });

  it('names every bundled snapshot, oldest first; builtin is the newest release', async () => {
    const names = builtinSnapshotNames();
    assert.equal(names[0], 'v1.21.0-k0s');
    assert.deepEqual(names.slice(1), releases);
    assert.deepEqual(
      releases,
      readReleases(builtinSnapshotDir()).map((release) => release.name),
    );
    assert.equal(defaultBuiltinSnapshot, releases.at(-1));
    assert.equal(snapshotPath('builtin'), `${root}snapshots/${defaultBuiltinSnapshot}.json`);
    const snapshot = await readSnapshot('builtin:v1.21.0-k0s');
    assert.equal(snapshot.surface.serverVersion?.gitVersion, 'v1.21.0-k0s1');
  });

  it('a minor names its newest bundled patch; completion offers the minor beside the full name', () => {
    assert.equal(resolveBuiltinName('v1.36'), 'v1.36.3');
    assert.equal(snapshotPath('builtin:v1.36'), `${root}snapshots/v1.36.3.json`);
    assert.equal(resolveBuiltinName('v1.36.3'), 'v1.36.3');
    assert.deepEqual(builtinSnapshotChoices().slice(0, 3), ['v1.21.0-k0s', releases[0]?.replace(/\.\d+$/, ''), releases[0]]);
  });

  it('an unknown name lists the bundled ones', () => {
    assert.throws(() => snapshotPath('builtin:v0.0.0'), {
      message: `no builtin snapshot "v0.0.0": choose one of ${builtinSnapshotChoices().join(', ')}`,
    });
    assert.throws(() => snapshotPath('builtin:v1.21'), { message: /^no builtin snapshot "v1.21": choose one of v1.21.0-k0s, / });
  });

  it('orders releases by number', () => {
    assert.deepEqual(['v1.37.2', 'v1.9.0', 'v1.21.0-k0s', 'v1.29.6', 'v1.36.10', 'v1.36.3'].sort(compareReleaseNames), [
      'v1.9.0',
      'v1.21.0-k0s',
      'v1.29.6',
      'v1.36.3',
      'v1.36.10',
      'v1.37.2',
    ]);
  });
});

describe('every bundled Kubernetes release', () => {
  for (const release of releases) {
    it(`${release}: serves what its kube-apiserver served at recording time, and its schemas come back whole`, async () => {
      const snapshot = await readSnapshot(`builtin:${release}`);
      assert.equal(snapshot.surface.serverVersion?.gitVersion, release);
      // kubectl api-versions against the recorded server, saved beside the snapshot by record.sh.
      const recorded = readFileSync(`${root}snapshots/${release}.api-versions.txt`, 'utf8').trim().split('\n');
      assert.deepEqual(groupVersionStrings(snapshot.surface, { preferredOnly: false }).sort(), recorded.sort());
      assert.ok(!existsSync(`${root}snapshots/${release}.schemas.json`), 'a stored release has no schemas file');
      const documents = snapshot.schemas?.openapiV3 ?? {};
      const index = documents['/openapi/v3'] as { paths: Record<string, { serverRelativeURL: string }> };
      const listed = Object.values(index.paths).map((entry) => entry.serverRelativeURL.split('?')[0]);
      // The index lists every group-version document; the snapshot holds each one it listed for the groups served.
      for (const groupVersion of recorded) {
        const path = groupVersion.includes('/') ? `/openapi/v3/apis/${groupVersion}` : `/openapi/v3/api/${groupVersion}`;
        assert.ok(listed.includes(path), `${path} listed`);
        const document = documents[path] as { openapi: string; paths: object; components: { schemas: Record<string, unknown> } };
        assert.match(document.openapi, /^3\./);
        assert.ok(Object.keys(document.paths).length > 0, `${path} has paths`);
        assert.ok(Object.keys(document.components.schemas).length > 0, `${path} has schemas`);
      }
    });
  }
});
