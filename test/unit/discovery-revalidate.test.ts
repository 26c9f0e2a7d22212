import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GetOptions, HttpResponse, Transport } from '../../src/cluster/transport.ts';
import { surfaceFromDocuments } from '../../src/discovery/assemble.ts';
import type { ApiGroupDiscoveryListDocument } from '../../src/discovery/documents.ts';
import { downloadDiscovery, type RootValidators, rootValidators } from '../../src/discovery/download.ts';
import { captureDocuments, readJson } from '../support/surfaces.ts';

/** A transport that answers every root 304 with a body that is not JSON: any parse would throw. */
function notModifiedTransport(seen: Array<{ path: string; options: GetOptions }>): Transport {
  return {
    async get(path: string, options: GetOptions): Promise<HttpResponse> {
      seen.push({ path, options });
      return { url: path, status: 304, statusText: 'Not Modified', headers: {}, body: Buffer.from('not json') };
    },
  } as unknown as Transport;
}

describe('downloadDiscovery revalidates aggregated roots', () => {
  const previous: RootValidators = {
    '/api': { etag: '"a"', document: readJson<ApiGroupDiscoveryListDocument>('kube-v1.36.3/aggregated/api.json') },
    '/apis': { etag: '"b"', document: readJson<ApiGroupDiscoveryListDocument>('kube-v1.36.3/aggregated/apis.json') },
  };
  const options = { mode: 'auto' as const, servedBy: false, serverVersion: false, previous };

  test('a 304 on both roots reuses the kept documents without reading a byte, and keeps them for the next run', async () => {
    const seen: Array<{ path: string; options: GetOptions }> = [];
    const documents = await downloadDiscovery(notModifiedTransport(seen), options);
    assert.deepEqual(
      seen.map((s) => [s.path, s.options.headers?.['If-None-Match']]),
      [
        ['/api', '"a"'],
        ['/apis', '"b"'],
      ],
    );
    const expected = captureDocuments('kube-v1.36.3');
    const source = { kind: 'snapshot' as const };
    assert.deepEqual(
      surfaceFromDocuments(documents, source),
      surfaceFromDocuments({ ...expected, registrations: undefined, version: undefined }, source),
    );
    assert.deepEqual(rootValidators(documents), previous);
  });

  test('--discovery=legacy never sends If-None-Match', async () => {
    const seen: Array<{ path: string; options: GetOptions }> = [];
    await downloadDiscovery(notModifiedTransport(seen), { ...options, mode: 'legacy' }).catch(() => undefined);
    assert.ok(seen.length > 0);
    assert.ok(seen.every((s) => s.options.headers === undefined));
  });

  test('a legacy answer keeps no validators', () => {
    assert.equal(rootValidators(captureDocuments('k0s-v1.21.0')), undefined);
  });
});
