import { globalFlags, noHeadersFlag } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Flags } from '../cli/parser.js';
import { writeStderrLine } from '../cli/stderr.js';
import { ExitCode, KapiError } from '../errors.js';
import { apiServicesOutputs, insecureWarnings, renderApiServices } from '../render/apiservices.js';
import { apiServiceRows } from '../surface/apiservice-rows.js';
import type { ApiSurface } from '../surface/model.js';

export default class ApiServices extends KapiCommand {
  static override summary = 'List the APIServices (the aggregation routing table) as kubectl get apiservices does, and more.';
  static override description =
    'The same NAME, SERVICE, AVAILABLE and AGE columns as kubectl get apiservices. -o wide adds the priorities, TLS settings, ' +
    'the resources served through each APIService and the full Available message. APIServices that skip TLS verification are flagged on stderr.';

  static override examples = [
    { description: 'List the APIServices', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'With priorities, TLS, resources and condition messages', command: '<%= config.bin %> <%= command.id %> -o wide' },
    { description: 'As JSON for jq', command: '<%= config.bin %> <%= command.id %> -o json' },
  ];

  static override flags = {
    ...globalFlags,
    output: Flags.option({ char: 'o', description: 'Output format.', options: apiServicesOutputs })(),
    'no-headers': noHeadersFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ApiServices);
    const session = this.openSession(flags);
    const surface = await session.surface({ servedBy: true });
    if (surface.apiServices === undefined) throw apiServicesUnread(surface);
    const rows = apiServiceRows(surface);
    this.write(renderApiServices(rows, { format: flags.output ?? 'table', noHeaders: flags['no-headers'], now: ageReference(surface) }));
    for (const line of insecureWarnings(rows)) writeStderrLine(line);
    this.reportPartial(surface);
  }
}

/** Why there are no APIServices to show: a 403 is exit 6, as everywhere; a snapshot without them or another failure exit 7. */
function apiServicesUnread(surface: ApiSurface): KapiError {
  const unread = surface.apiServicesUnread;
  if (surface.source.kind === 'snapshot') {
    const recorded = unread ? ` (when it was recorded: ${unread.message})` : '';
    return new KapiError('apiservices', `failed to list APIServices: the snapshot does not hold them${recorded}`, ExitCode.server);
  }
  const code = unread?.reason === 'forbidden' ? ExitCode.auth : ExitCode.server;
  return new KapiError('apiservices', `failed to list APIServices: ${unread?.message ?? 'they could not be read'}`, code);
}

/**
 * What AGE counts to: now for a live cluster; for a snapshot the time it was captured (the age the
 * APIService had then), or nothing (<unknown>) when the snapshot does not say.
 */
function ageReference(surface: ApiSurface): number | undefined {
  if (surface.source.kind !== 'snapshot') return Date.now();
  const captured = surface.source.capturedAt === undefined ? Number.NaN : Date.parse(surface.source.capturedAt);
  return Number.isNaN(captured) ? undefined : captured;
}
