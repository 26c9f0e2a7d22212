import { Errors, flush, run } from '@oclif/core';
import { hoistCommand } from './cli/argv.js';
import { describeTopLevelError } from './cli/cli-errors.js';
import { globalFlags } from './cli/flags.js';
import { COMMANDS } from './commands.js';

export { COMMANDS };

/** Global flags that take a value, in both spellings (--context prod, -n kube-system). */
const valueFlags = Object.entries(globalFlags).flatMap(([name, flag]) =>
  flag.type === 'option' ? [`--${name}`, ...('char' in flag && flag.char ? [`-${flag.char}`] : [])] : [],
);

/** Entry point of the bundled CLI; `root` is the package folder (for package.json and the manifest). */
export async function main(root: string): Promise<void> {
  const args = hoistCommand(process.argv.slice(2), Object.keys(COMMANDS), valueFlags);
  try {
    await run(args, root);
    await flush();
  } catch (error) {
    const failure = describeTopLevelError(error);
    if (failure) process.stderr.write(`${failure.line}\n`);
    process.exitCode = failure?.exitCode ?? (error instanceof Errors.ExitError ? error.oclif.exit : 1);
  }
}
