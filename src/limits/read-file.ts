import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { formatByteSize } from './bytes.js';

/** A file larger than the limit; the message names the limit and the flag that sets it. */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${formatByteSize(maxBytes)} (--max-file-bytes)`);
    this.name = 'FileTooLargeError';
  }
}

const chunkBytes = 1024 * 1024;

/**
 * Reads a UTF-8 file, stopping as soon as it passes maxBytes. Works on pipes
 * and devices too (/dev/stdin, process substitution), whose size is unknown
 * until read, so `/dev/zero` fails after maxBytes instead of growing forever.
 */
export function readTextFile(path: string, maxBytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size > maxBytes) throw new FileTooLargeError(maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, maxBytes - total + 1));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) throw new FileTooLargeError(maxBytes);
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
