import { hoistCommand } from '../cli/argv.js';
import { describeTopLevelError } from '../cli/cli-errors.js';
import { globalFlags } from '../cli/flags.js';
import { writeStderrLine } from '../cli/stderr.js';
import { commandLoaders } from './commands.js';

/** oclif's `bin` (package.json's oclif.bin): the name help hints and completion scripts use. */
export const bin = 'kapi';

/** Global flags that take a value, in both spellings (--context prod, -n kube-system). */
const valueFlags = Object.entries(globalFlags).flatMap(([name, flag]) =>
  flag.type === 'option' ? [`--${name}`, ...('char' in flag && flag.char ? [`-${flag.char}`] : [])] : [],
);

/**
 * Runs one command, loading only that command's module and oclif's parser; oclif's config,
 * plugins and help stay unloaded. Help and anything that is not a command go to oclif's own
 * main, which reads the manifest.
 */
export async function runCli(argv: string[], root: string): Promise<void> {
  const args = hoistCommand(argv, Object.keys(commandLoaders), valueFlags);
  const [id, ...rest] = args;
  const load = id === undefined ? undefined : commandLoaders[id];
  // As oclif's Command does: a closed pipe (`kapi api-resources | head -1`) ends the output quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  try {
    if (!load || wantsHelp(args)) {
      const { runOclif } = await import('./oclif.js');
      await runOclif(args, root);
    } else {
      const command = await load();
      command.id = id as string;
      await command.run(rest, { bin });
    }
    await flushStdout();
  } catch (error) {
    const failure = describeTopLevelError(error, bin);
    if (failure.line !== undefined) writeStderrLine(failure.line);
    process.exitCode = failure.exitCode;
  }
}

/** oclif's rule: --help anywhere before `--` shows help. */
function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--help');
}

/** As oclif's flush: resolves once what the command wrote to stdout has been handed to the OS. */
function flushStdout(): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write('')) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}
