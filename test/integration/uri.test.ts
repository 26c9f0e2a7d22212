// kapi uri on a surface where one group-version failed discovery (a broken APIService, as on
// many real clusters): the path of a resource that was found is the whole answer.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ExitCode } from '../../src/errors.ts';
import { kapi } from '../support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'kapi-uri-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The bundled v1.37.2 surface with the stale group-version the control plane's broken APIService leaves. */
function partialSnapshot(): string {
  const snapshot = JSON.parse(readFileSync(new URL('../../snapshots/v1.37.2.json', import.meta.url), 'utf8'));
  snapshot.surface.failures = [
    { group: 'broken.example.com', version: 'v1', reason: 'stale', message: 'stale GroupVersion discovery: broken.example.com/v1' },
  ];
  const file = join(dir, 'partial.json');
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

describe('kapi uri with a group-version that failed discovery', () => {
  const snapshot = partialSnapshot();

  it('prints the path of a resource it found and exits 0, as explain does', async () => {
    const result = await kapi(['uri', 'deployments', 'web', '-n', 'default', '--snapshot', snapshot]);
    assert.deepEqual(result, { stdout: '/apis/apps/v1/namespaces/default/deployments/web\n', stderr: '', code: 0 });
  });

  it('names the failed group-version when the resource is not found: it may be served there', async () => {
    const result = await kapi(['uri', 'widgets', '--snapshot', snapshot]);
    assert.equal(result.code, ExitCode.notFound);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^Warning: broken\.example\.com\/v1 could not be discovered: stale/m);
    assert.match(result.stderr, /^error: the server doesn't have a resource type "widgets"/m);
  });
});
