import { Errors, flush, run } from '@oclif/core';
import { hoistCommand } from '../cli/argv.js';
import { describeTopLevelError } from '../cli/cli-errors.js';
import { globalFlags } from '../cli/flags.js';
import { writeStderrLine } from '../cli/stderr.js';
import { commandLoaders } from './commands.js';

/** Global flags that take a value, in both spellings (--context prod, -n kube-system). */
const valueFlags = Object.entries(globalFlags).flatMap(([name, flag]) =>
  flag.type === 'option' ? [`--${name}`, ...('char' in flag && flag.char ? [`-${flag.char}`] : [])] : [],
);

/**
 * Runs one command through oclif, loading only that command's module. Help, --version and
 * anything that is not a command go to oclif's own main, which reads the manifest.
 */
export async function runCli(argv: string[], root: string): Promise<void> {
  const args = hoistCommand(argv, Object.keys(commandLoaders), valueFlags);
  const [id, ...rest] = args;
  const load = id === undefined ? undefined : commandLoaders[id];
  try {
    if (!load || wantsHelp(args)) {
      await run(args, root);
    } else {
      const command = await load();
      command.id = id as string;
      await command.run(rest, root);
    }
    await flush();
  } catch (error) {
    const failure = describeTopLevelError(error);
    if (failure) writeStderrLine(failure.line);
    process.exitCode = failure?.exitCode ?? (error instanceof Errors.ExitError ? error.oclif.exit : 1);
  }
}

/** oclif's rule: --help anywhere before `--` shows help. */
function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--help');
}
