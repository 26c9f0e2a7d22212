import { KapiCommand } from '../cli/kapi-command.js';
import { Args } from '../cli/parser.js';
import { completionScript, shells } from '../completion/scripts.js';

export default class Completion extends KapiCommand {
  static override summary = 'Print the shell completion script for bash, zsh or fish.';
  static override description =
    'The script completes commands, flags and their values, resource names and field paths (explain pods.spec.<TAB>) by asking ' +
    '`kapi __complete`, which reads them from --snapshot, or from the cluster of the current context (discovery from the cache when ' +
    'fresh, with a 5s timeout otherwise). For `kubectl kapi <TAB>`, put kubectl_complete-kapi (shipped in bin/) on your PATH next ' +
    'to kubectl-kapi: kubectl v1.26 and newer call it.';

  static override examples = [
    { description: 'bash, for this shell', command: 'source <(<%= config.bin %> <%= command.id %> bash)' },
    { description: 'zsh (after compinit)', command: 'source <(<%= config.bin %> <%= command.id %> zsh)' },
    { description: 'fish', command: '<%= config.bin %> <%= command.id %> fish | source' },
  ];

  static override args = {
    shell: Args.option({ description: 'The shell: bash, zsh or fish.', options: shells })(),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(Completion);
    if (args.shell === undefined) this.error(`name the shell: ${this.config.bin} completion ${shells.join('|')}`);
    process.stdout.write(completionScript(args.shell, this.config.bin));
  }
}
