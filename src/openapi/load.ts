import { join } from 'node:path';
import type * as z from 'zod/mini';
import { readCacheFile, serverCacheDir, writeCacheFile } from '../cluster/cache-dir.js';
import { nodeCrypto } from '../cluster/crypto.js';
import { readDocument } from '../cluster/response.js';
import type { Transport, TransportTarget } from '../cluster/transport.js';
import { ConfigError, NotFoundError } from '../errors.js';
import { defaultMaxFileBytes } from '../limits/bytes.js';
import { checkShapeRead } from '../shape/check.js';
import { parseUntrustedJson } from '../shape/unicode.js';
import type { SnapshotSchemas } from '../snapshot/snapshot.js';
import {
  type OpenApiV3Document,
  type OpenApiV3Index,
  openApiV3DocumentSchema,
  openApiV3IndexSchema,
  type SwaggerDocument,
  swaggerDocumentSchema,
} from './documents.js';
import { readOpenApiV3Document, readOpenApiV3Index, readSwaggerDocument } from './well-formed.js';

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

export function liveSchemaSource(transport: Transport, options: { cacheDir?: string; maxFileBytes?: number } = {}): SchemaSource {
  return {
    async v3Index() {
      const response = await transport.get('/openapi/v3', { accept: jsonAccept, purpose: 'openapi-v3-index' });
      // kubectl falls back to v2 whenever the index cannot be read; so does kapi, on an HTTP error status.
      if (response.status < 200 || response.status >= 300) return undefined;
      return readDocument(response, openApiV3IndexSchema, 'OpenAPI v3 index', undefined, { read: readOpenApiV3Index });
    },
    async v3Document(index, key) {
      const url = ownEntry(index, key)?.serverRelativeURL;
      if (url === undefined) return undefined;
      const cacheFile = options.cacheDir && url.includes('hash=') ? join(options.cacheDir, `${sha256(url)}.json`) : undefined;
      const cached = cacheFile ? readCache(cacheFile, options.maxFileBytes ?? defaultMaxFileBytes) : undefined;
      if (cached) return cached;
      const response = await transport.get(url, { accept: jsonAccept, purpose: 'openapi-v3' });
      const document = readDocument(response, openApiV3DocumentSchema, 'OpenAPI v3 document', undefined, { read: readOpenApiV3Document });
      if (cacheFile) writeCacheFile(cacheFile, response.body.toString('utf8'));
      return document;
    },
    async v2Document() {
      const response = await transport.get('/openapi/v2', { accept: jsonAccept, purpose: 'openapi-v2' });
      return readDocument(response, swaggerDocumentSchema, 'OpenAPI v2 document', undefined, { read: readSwaggerDocument });
    },
  };
}

/** The index entry of a group-version, never one inherited from Object.prototype. */
export function ownEntry(index: OpenApiV3Index, key: string): OpenApiV3Index['paths'][string] | undefined {
  return Object.hasOwn(index.paths, key) ? index.paths[key] : undefined;
}

/** A snapshot made with --with-schemas; without schemas, every question fails with a clear message. */
export function snapshotSchemaSource(schemas: SnapshotSchemas | undefined, reference: string): SchemaSource {
  const missing = () =>
    new NotFoundError(`snapshot ${reference} has no schemas: record it with \`kapi snapshot --with-schemas\` to explain offline`);
  /** A document of the snapshot, checked: a wrong shape is an unreadable snapshot (exit 4). */
  const check = <Schema extends z.ZodMiniType>(
    schema: Schema,
    read: (value: unknown) => z.output<Schema> | undefined,
    path: string[],
    value: unknown,
  ): z.output<Schema> => {
    const checked = checkShapeRead(read, schema, value, ['schemas', ...path]);
    if (checked.ok) return checked.value;
    throw new ConfigError(`failed to read snapshot ${reference}: invalid snapshot: ${checked.problem}`);
  };
  const v3 = (path: string) => (schemas?.openapiV3 && Object.hasOwn(schemas.openapiV3, path) ? schemas.openapiV3[path] : undefined);
  return {
    async v3Index() {
      if (!schemas) throw missing();
      const index = v3('/openapi/v3');
      return index === undefined ? undefined : check(openApiV3IndexSchema, readOpenApiV3Index, ['openapiV3', '/openapi/v3'], index);
    },
    async v3Document(index, key) {
      const url = ownEntry(index, key)?.serverRelativeURL;
      if (url === undefined) return undefined;
      const path = url.split('?')[0] as string;
      const document = v3(path);
      return document === undefined ? undefined : check(openApiV3DocumentSchema, readOpenApiV3Document, ['openapiV3', path], document);
    },
    async v2Document() {
      if (!schemas?.openapiV2) {
        if (!schemas) throw missing();
        throw new NotFoundError(`snapshot ${reference} holds no OpenAPI v2 document`);
      }
      return check(swaggerDocumentSchema, readSwaggerDocument, ['openapiV2'], schemas.openapiV2);
    },
  };
}

/** Hashed v3 documents never change, so kapi keeps them, as kubectl's HTTP cache does. */
export function openapiCacheDir(target: Pick<TransportTarget, 'server' | 'headers' | 'tls'>, env: NodeJS.ProcessEnv = process.env): string {
  return serverCacheDir('openapi', target, env);
}

function sha256(text: string): string {
  return nodeCrypto().createHash('sha256').update(text).digest('hex');
}

/** A cached document, or undefined when it is absent, too large or of the wrong shape (then it is fetched again). */
function readCache(file: string, maxBytes: number): OpenApiV3Document | undefined {
  try {
    const checked = checkShapeRead(
      readOpenApiV3Document,
      openApiV3DocumentSchema,
      parseUntrustedJson(readCacheFile(file, maxBytes) ?? 'null'),
    );
    return checked.ok ? checked.value : undefined;
  } catch {
    return undefined;
  }
}
