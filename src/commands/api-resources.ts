import { kubectlArgv } from '../cli/argv.js';
import { globalFlags, noHeadersFlag } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Flags } from '../cli/parser.js';
import { writeStderrLine } from '../cli/stderr.js';
import { ExitCode, KapiError, UsageError } from '../errors.js';
import { apiResourcesOutputs, renderApiResources } from '../render/api-resources.js';
import { conflictWarnings } from '../render/groups.js';
import { nameConflicts } from '../surface/name-conflicts.js';
import { allVersionResources, filterResources, preferredResources, sortResources } from '../surface/query.js';
import { type ServedResource, withServedBy } from '../surface/served-by.js';
import { groupVersionString } from '../surface/vocabulary.js';

export default class ApiResources extends KapiCommand {
  static override summary = 'Print the supported API resources on the server, as kubectl does, and more.';
  static override description =
    'Lists each resource once, in the version kubectl shows (the preferred one), sorted like kubectl. ' +
    '--all-versions lists every served version, --subresources adds subresources, and -o wide adds who serves each group-version.';

  static override examples = [
    { description: 'Print the supported API resources', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'With verbs, categories and who serves them', command: '<%= config.bin %> <%= command.id %> -o wide' },
    {
      description: 'Only cluster-scoped resources, sorted by kind',
      command: '<%= config.bin %> <%= command.id %> --namespaced=false --sort-by=kind',
    },
    {
      description: 'Resources of the core group that can be listed and watched',
      command: '<%= config.bin %> <%= command.id %> --api-group= --verbs=list,watch',
    },
    { description: 'Every served version, as JSON for jq', command: '<%= config.bin %> <%= command.id %> --all-versions -o json' },
    {
      description: 'Offline, from the reference snapshot shipped with kapi',
      command: '<%= config.bin %> <%= command.id %> --snapshot builtin',
    },
  ];

  static override flags = {
    ...globalFlags,
    output: Flags.option({ char: 'o', description: 'Output format.', options: apiResourcesOutputs })(),
    'no-headers': noHeadersFlag,
    'api-group': Flags.string({ description: 'Limit to resources in the specified API group ("" is the core group).' }),
    namespaced: Flags.option({
      description: 'true: only namespaced resources; false: only cluster-scoped ones. Unset: both.',
      options: ['true', 'false'] as const,
    })(),
    verbs: Flags.string({ description: 'Limit to resources that support all the specified verbs.', multiple: true, delimiter: ',' }),
    categories: Flags.string({
      description: 'Limit to resources that belong to all the specified categories.',
      multiple: true,
      delimiter: ',',
    }),
    'sort-by': Flags.string({ description: "Sort by 'name' or 'kind' (default: by group, then name)." }),
    cached: Flags.boolean({ description: 'Use the cached discovery if it is fresh (6h), as kubectl does.' }),
    'all-versions': Flags.boolean({ description: 'List every served version of each resource, not only the preferred one.' }),
    subresources: Flags.boolean({ description: 'Add a SUBRESOURCES column (status, scale, exec, ...).' }),
    access: Flags.boolean({
      description:
        'Add an ACCESS column (-o json: allowedVerbs) with the verbs you may use on each resource, cluster-wide or in -n NAMESPACE (SelfSubjectRulesReview, and SelfSubjectAccessReview where the rules cannot say).',
    }),
    'kubectl-compat': Flags.boolean({
      description:
        "Print exactly what kubectl prints: its columns (no SERVED BY in -o wide), and -o json|yaml as kubectl's APIResourceList; exit as kubectl does (1 for any error, and after the list when a group-version failed legacy discovery).",
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ApiResources, kubectlArgv(this.argv, ApiResources.flags));
    const sortBy = flags['sort-by'] || undefined;
    if (sortBy !== undefined && sortBy !== 'name' && sortBy !== 'kind') this.error('--sort-by accepts only name or kind', { exit: 2 });
    const format = flags.output ?? 'table';
    const kubectlCompat = flags['kubectl-compat'];
    this.kubectlExitCodes = kubectlCompat;
    // kubectl's own shapes (the table, -o name, and with --kubectl-compat -o wide|json|yaml) have no served-by.
    const kubectlShape =
      format === 'table' || format === 'name' || (kubectlCompat && (format === 'wide' || format === 'json' || format === 'yaml'));
    const servedByNeeded = !kubectlShape;

    const session = this.openSession(flags);
    const surface = await session.surface({ servedBy: servedByNeeded, cached: flags.cached });
    const resources = flags['all-versions'] ? allVersionResources(surface) : preferredResources(surface);
    const filtered = filterResources(resources, {
      apiGroup: flags['api-group'],
      namespaced: flags.namespaced === undefined ? undefined : flags.namespaced === 'true',
      verbs: flags.verbs ?? [],
      categories: flags.categories ?? [],
    });
    const rows: Array<ServedResource & { allowedVerbs?: string[] }> = withServedBy(sortResources(filtered, sortBy ?? 'group'), surface);
    if (flags.access) {
      if (session.isOffline) throw new UsageError('--access asks the cluster; --snapshot is not supported');
      if (kubectlCompat) throw new UsageError('--access adds a column kubectl does not print; drop --kubectl-compat');
      const { readAccess } = await import('../pipeline/access.js');
      const access = await readAccess(await session.transport(), filtered, { namespace: flags.namespace ?? '' });
      for (const row of rows) row.allowedVerbs = access.get(row.resource) ?? [];
    }
    this.write(
      renderApiResources(rows, {
        format,
        noHeaders: flags['no-headers'],
        subresources: flags.subresources,
        kubectlCompat,
        access: flags.access,
      }),
    );
    if (format === 'wide' && !kubectlCompat) for (const line of conflictWarnings(nameConflicts(surface))) writeStderrLine(line);
    this.reportPartial(surface, { servedBy: servedByNeeded });
    // kubectl ends with an error after the list when a group-version failed (a stale one in aggregated discovery is skipped quietly).
    const failed = surface.failures.filter((failure) => failure.reason !== 'stale');
    if (kubectlCompat && failed.length > 0) {
      const list = failed.map((failure) => `${groupVersionString(failure.group, failure.version)}: ${failure.message}`).join(', ');
      throw new KapiError('partial', `unable to retrieve the complete list of server APIs: ${list}`, ExitCode.partial);
    }
  }
}
