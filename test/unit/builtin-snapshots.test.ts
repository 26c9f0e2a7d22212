// The bundled reference snapshots are found by one rule wherever the code runs from: here the
// source (tsx, src/snapshot/), in the CLI tests the bundle (dist/).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { builtinSnapshotDir, builtinSnapshotNames, snapshotPath } from '../../src/snapshot/builtin.ts';
import { readSnapshot } from '../../src/snapshot/snapshot.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('builtin snapshots from the source', () => {
  it('the folder is snapshots/ at the package root, not beside src/snapshot/', () => {
    assert.equal(builtinSnapshotDir(), `${root}snapshots`);
  });

  it('names every bundled release, and builtin:<name> reads it', async () => {
    assert.deepEqual(builtinSnapshotNames(), ['v1.21.0-k0s', 'v1.36.3']);
    assert.equal(snapshotPath('builtin'), `${root}snapshots/v1.36.3.json`);
    const snapshot = await readSnapshot('builtin:v1.21.0-k0s');
    assert.equal(snapshot.surface.serverVersion?.gitVersion, 'v1.21.0-k0s1');
  });

  it('an unknown name lists the bundled ones', () => {
    assert.throws(() => snapshotPath('builtin:v0.0.0'), { message: 'no builtin snapshot "v0.0.0": choose one of v1.21.0-k0s, v1.36.3' });
  });
});
