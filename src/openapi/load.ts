import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readCacheFile, serverCacheDir, writeCacheFile } from '../cluster/cache-dir.js';
import { parseJson } from '../cluster/response.js';
import type { Transport, TransportTarget } from '../cluster/transport.js';
import { NotFoundError } from '../errors.js';
import type { SnapshotSchemas } from '../snapshot/snapshot.js';
import type { OpenApiV3Document, OpenApiV3Index, SwaggerDocument } from './documents.js';

/**
 * Where explain's schemas come from: a live server (through the transport)
 * or a snapshot's captured documents. Both answer the same three questions.
 */
export interface SchemaSource {
  /** GET /openapi/v3; undefined when the server does not serve it (kubectl then uses v2). */
  v3Index(): Promise<OpenApiV3Index | undefined>;
  /** One group-version document, fetched at the index's serverRelativeURL (with its ?hash=). */
  v3Document(index: OpenApiV3Index, key: string): Promise<OpenApiV3Document | undefined>;
  /** GET /openapi/v2 (JSON). */
  v2Document(): Promise<SwaggerDocument>;
}

const jsonAccept = 'application/json';

export function liveSchemaSource(transport: Transport, options: { cacheDir?: string } = {}): SchemaSource {
  return {
    async v3Index() {
      const response = await transport.get('/openapi/v3', { accept: jsonAccept, purpose: 'openapi-v3-index' });
      // kubectl falls back to v2 whenever the index cannot be read; so does kapi, on an HTTP error status.
      if (response.status < 200 || response.status >= 300) return undefined;
      return parseJson<OpenApiV3Index>(response);
    },
    async v3Document(index, key) {
      const url = index.paths[key]?.serverRelativeURL;
      if (url === undefined) return undefined;
      const cacheFile = options.cacheDir && url.includes('hash=') ? join(options.cacheDir, `${sha256(url)}.json`) : undefined;
      const cached = cacheFile ? readCacheFile(cacheFile) : undefined;
      if (cached) return JSON.parse(cached) as OpenApiV3Document;
      const response = await transport.get(url, { accept: jsonAccept, purpose: 'openapi-v3' });
      const document = parseJson<OpenApiV3Document>(response);
      if (cacheFile) writeCacheFile(cacheFile, response.body.toString('utf8'));
      return document;
    },
    async v2Document() {
      return parseJson<SwaggerDocument>(await transport.get('/openapi/v2', { accept: jsonAccept, purpose: 'openapi-v2' }));
    },
  };
}

/** A snapshot made with --with-schemas; without schemas, every question fails with a clear message. */
export function snapshotSchemaSource(schemas: SnapshotSchemas | undefined, reference: string): SchemaSource {
  const missing = () =>
    new NotFoundError(`snapshot ${reference} has no schemas: record it with \`kapi snapshot --with-schemas\` to explain offline`);
  return {
    async v3Index() {
      if (!schemas) throw missing();
      return schemas.openapiV3?.['/openapi/v3'] as OpenApiV3Index | undefined;
    },
    async v3Document(index, key) {
      const url = index.paths[key]?.serverRelativeURL;
      if (url === undefined) return undefined;
      return schemas?.openapiV3?.[url.split('?')[0] as string] as OpenApiV3Document | undefined;
    },
    async v2Document() {
      if (!schemas?.openapiV2) {
        if (!schemas) throw missing();
        throw new NotFoundError(`snapshot ${reference} holds no OpenAPI v2 document`);
      }
      return schemas.openapiV2 as SwaggerDocument;
    },
  };
}

/** Hashed v3 documents never change, so kapi keeps them, as kubectl's HTTP cache does. */
export function openapiCacheDir(target: Pick<TransportTarget, 'server' | 'headers' | 'tls'>, env: NodeJS.ProcessEnv = process.env): string {
  return serverCacheDir('openapi', target, env);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
