import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { SnapshotSchemas } from './snapshot.js';

/**
 * The bundled releases' OpenAPI v3 documents, stored once (snapshots/store/, written by
 * scripts/reference-store.ts). Each distinct path item and component schema is one blob (its JSON
 * text), kept in the pack of the release that first held it. A pack is a row of brotli-compressed
 * chunks of about 256 KiB of blobs each, in document order. A release's manifest
 * (<release>.manifest.br) holds each document's skeleton and, per path and schema name, where its
 * blob is. A document is put back together only when a command asks for it, from the few chunks
 * that hold its blobs; each chunk is decompressed once per run.
 */

/** Where a blob is: its pack (index in the manifest's `packs`), its chunk, and its bytes in the decompressed chunk. */
export type BlobRef = [pack: number, chunk: number, start: number, length: number];

/** A pack file and its chunks' [offset, length] in it. */
export interface PackEntry {
  name: string;
  chunks: Array<[offset: number, length: number]>;
}

export interface StoredDocument {
  /** The document without its path items and component schemas (their keys hold {} in place, so key order survives). */
  document: Record<string, unknown>;
  paths?: Record<string, BlobRef>;
  schemas?: Record<string, BlobRef>;
}

export interface StoreManifest {
  format: typeof storeFormat;
  release: string;
  /** The packs the references point into: store/<name>.pack. */
  packs: PackEntry[];
  openapiV3: Record<string, StoredDocument>;
}

export const storeFormat = 'kapi.dev/reference-store/v1';

export function storeDir(snapshotsDir: string): string {
  return join(snapshotsDir, 'store');
}

export function manifestPath(snapshotsDir: string, release: string): string {
  return join(storeDir(snapshotsDir), `${release}.manifest.br`);
}

export function packPath(snapshotsDir: string, pack: string): string {
  return join(storeDir(snapshotsDir), `${pack}.pack`);
}

export function hasStoredSchemas(snapshotsDir: string, release: string): boolean {
  return existsSync(manifestPath(snapshotsDir, release));
}

/** node:zlib, loaded only when schemas are read: listing commands never load it. */
function zlib(): typeof import('node:zlib') {
  return process.getBuiltinModule('node:zlib');
}

export function decompress(bytes: Uint8Array): string {
  return zlib().brotliDecompressSync(bytes).toString('utf8');
}

/** A release's manifest, checked for the shape this reader relies on (the files are kapi's own, but a damaged install says so). */
export function readManifest(snapshotsDir: string, release: string): StoreManifest {
  const path = manifestPath(snapshotsDir, release);
  const fail = (why: string, cause?: unknown) =>
    new ConfigError(`failed to read the builtin schemas of ${release} (${path}): ${why}`, cause);
  let manifest: unknown;
  try {
    manifest = JSON.parse(decompress(readFileSync(path)));
  } catch (error) {
    throw fail((error as Error).message.split('\n')[0] ?? '', error);
  }
  const m = manifest as Partial<StoreManifest> | null;
  if (
    typeof m !== 'object' ||
    m === null ||
    m.format !== storeFormat ||
    !Array.isArray(m.packs) ||
    !m.packs.every((pack) => typeof pack?.name === 'string' && /^[A-Za-z0-9._-]+$/.test(pack.name) && Array.isArray(pack.chunks)) ||
    typeof m.openapiV3 !== 'object' ||
    m.openapiV3 === null
  ) {
    throw fail(`not a ${storeFormat} manifest`);
  }
  return m as StoreManifest;
}

/** Reads blobs out of the packs a manifest names; each pack is opened once, each chunk decompressed once. */
export class BlobReader {
  private readonly files = new Map<number, { fd: number; size: number }>();
  private readonly chunks = new Map<string, Buffer>();

  constructor(
    private readonly snapshotsDir: string,
    private readonly manifest: StoreManifest,
  ) {}

  text(ref: BlobRef): string {
    const [pack, chunk, start, length] = ref;
    const bytes = this.chunk(pack, chunk);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(length) || start < 0 || length < 0 || start + length > bytes.length) {
      throw this.damaged('a reference points outside its chunk');
    }
    return bytes.toString('utf8', start, start + length);
  }

  value(ref: BlobRef): unknown {
    return JSON.parse(this.text(ref));
  }

  private chunk(pack: number, chunk: number): Buffer {
    const key = `${pack}:${chunk}`;
    let bytes = this.chunks.get(key);
    if (!bytes) {
      const where = this.manifest.packs[pack]?.chunks[chunk];
      if (!where) throw this.damaged(`no chunk ${chunk} in pack ${pack}`);
      const [offset, length] = where;
      const file = this.file(pack);
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length <= 0 || offset + length > file.size) {
        throw this.damaged('a chunk lies outside its pack');
      }
      const compressed = Buffer.allocUnsafe(length);
      readSync(file.fd, compressed, 0, length, offset);
      bytes = zlib().brotliDecompressSync(compressed);
      this.chunks.set(key, bytes);
    }
    return bytes;
  }

  private file(pack: number): { fd: number; size: number } {
    let file = this.files.get(pack);
    if (!file) {
      const name = this.manifest.packs[pack]?.name;
      if (name === undefined) throw this.damaged(`no pack ${pack}`);
      const fd = openSync(packPath(this.snapshotsDir, name), 'r');
      file = { fd, size: fstatSync(fd).size };
      this.files.set(pack, file);
    }
    return file;
  }

  private damaged(why: string): ConfigError {
    return new ConfigError(`failed to read the builtin schemas of ${this.manifest.release}: ${why}`);
  }

  close(): void {
    for (const { fd } of this.files.values()) closeSync(fd);
    this.files.clear();
  }
}

/** One document put back together: the skeleton's key order, its path items and schemas from their blobs. */
export function assembleDocument(stored: StoredDocument, blobs: BlobReader): Record<string, unknown> {
  const document: Record<string, unknown> = { ...stored.document };
  if (stored.paths) document.paths = mapValues(stored.paths, (ref) => blobs.value(ref));
  if (stored.schemas) {
    const components = (document.components ?? {}) as Record<string, unknown>;
    document.components = { ...components, schemas: mapValues(stored.schemas, (ref) => blobs.value(ref)) };
  }
  return document;
}

function mapValues<T>(record: Record<string, BlobRef>, map: (ref: BlobRef) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, ref] of Object.entries(record)) out[key] = map(ref);
  return out;
}

/**
 * The schemas of a stored release in the snapshot's SnapshotSchemas shape. The manifest is read on
 * first use, and each document of openapiV3 on first access (an enumerable getter per path), so a
 * command that explains one resource assembles one document.
 */
export function storedSchemas(snapshotsDir: string, release: string): SnapshotSchemas {
  const manifest = readManifest(snapshotsDir, release);
  const blobs = new BlobReader(snapshotsDir, manifest);
  const openapiV3: Record<string, unknown> = {};
  for (const [path, stored] of Object.entries(manifest.openapiV3)) {
    let document: Record<string, unknown> | undefined;
    Object.defineProperty(openapiV3, path, {
      enumerable: true,
      configurable: true,
      get: () => {
        document ??= assembleDocument(stored, blobs);
        return document;
      },
    });
  }
  return { openapiV3 };
}
