import { globalFlags } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { renderGlobalOptions } from '../render/global-options.js';

export default class Options extends KapiCommand {
  static override summary = 'Print the flags every command that reads a cluster or a snapshot takes.';
  static override description =
    "The connection, source and tracing flags, listed once here as kubectl lists its global flags in kubectl options; each command's " +
    'help lists only its own flags (and --snapshot). They may come before or after the command: kapi --context prod api-resources.';

  static override examples = ['<%= config.bin %> <%= command.id %>'];

  async run(): Promise<void> {
    await this.parse(Options);
    this.write(
      renderGlobalOptions(
        globalFlags,
        'every command that reads a cluster or a snapshot (all but completion, help, lifecycle and options)',
      ),
    );
  }
}
