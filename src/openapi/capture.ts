import { readDocument } from '../cluster/response.js';
import type { Transport } from '../cluster/transport.js';
import type { SnapshotSchemas } from '../snapshot/snapshot.js';
import { openApiV3DocumentSchema } from './documents.js';
import { liveSchemaSource } from './load.js';
import { readOpenApiV3Document } from './well-formed.js';

/**
 * The schemas `kapi snapshot --with-schemas` records: the /openapi/v3 index
 * and every group-version document it lists (keyed by path, without ?hash=),
 * or the /openapi/v2 document when the server has no v3.
 */
export async function captureSchemas(transport: Transport): Promise<SnapshotSchemas> {
  const source = liveSchemaSource(transport);
  const index = await source.v3Index();
  if (!index) return { openapiV2: await source.v2Document() };
  const openapiV3: Record<string, unknown> = { '/openapi/v3': index };
  const keys = Object.keys(index.paths).filter((key) => key === 'api/v1' || /^apis\/[^/]+\/[^/]+$/.test(key));
  const documents = await Promise.all(
    keys.map(async (key) => {
      const url = index.paths[key]?.serverRelativeURL as string;
      const response = await transport.get(url, { accept: 'application/json', purpose: 'openapi-v3' });
      return [
        url.split('?')[0] as string,
        readDocument(response, openApiV3DocumentSchema, 'OpenAPI v3 document', undefined, { read: readOpenApiV3Document }),
      ] as const;
    }),
  );
  for (const [path, document] of documents) openapiV3[path] = document;
  return { openapiV3 };
}
