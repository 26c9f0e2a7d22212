import { kubectlArgv } from '../cli/argv.js';
import { globalFlags } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Flags } from '../cli/parser.js';
import { apiVersionEntries, apiVersionsOutputs, renderApiVersions } from '../render/api-versions.js';

export default class ApiVersions extends KapiCommand {
  static override summary = 'Print the supported API versions on the server, in the form of "group/version".';
  static override description =
    'The same list as kubectl api-versions. Versions that are stale or fail discovery are named on stderr, never silently dropped.';

  static override examples = [
    { description: 'Print the supported API versions', command: '<%= config.bin %> <%= command.id %>' },
    { description: "Only each group's preferred version, as JSON", command: '<%= config.bin %> <%= command.id %> --preferred -o json' },
    { description: 'Offline, from the reference snapshot', command: '<%= config.bin %> <%= command.id %> --snapshot builtin' },
  ];

  static override flags = {
    ...globalFlags,
    output: Flags.option({ char: 'o', description: 'Output format.', options: apiVersionsOutputs })(),
    preferred: Flags.boolean({ description: "Print only each group's preferred version." }),
    'kubectl-compat': Flags.boolean({
      description:
        'Exit as kubectl does: 0 when some group-versions could not be discovered (they are still named on stderr), 1 on any error.',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ApiVersions, kubectlArgv(this.argv, ApiVersions.flags));
    this.kubectlExitCodes = flags['kubectl-compat'];
    const surface = await this.openSession(flags).surface({ versionsOnly: true });
    this.write(renderApiVersions(apiVersionEntries(surface, flags.preferred), flags.output ?? 'text'));
    this.reportPartial(surface);
  }
}
