import { KapiCommand } from '../cli/kapi-command.js';
import { Args } from '../cli/parser.js';

/**
 * `kapi help [COMMAND]`. The launcher answers it as `kapi COMMAND --help` (src/launch/quick.ts, src/launch/run.ts), so it has
 * no loader or bundle of its own; this class lists it in the help and the manifest, and answers it the
 * same way under oclif's own main.
 */
export default class Help extends KapiCommand {
  static override summary = 'Show the help of kapi or of one command.';
  static override description =
    '`kapi help explain` is `kapi explain --help`, as `kubectl help explain` is; `kapi help` is `kapi --help`; `kapi help help` is this help.';

  static override examples = ['<%= config.bin %> <%= command.id %> explain'];

  static override args = {
    command: Args.string({ description: 'The command.' }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(Help);
    const { runOclif } = await import('../launch/oclif.js');
    await runOclif([...(args.command === undefined ? [] : [args.command]), '--help'], this.config.root ?? import.meta.url);
  }
}
