import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { formatByteSize } from './bytes.js';

/** A file larger than the limit; the message names the limit and the flag that sets it. */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${formatByteSize(maxBytes)} (--max-file-bytes)`);
    this.name = 'FileTooLargeError';
  }
}

/** A file that is not a regular file where only one will do (a cache entry). */
export class NotRegularFileError extends Error {
  constructor() {
    super('not a regular file');
    this.name = 'NotRegularFileError';
  }
}

const chunkBytes = 1024 * 1024;
const endProbeBytes = 4096;

/** How long a pipe or device may stay silent before the read gives up. */
export const idleLimitMs = 10_000;

export interface ReadTextFileOptions {
  /** Refuse FIFOs, devices and sockets at once (cache files: a planted FIFO is a miss, never a wait). */
  regularOnly?: boolean;
  /** How long a pipe may stay silent (default idleLimitMs). */
  idleMs?: number;
}

/**
 * Reads a UTF-8 file, stopping as soon as it passes maxBytes. The file is opened with O_NONBLOCK,
 * so a FIFO without a writer never blocks the open; a regular file is read as usual, and a pipe or
 * device (/dev/stdin, process substitution, /dev/zero), whose size is unknown until read, is read
 * until its end, maxBytes, or idleMs without data, so neither `/dev/zero` nor a silent FIFO hangs.
 */
export function readTextFile(path: string, maxBytes: number, options: ReadTextFileOptions = {}): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() && options.regularOnly) throw new NotRegularFileError();
    if (stat.isFile() && stat.size > maxBytes) throw new FileTooLargeError(maxBytes);
    const idleMs = options.idleMs ?? idleLimitMs;
    const chunks: Buffer[] = [];
    let total = 0;
    let idleSince = Date.now();
    // A regular file is read in one chunk of its size (plus one byte, to see it grow), then a
    // small probe for the end: never a megabyte per small file (kapi check reads thousands).
    let want = stat.isFile() ? stat.size + 1 : chunkBytes;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(want, maxBytes - total + 1));
      const read = readSome(fd, chunk);
      if (read === 0) break;
      want = read !== undefined && read < chunk.length ? endProbeBytes : chunkBytes;
      if (read === undefined) {
        if (Date.now() - idleSince > idleMs) throw new Error(`no data for ${idleMs / 1000}s (a pipe or device that never writes)`);
        pause(10);
        continue;
      }
      idleSince = Date.now();
      total += read;
      if (total > maxBytes) throw new FileTooLargeError(maxBytes);
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The bytes read, 0 at the end, undefined when a non-blocking pipe has nothing yet. */
function readSome(fd: number, chunk: Buffer): number | undefined {
  try {
    return readSync(fd, chunk, 0, chunk.length, null);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return undefined;
    throw error;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function pause(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
