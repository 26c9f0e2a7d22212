import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type EmbeddedFiles, unpackedRoot } from '../../src/binary/unpack.ts';

const scratch = mkdtempSync(join(tmpdir(), 'kapi-unpack-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** An executable's embedded files, counting reads. */
function embedded(files: Record<string, string>, id = 'a'.repeat(32)): EmbeddedFiles & { reads: number } {
  const fake = {
    reads: 0,
    index: () => ({ id, files: Object.keys(files) }),
    read(path: string) {
      fake.reads++;
      return new TextEncoder().encode(files[path]).buffer as ArrayBuffer;
    },
  };
  return fake;
}

test('the first run unpacks into a private folder of the cache; later runs only find it', () => {
  const cache = join(scratch, 'first');
  const files = embedded({ 'package.json': '{}', 'snapshots/v1.36.3.json': '{"x":1}' });
  const root = unpackedRoot(files, { XDG_CACHE_HOME: cache });
  assert.equal(root, join(cache, 'kapi', 'binary', 'a'.repeat(32)));
  assert.equal(readFileSync(join(root, 'snapshots', 'v1.36.3.json'), 'utf8'), '{"x":1}');
  assert.equal(statSync(root).mode & 0o777, 0o700);
  assert.equal(files.reads, 2);
  assert.equal(unpackedRoot(files, { XDG_CACHE_HOME: cache }), root);
  assert.equal(files.reads, 2);
});

test('a cache folder others may write is not used: the files go to a private temporary folder', () => {
  const cache = join(scratch, 'shared');
  mkdirSync(join(cache, 'kapi'), { recursive: true });
  chmodSync(join(cache, 'kapi'), 0o777);
  const root = unpackedRoot(embedded({ 'package.json': '{}' }), { XDG_CACHE_HOME: cache });
  assert.ok(!root.startsWith(cache), root);
  assert.equal(readFileSync(join(root, 'package.json'), 'utf8'), '{}');
});

test('an embedded path that leaves the folder is refused', () => {
  assert.throws(
    () => unpackedRoot(embedded({ '../escape': 'x' }, 'b'.repeat(32)), { XDG_CACHE_HOME: join(scratch, 'bad') }),
    /bad embedded path/,
  );
  assert.throws(() => unpackedRoot(embedded({}, '../x'), { XDG_CACHE_HOME: join(scratch, 'bad') }), /bad embedded index id/);
});
