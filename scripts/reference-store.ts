// Adds a release recorded by tools/reference-surfaces/record.sh to kapi's bundled reference store:
//   snapshots/<release>.json               the discovery surface (a kapi snapshot, without schemas)
//   snapshots/<release>.api-versions.txt   `kubectl api-versions` against the same server, at recording time
//   snapshots/store/<release>.manifest.br  each OpenAPI v3 document's skeleton and blob references
//   snapshots/store/<release>.pack         the blobs (path items, component schemas) no earlier-stored release holds
//   snapshots/store/releases.json          what --list-builtin shows, and the SOURCE facts of each release
// and regenerates the per-release part of snapshots/SOURCES.md from releases.json.
// Blobs are content-addressed by the sha256 of their JSON text as the server sent it (key order kept),
// so a schema unchanged between releases is stored once.
// Usage: node --import tsx scripts/reference-store.ts <recording-dir>...
//   (<recording-dir> is ${XDG_CACHE_HOME:-~/.cache}/kapi/reference-surfaces/<release>)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { compareReleaseNames } from '../src/snapshot/builtin.ts';
import { type BuiltinRelease, readReleases, releasesPath } from '../src/snapshot/releases.ts';
import {
  BlobReader,
  type BlobRef,
  manifestPath,
  type PackEntry,
  packPath,
  readManifest,
  type StoredDocument,
  type StoreManifest,
  storeDir,
  storeFormat,
} from '../src/snapshot/store.ts';

const snapshotsDir = 'snapshots';
const compress = (text: string) =>
  brotliCompressSync(Buffer.from(text), {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text),
    },
  });
/** Blobs per chunk, uncompressed: explain reads a handful of chunks, and brotli sees enough text to compress well. */
const chunkBytes = 256 * 1024;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8').trim();

/** Where a blob is, by pack name: the pack's chunk table comes with it into each manifest that points there. */
type Where = { pack: PackEntry; chunk: number; start: number; length: number };

/** Every blob already stored, by content hash. */
function storedBlobs(): Map<string, Where> {
  const known = new Map<string, Where>();
  if (!existsSync(storeDir(snapshotsDir))) return known;
  for (const file of readdirSync(storeDir(snapshotsDir)).filter((f) => f.endsWith('.manifest.br'))) {
    const manifest = readManifest(snapshotsDir, file.slice(0, -'.manifest.br'.length));
    const blobs = new BlobReader(snapshotsDir, manifest);
    for (const stored of Object.values(manifest.openapiV3)) {
      for (const ref of [...Object.values(stored.paths ?? {}), ...Object.values(stored.schemas ?? {})]) {
        const hash = sha256(blobs.text(ref));
        if (!known.has(hash)) known.set(hash, { pack: manifest.packs[ref[0]] as PackEntry, chunk: ref[1], start: ref[2], length: ref[3] });
      }
    }
    blobs.close();
  }
  return known;
}

function add(recording: string): void {
  const snapshot = JSON.parse(readFileSync(join(recording, 'snapshot.json'), 'utf8'));
  const release: string = snapshot.surface.serverVersion.gitVersion;
  if (basename(recording) !== release) throw new Error(`${recording} recorded ${release}`);
  if (existsSync(manifestPath(snapshotsDir, release))) {
    throw new Error(`${release} is stored already; other releases may share its pack, so rebuild the store to replace it`);
  }
  const openapiV3: Record<string, unknown> = snapshot.schemas?.openapiV3;
  if (!openapiV3) throw new Error(`${recording}/snapshot.json has no OpenAPI v3 schemas`);

  const known = storedBlobs();
  // This release's own pack: new blobs go into the open chunk, which is compressed once it
  // passes chunkBytes; refs to it are final because a chunk's number is known when it opens.
  const own: PackEntry = { name: release, chunks: [] };
  const compressed: Buffer[] = [];
  let packBytes = 0;
  let open: Buffer[] = [];
  let openBytes = 0;
  let blobCount = 0;
  const closeChunk = () => {
    if (openBytes === 0) return;
    const bytes = compress(Buffer.concat(open).toString('utf8'));
    own.chunks.push([packBytes, bytes.length]);
    compressed.push(bytes);
    packBytes += bytes.length;
    open = [];
    openBytes = 0;
  };
  const packs: PackEntry[] = [];
  const reference = (value: unknown): BlobRef => {
    const text = JSON.stringify(value);
    const hash = sha256(text);
    let where = known.get(hash);
    if (!where) {
      const bytes = Buffer.from(text);
      where = { pack: own, chunk: own.chunks.length, start: openBytes, length: bytes.length };
      open.push(bytes);
      openBytes += bytes.length;
      blobCount++;
      known.set(hash, where);
      if (openBytes >= chunkBytes) closeChunk();
    }
    let index = packs.findIndex((pack) => pack.name === where.pack.name);
    if (index < 0) index = packs.push(where.pack) - 1;
    return [index, where.chunk, where.start, where.length];
  };
  const refs = (record: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, reference(value)]));

  const documents: Record<string, StoredDocument> = {};
  for (const [path, document] of Object.entries(openapiV3) as Array<[string, Record<string, unknown>]>) {
    const stored: StoredDocument = { document: { ...document } };
    if (document.paths && typeof document.paths === 'object') {
      stored.paths = refs(document.paths as Record<string, unknown>);
      stored.document.paths = {};
    }
    const components = document.components as Record<string, unknown> | undefined;
    if (components?.schemas && typeof components.schemas === 'object') {
      stored.schemas = refs(components.schemas as Record<string, unknown>);
      stored.document.components = { ...components, schemas: {} };
    }
    documents[path] = stored;
  }
  closeChunk();
  mkdirSync(storeDir(snapshotsDir), { recursive: true });
  if (compressed.length > 0) writeFileSync(packPath(snapshotsDir, release), Buffer.concat(compressed));
  const manifest: StoreManifest = { format: storeFormat, release, packs, openapiV3: documents };
  writeFileSync(manifestPath(snapshotsDir, release), compress(JSON.stringify(manifest)));

  const schemasBytes = Buffer.byteLength(JSON.stringify(snapshot.schemas));
  delete snapshot.schemas;
  const go = read(join(recording, 'module'), 'go-version');
  const goMod = read(join(recording, 'module'), 'go.mod');
  const reused = read(join(recording, 'module'), 'ldflags').startsWith('reused');
  snapshot.surface.source = {
    kind: 'snapshot',
    origin: `kube-apiserver ${release} built from the Kubernetes Go modules, started bare (no CRDs, no aggregated APIs, default feature gates and runtime config); recorded by \`kapi snapshot --with-schemas\` (tools/reference-surfaces/record.sh)`,
    capturedAt: snapshot.surface.source.capturedAt,
  };
  const surfaceText = `${JSON.stringify(snapshot, null, 1)}\n`;
  writeFileSync(join(snapshotsDir, `${release}.json`), surfaceText);
  writeFileSync(join(snapshotsDir, `${release}.api-versions.txt`), `${read(recording, 'api-versions.txt')}\n`);

  const entry: BuiltinRelease = {
    name: release,
    released: read(join(recording, 'module'), 'release-date'),
    recorded: read(recording, 'recorded-at'),
    go: go.replace(/^go version /, ''),
    module: reused
      ? 'test/control-plane/go.mod (the harness build, reused)'
      : `k8s.io/kubernetes ${release}, staging modules ${release.replace(/^v1\./, 'v0.')}${godebug(goMod)}`,
    ldflags: reused ? 'as test/control-plane/cluster.sh' : read(join(recording, 'module'), 'ldflags'),
    groupVersions: snapshot.surface.groups.reduce((n: number, g: { versions: unknown[] }) => n + g.versions.length, 0),
    resources: snapshot.surface.groups.reduce(
      (n: number, g: { versions: Array<{ resources: unknown[] }> }) => n + g.versions.reduce((m, v) => m + v.resources.length, 0),
      0,
    ),
    fullBytes: Buffer.byteLength(surfaceText) + schemasBytes,
    storedBytes:
      Buffer.byteLength(surfaceText) +
      statSync(manifestPath(snapshotsDir, release)).size +
      (compressed.length > 0 ? statSync(packPath(snapshotsDir, release)).size : 0),
  };
  const releases = readReleases(snapshotsDir).filter((r) => r.name !== release);
  releases.push(entry);
  releases.sort((a, b) => compareReleaseNames(a.name, b.name));
  writeFileSync(releasesPath(snapshotsDir), `${JSON.stringify(releases, null, 1)}\n`);
  writeSources(releases);
  console.log(
    `${release}: ${Object.keys(documents).length} documents, ${blobCount} new blobs in ${own.chunks.length} chunks (${packBytes} bytes)`,
  );
}

function godebug(goMod: string): string {
  const lines = goMod.split('\n').filter((line) => /^(go |godebug|\t[a-z0-9]+=)/.test(line));
  return lines.length ? `; ${lines.map((line) => line.trim()).join(', ')}` : '';
}

const begin = '<!-- reference releases: generated by scripts/reference-store.ts from snapshots/store/releases.json -->';
const end = '<!-- end of reference releases -->';

function writeSources(releases: BuiltinRelease[]): void {
  const path = join(snapshotsDir, 'SOURCES.md');
  const text = readFileSync(path, 'utf8');
  const rows = releases.map(
    (r) =>
      `| ${r.name} | ${r.released.slice(0, 10)} | ${r.recorded} | ${r.go} | ${r.module} | \`${r.ldflags}\` | ${r.groupVersions} | ${r.resources} |`,
  );
  const section = [
    begin,
    '| release | released (module time) | recorded | Go | module | build flags | group-versions | resources |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    end,
  ].join('\n');
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < 0) throw new Error(`${path} has no generated section (${begin})`);
  writeFileSync(path, text.slice(0, start) + section + text.slice(stop + end.length));
}

const recordings = process.argv.slice(2);
if (recordings.length === 0) {
  console.error('usage: node --import tsx scripts/reference-store.ts <recording-dir>...');
  process.exit(2);
}
for (const recording of recordings) add(recording);
