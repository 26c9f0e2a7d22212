import { lstatSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** What the build embeds beside the code (scripts/build-binary.mjs): the package's files, named by a hash of them all. */
export interface EmbeddedIndex {
  id: string;
  /** Paths relative to the package root, with '/' separators (package.json, snapshots/v1.36.3.json, ...). */
  files: string[];
}

/** Reads what the executable embeds: node:sea's getAsset in the binary, plain objects in tests. */
export interface EmbeddedFiles {
  index(): EmbeddedIndex;
  read(path: string): ArrayBuffer;
}

/**
 * The standalone executable carries the files the npm package ships beside its code (package.json,
 * oclif's manifest, dist/quick.json, snapshots/ and the data folders the build lists) as assets of the
 * single executable application. kapi reads them as files, so the first run of a build unpacks them
 * into ${XDG_CACHE_HOME:-~/.cache}/kapi/binary/<id>/ and later runs find them there: a few lstat calls.
 * The id hashes the files, so two builds never share a folder. The folder is staged under a temporary
 * name and renamed into place, so it exists only when complete. It is used only when it and the folders
 * above it, up to the cache root, are the user's own and writable by nobody else (as ssh checks its
 * files); otherwise the files go to a private temporary folder that is removed at exit.
 */
export function unpackedRoot(embedded: EmbeddedFiles, env: NodeJS.ProcessEnv = process.env): string {
  const { id, files } = embedded.index();
  if (!/^[0-9a-f]{16,64}$/.test(id)) throw new Error(`bad embedded index id ${JSON.stringify(id)}`);
  const cacheRoot = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  const parent = join(cacheRoot, 'kapi', 'binary');
  const folder = join(parent, id);
  if (privateChain(folder, cacheRoot)) return folder;
  try {
    mkdirSync(parent, { recursive: true, mode: 0o700 });
    if (privateChain(parent, cacheRoot)) {
      const staging = mkdtempSync(join(parent, `.${id}-`));
      try {
        unpack(embedded, files, staging);
        renameSync(staging, folder);
      } catch {
        // another run put it in place first, or the disk is full: the check below decides
        rmSync(staging, { recursive: true, force: true });
      }
      if (privateChain(folder, cacheRoot)) return folder;
    }
  } catch {
    // an unwritable cache never fails a command
  }
  const temporary = mkdtempSync(join(tmpdir(), 'kapi-binary-'));
  process.on('exit', () => rmSync(temporary, { recursive: true, force: true }));
  unpack(embedded, files, temporary);
  return temporary;
}

function unpack(embedded: EmbeddedFiles, files: string[], into: string): void {
  for (const path of files) {
    if (path.split('/').some((part) => part === '' || part === '.' || part === '..')) throw new Error(`bad embedded path ${path}`);
    const file = join(into, path);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, new Uint8Array(embedded.read(path)), { mode: 0o600 });
  }
}

/** folder and every folder above it up to stop (inclusive): real folders, the user's own, writable by nobody else. */
export function privateChain(folder: string, stop: string): boolean {
  const uid = process.getuid?.();
  for (let current = folder; ; current = dirname(current)) {
    let stats: ReturnType<typeof lstatSync>;
    try {
      stats = lstatSync(current);
    } catch {
      return false;
    }
    if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid) || (stats.mode & 0o022) !== 0) return false;
    if (current === stop || dirname(current) === current) return true;
  }
}
