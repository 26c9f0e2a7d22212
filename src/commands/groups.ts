import { globalFlags, noHeadersFlag } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Flags } from '../cli/parser.js';
import { groupsOutputs, renderGroups } from '../render/groups.js';
import { filterGroupsReport, groupsReport } from '../surface/groups.js';

export default class Groups extends KapiCommand {
  static override summary = 'Show every group-version with who serves it: built in, a CRD, or an aggregated API server.';
  static override description =
    'Joins discovery (what kubectl api-versions prints) with the APIService routing table (kubectl get apiservices): ' +
    'one row per group-version with its APIService, backing Service, availability, resource count and freshness. ' +
    'A diff section lists where the two disagree, and a conflicts section lists resource names served by several groups ' +
    'with the group a bare name resolves to.';

  static override examples = [
    { description: 'Every group-version, then the diff and the name conflicts', command: '<%= config.bin %> <%= command.id %>' },
    {
      description: 'Only aggregated group-versions, with priorities and TLS settings',
      command: '<%= config.bin %> <%= command.id %> --aggregated -o wide',
    },
    { description: 'Where discovery and the APIServices disagree', command: '<%= config.bin %> <%= command.id %> --diff' },
    { description: 'Resource names served by several groups, as JSON', command: '<%= config.bin %> <%= command.id %> --conflicts -o json' },
    { description: 'Built-in group-versions as CSV', command: '<%= config.bin %> <%= command.id %> --local -o csv' },
  ];

  static override flags = {
    ...globalFlags,
    output: Flags.option({ char: 'o', description: 'Output format.', options: groupsOutputs })(),
    'no-headers': noHeadersFlag,
    local: Flags.boolean({ description: 'Only group-versions served by kube-apiserver itself (built in).' }),
    aggregated: Flags.boolean({ description: 'Only group-versions served by an aggregated API server.' }),
    diff: Flags.boolean({ description: 'Only where discovery and the APIService routing table disagree.' }),
    conflicts: Flags.boolean({ description: 'Only resource names served by more than one group, and what a bare name resolves to.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Groups);
    const session = this.openSession(flags);
    const surface = await session.surface({ servedBy: true });
    const report = filterGroupsReport(groupsReport(surface), { local: flags.local, aggregated: flags.aggregated });
    const text = renderGroups(report, {
      format: flags.output ?? 'table',
      noHeaders: flags['no-headers'],
      only: { diff: flags.diff, conflicts: flags.conflicts },
    });
    this.write(text);
    this.reportPartial(surface, { servedBy: true });
  }
}
