import { kubectlArgv } from '../cli/argv.js';
import { globalFlags } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Flags } from '../cli/parser.js';
import { renderVersion } from '../render/version.js';
import { kapiVersion } from '../version.js';

export default class Version extends KapiCommand {
  static override summary = "Print kapi's version and the server's, as kubectl version does.";
  static override description =
    'Two lines, in kubectl version\'s words: "Client Version: v<kapi\'s version>" and "Server Version: <the server\'s gitVersion>" ' +
    '(from /version, or as the --snapshot recorded it; a snapshot that recorded none prints the client line only). ' +
    'When the server cannot be read, the client line is printed and the error follows on stderr with its exit code ' +
    '(5 unreachable, 6 rejected, ...), as kubectl version prints its client version before failing. ' +
    '--client reads no cluster. kapi --version prints the same client version with the platform and Node.';

  static override examples = [
    { description: "kapi's version and the current cluster's", command: '<%= config.bin %> <%= command.id %>' },
    { description: "kapi's version only", command: '<%= config.bin %> <%= command.id %> --client' },
    { description: 'The release a snapshot was recorded from', command: '<%= config.bin %> <%= command.id %> --snapshot builtin' },
  ];

  static override flags = {
    ...globalFlags,
    client: Flags.boolean({ description: "Print kapi's version only; read no cluster." }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Version, kubectlArgv(this.argv, Version.flags));
    this.write(renderVersion({ client: kapiVersion }));
    if (flags.client) return;
    const server = await this.openSession(flags).serverVersion();
    if (server) this.write(renderVersion({ server: server.gitVersion }));
  }
}
