import { join } from 'node:path';
import { getAsset } from 'node:sea';
import { pathToFileURL } from 'node:url';
import { main } from '../main.js';
import { type EmbeddedIndex, unpackedRoot } from './unpack.js';

/**
 * Entry point of the standalone executable (`npm run build:binary`, a Node single executable
 * application): the files the package ships are unpacked on the first run (src/binary/unpack.ts),
 * then kapi runs as bin/run.js would from that folder. The build replaces import.meta.url, which a
 * CommonJS bundle lacks, with globalThis.__kapiModuleUrl: dist/kapi.js in that folder, where the
 * code finds snapshots/ as it does in the package.
 */
const root = unpackedRoot({
  index: () => JSON.parse(getAsset('index.json', 'utf8')) as EmbeddedIndex,
  read: (path) => getAsset(`files/${path}`),
});
(globalThis as { __kapiModuleUrl?: string }).__kapiModuleUrl = pathToFileURL(join(root, 'dist', 'kapi.js')).href;
void main(pathToFileURL(join(root, 'bin', 'run.js')).href);
