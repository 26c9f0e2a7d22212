import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../errors.js';
import { replaceFile } from '../limits/write-file.js';

/**
 * Writes what a command made to FILE (a temporary file beside it, renamed: an existing symbolic
 * link is replaced, not written through; /dev/stdout is written to); a failure is exit 4: "failed to write FILE: why".
 */
export function writeOutputFile(file: string, text: string): void {
  try {
    replaceFile(file, text, { streams: true });
  } catch (error) {
    throw new ConfigError(`failed to write ${file}: ${whyNot(error, file)}`, error);
  }
}

/** Creates DIR (and its parents) for output files; a failure is exit 4: "failed to create DIR: why". */
export function makeOutputDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new ConfigError(`failed to create ${dir}: ${whyNot(error, dir)}`, error);
  }
}

/**
 * Why a path could not be written, in words about the path the user gave: Node's own message names the
 * system call and kapi's temporary file beside the target (`rename '/tmp/.x.html.1234.ab12cd34.tmp' -> …`).
 */
function whyNot(error: unknown, path: string): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `the folder ${dirname(path)} does not exist`;
    case 'EISDIR':
      return 'it is a folder';
    case 'EEXIST':
      return 'it exists and is not a folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return (error as Error).message;
  }
}
