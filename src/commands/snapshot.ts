import { globalFlags } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Flags } from '../cli/parser.js';
import { captureSchemas } from '../openapi/capture.js';
import { toJson, toYaml } from '../render/formats.js';
import { toSnapshot } from '../snapshot/snapshot.js';
import { kapiVersion } from '../version.js';

export default class Snapshot extends KapiCommand {
  static override summary = "Record a cluster's whole API surface to a file, for offline use and diffs.";
  static override description =
    'The snapshot holds the discovery model, the server version, APIServices, CRD served-by, the time taken and the source. ' +
    'It never holds credentials or server-private headers. Every read command takes it with --snapshot FILE.';

  static override examples = [
    { description: 'Record the current cluster', command: '<%= config.bin %> <%= command.id %> -o json > cluster.json' },
    { description: 'Answer from it later, offline', command: '<%= config.bin %> api-resources --snapshot cluster.json' },
    {
      description: 'With the OpenAPI schemas, for kapi explain offline',
      command: '<%= config.bin %> <%= command.id %> --with-schemas > cluster.json',
    },
  ];

  static override flags = {
    ...globalFlags,
    output: Flags.option({ char: 'o', description: 'Output format.', options: ['json', 'yaml'] as const, default: 'json' })(),
    'with-schemas': Flags.boolean({
      description:
        'Also record the OpenAPI schemas for offline explain: the /openapi/v3 index and every group-version document (or /openapi/v2 when v3 is absent).',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Snapshot);
    const session = this.openSession(flags);
    const surface = await session.surface({ servedBy: true, serverVersion: true });
    const schemas = flags['with-schemas'] ? await captureSchemas(await session.transport()) : undefined;
    const document = toSnapshot(surface, kapiVersion, schemas);
    this.write(flags.output === 'yaml' ? toYaml(document) : toJson(document));
    this.reportPartial(surface, { servedBy: true });
  }
}
