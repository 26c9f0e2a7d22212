// Builds snapshots/<name>.json by running `kapi snapshot` against a loopback
// server that replays a real capture; records where the data came from.
// Usage: tsx scripts/make-builtin-snapshot.ts <capture-folder> <name> "<origin text>"
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { loadFolderCapture, startReplayServer } from '../test/support/replay-server.ts';

const [captureDir, name, origin] = process.argv.slice(2);
if (!captureDir || !name || !origin) throw new Error('usage: make-builtin-snapshot <capture-folder> <name> <origin>');
const server = await startReplayServer(loadFolderCapture(captureDir));
try {
  const { stdout: output } = await promisify(execFile)(process.execPath, ['bin/run.js', 'snapshot', '--server', server.url], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const document = JSON.parse(output);
  document.surface.source = { kind: 'snapshot', origin, capturedAt: document.surface.source.capturedAt };
  writeFileSync(`snapshots/${name}.json`, `${JSON.stringify(document, null, 1)}\n`);
} finally {
  await server.close();
}
