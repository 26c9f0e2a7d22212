import { describeTopLevelError } from '../cli/cli-errors.js';
import { writeStderrLine } from '../cli/stderr.js';
import { commandLoaders } from './commands.js';

/** oclif's `bin` (package.json's oclif.bin): the name help hints and completion scripts use. */
export const bin = 'kapi';

/**
 * Runs the command `id` (one of commandLoaders') with its arguments, as oclif's Command would:
 * output flushed, errors as one line and an exit code. The build makes this module, with the one
 * command it loads, a bundle of its own per command (dist/kapi-<id>.js, scripts/build.mjs), so a
 * run links one module rather than the forty chunks a command shares with the others.
 */
export async function execute(id: string, args: string[]): Promise<void> {
  await guarded(id, async () => {
    const load = commandLoaders[id];
    if (!load) throw new Error(`kapi has no command ${id}`);
    const command = await load();
    command.id = id;
    await command.run(args, { bin });
  });
}

/**
 * Runs `work`, then flushes stdout; an error is printed as one line and sets the exit code. `id`, the
 * command that runs, if any: its help is what a usage error points at.
 */
export async function guarded(id: string | undefined, work: () => Promise<void>): Promise<void> {
  try {
    await work();
    await flushStdout();
  } catch (error) {
    const failure = describeTopLevelError(error, bin, id);
    if (failure.line !== undefined) writeStderrLine(failure.line);
    process.exitCode = failure.exitCode;
  }
}

/** As oclif's flush: resolves once what the command wrote to stdout has been handed to the OS. */
function flushStdout(): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write('')) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}
