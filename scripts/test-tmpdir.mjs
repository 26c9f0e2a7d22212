// Runs a command (npm test's suites) under a temporary folder of its own (TMPDIR, TMP, TEMP), then
// fails when the run left anything in it but the tools' own caches, listing what was left, and
// removes the folder. The suites' exit code wins when they fail. Usage:
//   node scripts/test-tmpdir.mjs npm run test:suites
import { spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What a run may leave that is not kapi's: tsx's transform cache (`tsx-<uid>`) and Node's compile cache
 * (`node-compile-cache`, Node 22+'s default folder, which tsx turns on). Both go with the folder.
 */
const toolCaches = [/^tsx-[\w-]+$/, /^node-compile-cache$/];

/** The entries of `dir` a run left behind, sorted, with their sizes: everything but the tools' caches. */
export function leftovers(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !toolCaches.some((cache) => cache.test(entry.name)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((entry) => ({ name: entry.name, directory: entry.isDirectory(), bytes: size(join(dir, entry.name)) }));
}

/** The failure message: one line per entry left (a folder ends in /). */
export function leftoverMessage(entries, dir) {
  // A name a hostile-input test made may hold control characters: shown quoted, never raw.
  const shown = (name) => (/[\u0000-\u001f\u007f-\u009f]/.test(name) ? JSON.stringify(name) : name);
  const lines = entries.map(({ name, bytes, directory }) => `  ${shown(name)}${directory ? '/' : ''} (${kib(bytes)})`);
  return [
    `error: the tests left ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} in their temporary folder ${dir} ` +
      '(now removed; a test removes what it creates, passed or failed):',
    ...lines,
  ].join('\n');
}

/**
 * Runs `command` with TMPDIR (and TMP, TEMP) set to a new folder under `parent`; resolves to the exit
 * code: the command's when it failed, 1 when it passed but left something, else 0. The folder is
 * removed either way. `report` gets the failure message.
 */
export async function runInOwnTmpdir(command, args, { parent = tmpdir(), env = process.env, report = console.error } = {}) {
  const dir = mkdtempSync(join(parent, 'kapi-test-run-'));
  try {
    const code = await run(command, args, { ...env, TMPDIR: dir, TMP: dir, TEMP: dir });
    const left = leftovers(dir);
    if (left.length > 0) report(leftoverMessage(left, dir));
    return code !== 0 ? code : left.length > 0 ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The command's exit code (128 + the signal's number when a signal ended it); Ctrl-C and SIGTERM reach it too. */
function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    const forward = (signal) => child.kill(signal);
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward);
    child.on('error', (error) => {
      console.error(`error: failed to run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      for (const name of ['SIGINT', 'SIGTERM']) process.off(name, forward);
      resolve(code ?? 128 + (constants.signals[signal] ?? 0));
    });
  });
}

/** Bytes under `path`, not following symlinks. */
function size(path) {
  try {
    const stat = lstatSync(path);
    if (!stat.isDirectory()) return stat.size;
    return readdirSync(path).reduce((total, name) => total + size(join(path, name)), 0);
  } catch {
    return 0;
  }
}

function kib(bytes) {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error('usage: node scripts/test-tmpdir.mjs COMMAND [ARGS...]');
    process.exit(2);
  }
  process.exitCode = await runInOwnTmpdir(command, args);
}
