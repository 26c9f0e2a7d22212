import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatByteSize } from '../limits/bytes.js';
import { FileTooLargeError, readTextFile } from '../limits/read-file.js';
import type { ReadProblem, ReadResult } from './model.js';
import { defaultParseLimits, type ParseLimits, parseManifests } from './parse.js';

/**
 * Reads manifests from the paths kapi check is given: files (any extension), directories
 * (recursively, their .yaml, .yml and .json files, in name order; symbolic links to
 * directories are not followed, so a loop cannot trap the walk) and "-" for standard input.
 * A file that cannot be read is a problem with its place; the others are still read.
 */

export interface ReadOptions extends ParseLimits {
  /** The largest file read (--max-manifest-bytes). */
  maxFileBytes: number;
  /** How standard input is read (a test passes its own). */
  readStdin?: (maxBytes: number) => string;
}

export const stdinName = 'stdin';

const manifestExtension = /\.(ya?ml|json)$/i;

export function readManifests(paths: string[], options: ReadOptions): ReadResult {
  const result: ReadResult = { objects: [], problems: [] };
  for (const path of paths) {
    if (path === '-') {
      readOne(stdinName, () => (options.readStdin ?? readStandardInput)(options.maxFileBytes), options, result);
      continue;
    }
    for (const file of manifestFiles(path, result.problems)) {
      readOne(file, () => readTextFile(file, options.maxFileBytes), options, result);
    }
  }
  return result;
}

/** Parses one manifest text (a Helm release's manifest, say) under a given name. */
export function readManifestText(name: string, text: string, limits: ParseLimits = defaultParseLimits): ReadResult {
  const result: ReadResult = { objects: [], problems: [] };
  readOne(name, () => text, { ...limits, maxFileBytes: Number.POSITIVE_INFINITY }, result);
  return result;
}

function readOne(file: string, read: () => string, options: ReadOptions, result: ReadResult): void {
  let text: string;
  try {
    text = read();
  } catch (error) {
    result.problems.push(unreadable(file, whyUnreadable(error)));
    return;
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    result.problems.push(unreadable(file, `a binary file (it holds a NUL byte at offset ${nul}), not YAML or JSON`));
    return;
  }
  appendRead(result, parseManifests(file, text, options));
}

/** Adds what one read found to another, in order (a loop: a spread of a huge array into push overflows the stack). */
export function appendRead(into: ReadResult, from: ReadResult): void {
  for (const object of from.objects) into.objects.push(object);
  for (const problem of from.problems) into.problems.push(problem);
}

function manifestFiles(path: string, problems: ReadProblem[]): string[] {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (error) {
    problems.push(unreadable(path, whyUnreadable(error)));
    return [];
  }
  if (!stat.isDirectory()) return [path];
  const files: string[] = [];
  const pending = [path];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (error) {
      problems.push(unreadable(dir, whyUnreadable(error)));
      continue;
    }
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = join(dir, entry);
      let entryStat: ReturnType<typeof lstatSync>;
      try {
        entryStat = lstatSync(full);
        if (entryStat.isSymbolicLink()) {
          const target = statSync(full);
          if (target.isDirectory()) continue;
          entryStat = target;
        }
      } catch (error) {
        problems.push(unreadable(full, whyUnreadable(error)));
        continue;
      }
      if (entryStat.isDirectory()) subdirs.push(full);
      else if (manifestExtension.test(entry)) files.push(full);
    }
    // A stack: the first subdirectory is walked next.
    for (let index = subdirs.length - 1; index >= 0; index--) pending.push(subdirs[index] as string);
  }
  return files;
}

function readStandardInput(maxBytes: number): string {
  return readTextFile('/dev/stdin', maxBytes);
}

function unreadable(file: string, message: string): ReadProblem {
  return { reason: 'unreadable', file, position: { line: 1, column: 1 }, message };
}

function whyUnreadable(error: unknown): string {
  if (error instanceof FileTooLargeError) return `not read: larger than ${formatByteSize(error.maxBytes)} (--max-manifest-bytes)`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'a directory';
  return `cannot be read: ${(error as Error).message}`;
}
