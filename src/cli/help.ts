import { type Command, Help } from '@oclif/core';
import { globalFlags } from './flags.js';

/** Flags each command's help leaves to `kapi options`: the global ones, but --snapshot, which says kapi works offline. */
const optionsOnly = new Set(Object.keys(globalFlags).filter((name) => name !== 'snapshot'));

/**
 * oclif's help, with the ~25 global flags shown once, by `kapi options`, as kubectl shows its own with
 * `kubectl options`: a command's help lists its own flags and ends with kubectl's pointer to them.
 */
export default class KapiHelp extends Help {
  /** oclif reads the word `help` as no subject (the root help); `kapi help --help` shows help's own, as `kubectl help help` does. */
  override async showHelp(argv: string[]): Promise<void> {
    const words = argv.filter((arg) => arg !== '--help' && arg !== '-h');
    const help = words.length === 1 && words[0] === 'help' ? this.config.findCommand('help') : undefined;
    await (help ? this.showCommandHelp(help) : super.showHelp(argv));
  }

  override formatCommand(command: Command.Loadable): string {
    const flags = Object.entries(command.flags);
    const own = Object.fromEntries(flags.filter(([name]) => !optionsOnly.has(name)));
    const text = super.formatCommand({ ...command, flags: own });
    if (flags.every(([name]) => !optionsOnly.has(name))) return text;
    return `${text}\n\nUse "${this.config.bin} options" for a list of global command-line options (applies to all commands).`;
  }
}
