import { mkdirSync } from 'node:fs';
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
    throw new ConfigError(`failed to write ${file}: ${(error as Error).message}`, error);
  }
}

/** Creates DIR (and its parents) for output files; a failure is exit 4: "failed to create DIR: why". */
export function makeOutputDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new ConfigError(`failed to create ${dir}: ${(error as Error).message}`, error);
  }
}
