import { readFileSync } from 'node:fs';
import type { OpenApiV3Document, OpenApiV3Index, SwaggerDocument } from '../../src/openapi/documents.ts';
import type { SchemaSource } from '../../src/openapi/load.ts';

const dataDir = new URL('../data/', import.meta.url).pathname;
const read = <T>(path: string) => JSON.parse(readFileSync(`${dataDir}${path}`, 'utf8')) as T;

/** The real v1.36.3 capture's OpenAPI v3 documents (test/data/kube-v1.36.3/openapi/v3), as a schema source; counts reads. */
export function kube1363SchemaSource(): SchemaSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async v3Index() {
      return read<OpenApiV3Index>('kube-v1.36.3/openapi/v3/index.json');
    },
    async v3Document(index, key) {
      if (!index.paths[key]) return undefined;
      reads.push(key);
      return read<OpenApiV3Document>(`kube-v1.36.3/openapi/v3/${key}.json`);
    },
    async v2Document() {
      throw new Error('the v1.36.3 capture is read through OpenAPI v3');
    },
  };
}

/** The real k0s v1.21 capture's /openapi/v2 document (no v3), as a schema source. */
export function k0sSchemaSource(): SchemaSource {
  return {
    async v3Index() {
      return undefined;
    },
    async v3Document() {
      return undefined;
    },
    async v2Document() {
      return read<SwaggerDocument>('k0s-v1.21.0-capture/openapi/v2/index.json');
    },
  };
}
