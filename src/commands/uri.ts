import { globalFlags } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Args, Flags } from '../cli/parser.js';
import { writeStderrLine } from '../cli/stderr.js';
import { renderUri, type UriFormat } from '../render/uri.js';
import { resourceUri } from '../surface/uri.js';

export default class Uri extends KapiCommand {
  static override summary = 'Print the REST path of a resource, resolved through discovery.';
  static override description =
    'Resolves RESOURCE as kubectl does (plural, singular, short name or kind, optionally group-qualified) and prints its path: ' +
    '/api/<version> for the core group, /apis/<group>/<version> otherwise, in the preferred version, with namespaces/<ns> ' +
    'only for namespaced resources. --explain names each segment; -o json|yaml gives the segments.';

  static override examples = [
    { description: 'A namespaced object', command: '<%= config.bin %> <%= command.id %> services kubernetes -n default' },
    { description: 'A grouped, namespaced object', command: '<%= config.bin %> <%= command.id %> ds kube-proxy -n kube-system' },
    { description: 'A subresource', command: '<%= config.bin %> <%= command.id %> pods x -n kube-system --subresource exec' },
    { description: 'A list across all namespaces', command: '<%= config.bin %> <%= command.id %> deployments --all-namespaces' },
    { description: 'Each segment labelled', command: '<%= config.bin %> <%= command.id %> clusterroles view --explain' },
    { description: 'The segments as JSON', command: '<%= config.bin %> <%= command.id %> pods x -o json' },
  ];

  static override args = {
    resource: Args.string({
      description: 'Resource type: plural, singular, short name or kind, optionally RESOURCE.GROUP.',
      required: true,
    }),
    name: Args.string({ description: 'Object name.' }),
  };

  static override flags = {
    ...globalFlags,
    subresource: Flags.string({ description: 'Subresource of the object, e.g. status, scale, log, exec.' }),
    'all-namespaces': Flags.boolean({ char: 'A', description: 'The path of a list across all namespaces (no namespace segment).' }),
    'api-version': Flags.string({ description: 'Use this group/version instead of the preferred one (v1 for the core group).' }),
    explain: Flags.boolean({ description: 'Label each segment: group, version, namespace, resource, name, subresource.' }),
    output: Flags.option({ char: 'o', description: 'Output format.', options: ['json', 'yaml'] as const })(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Uri);
    const session = this.openSession(flags);
    const namespace = await session.namespace();
    // As explain: discovery from the cache when fresh, a fresh one for a name it does not know; a group-version
    // that failed discovery makes the answer partial only when the resource is not found (it may be there).
    const uri = await session.query(
      { cached: true },
      (surface) =>
        resourceUri(surface, {
          resource: args.resource,
          name: args.name,
          namespace,
          namespaceExplicit: flags.namespace !== undefined,
          allNamespaces: flags['all-namespaces'],
          subresource: flags.subresource,
          apiVersion: flags['api-version'],
        }),
      (surface) => this.reportPartial(surface),
    );
    const format: UriFormat = flags.output ?? (flags.explain ? 'explain' : 'path');
    this.write(renderUri(uri, format));
    for (const note of uri.notes) writeStderrLine(`Note: ${note}`);
  }
}
