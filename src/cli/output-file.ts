import { mkdirSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

/** Writes what a command made to FILE; a failure is exit 4: "failed to write FILE: why". */
export function writeOutputFile(file: string, text: string): void {
  try {
    writeFileSync(file, text);
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
