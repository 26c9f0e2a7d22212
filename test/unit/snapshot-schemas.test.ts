// explain's schemas from a snapshot: what a snapshot without schemas says, and
// how captured documents are found by the index's URLs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OpenApiV3Index } from '../../src/openapi/documents.ts';
import { snapshotSchemaSource } from '../../src/openapi/load.ts';
import { readJson } from '../support/surfaces.ts';

const index = readJson<OpenApiV3Index>('kube-v1.36.3/openapi/v3/index.json');
const apps = readJson<unknown>('kube-v1.36.3/openapi/v3/apis/apps/v1.json');

describe('snapshotSchemaSource', () => {
  it('without schemas, every question fails with how to record them', async () => {
    const source = snapshotSchemaSource(undefined, 'cluster.json');
    const message = {
      code: 'not-found',
      message: 'snapshot cluster.json has no schemas: record it with `kapi snapshot --with-schemas` to explain offline',
    };
    await assert.rejects(source.v3Index(), message);
    await assert.rejects(source.v2Document(), message);
  });

  it('v3: the index, and each document by its URL without the ?hash= query', async () => {
    const source = snapshotSchemaSource({ openapiV3: { '/openapi/v3': index, '/openapi/v3/apis/apps/v1': apps } }, 'cluster.json');
    const captured = await source.v3Index();
    assert.deepEqual(captured, index);
    assert.match(index.paths['apis/apps/v1']?.serverRelativeURL ?? '', /\?hash=/);
    assert.deepEqual(await source.v3Document(index, 'apis/apps/v1'), apps);
    assert.equal(await source.v3Document(index, 'apis/batch/v1'), undefined, 'listed but not captured');
    assert.equal(await source.v3Document(index, 'apis/no.such/v1'), undefined, 'not listed');
  });

  it('v2: the captured document, or a clear error when only v3 was captured', async () => {
    await assert.rejects(snapshotSchemaSource({ openapiV3: {} }, 'x.json').v2Document(), {
      name: 'KapiError',
      message: 'snapshot x.json holds no OpenAPI v2 document',
    });
    const swagger = { swagger: '2.0', definitions: {} };
    assert.deepEqual(await snapshotSchemaSource({ openapiV2: swagger }, 'x.json').v2Document(), swagger);
    assert.equal(await snapshotSchemaSource({ openapiV2: swagger }, 'x.json').v3Index(), undefined);
  });
});
