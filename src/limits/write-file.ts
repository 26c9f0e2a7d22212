import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { nodeCrypto } from '../cluster/crypto.js';

/**
 * Writes a whole file the one way kapi writes files: to a new temporary file in the same folder
 * (created exclusively, so nothing planted there is followed), then renamed over the target. A
 * reader never sees half a file, two writers never mix, and an existing symbolic link at the
 * target is replaced by the file, never written through to what it points at. With `streams`, a
 * target that is a stream, not a file (/dev/stdout, a pipe from process substitution: what a user
 * names on purpose), is written to directly; a cache file never is (a planted FIFO is replaced).
 */
export function replaceFile(file: string, text: string, options: { mode?: number; streams?: boolean } = {}): void {
  const mode = options.mode ?? 0o666;
  if (options.streams && isStream(file)) {
    writeFileSync(file, text);
    return;
  }
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { mode, flag: 'wx' });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** True when the path exists and, links followed, is a pipe, a socket or a character device. */
function isStream(file: string): boolean {
  try {
    const stat = statSync(file);
    return stat.isFIFO() || stat.isCharacterDevice() || stat.isSocket();
  } catch {
    return false;
  }
}
