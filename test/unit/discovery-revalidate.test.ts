import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GetOptions, HttpResponse, Transport } from '../../src/cluster/transport.ts';
import { discoverGroups, type RootValidators } from '../../src/discovery/fetch.ts';
import { aggregatedSurface } from '../support/fixtures.ts';

/** A transport that answers every root 304 with a body that is not JSON: any parse would throw. */
function notModifiedTransport(seen: Array<{ path: string; options: GetOptions }>): Transport {
  return {
    async get(path: string, options: GetOptions = {}): Promise<HttpResponse> {
      seen.push({ path, options });
      return { url: path, status: 304, statusText: 'Not Modified', headers: {}, body: Buffer.from('not json') };
    },
  } as unknown as Transport;
}

describe('discoverGroups revalidates aggregated roots', () => {
  const surface = aggregatedSurface();
  const previous: RootValidators = {
    '/api': { etag: '"a"', groups: surface.groups.slice(0, 1), failures: [] },
    '/apis': { etag: '"b"', groups: surface.groups.slice(1), failures: surface.failures },
  };

  test('a 304 on both roots reuses the kept answers without parsing a byte', async () => {
    const seen: Array<{ path: string; options: GetOptions }> = [];
    const result = await discoverGroups(notModifiedTransport(seen), 'auto', { previous });
    assert.deepEqual(
      seen.map((s) => [s.path, s.options.headers?.['If-None-Match']]),
      [
        ['/api', '"a"'],
        ['/apis', '"b"'],
      ],
    );
    assert.equal(result.discovery, 'aggregated');
    assert.deepEqual(result.groups, surface.groups);
    assert.deepEqual(result.failures, surface.failures);
    assert.deepEqual(result.roots, previous);
  });

  test('--discovery=legacy never sends If-None-Match', async () => {
    const seen: Array<{ path: string; options: GetOptions }> = [];
    await discoverGroups(notModifiedTransport(seen), 'legacy', { previous }).catch(() => undefined);
    assert.ok(seen.length > 0);
    assert.ok(seen.every((s) => s.options.headers === undefined));
  });
});
