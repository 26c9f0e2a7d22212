import { kubectlArgv } from '../cli/argv.js';
import { globalFlags } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Args, Flags } from '../cli/parser.js';
import { writeStderrLine } from '../cli/stderr.js';
import { UsageError } from '../errors.js';
import { WalkBudget, walkCutWarning } from '../limits/walk-budget.js';
import { type ExplainTarget, explainSchema, MissingFieldError } from '../openapi/explain.js';
import { explainOutputs, renderExplain } from '../render/explain.js';
import { explainV3Header } from '../render/explain-v3.js';
import { type ResourceAndFieldPath, splitResourceAndFieldPath } from '../surface/resolve.js';
import { qualifiedName } from '../surface/vocabulary.js';

export default class Explain extends KapiCommand {
  static override summary = 'Describe the fields of a resource, as kubectl explain does, and more.';
  static override description =
    'RESOURCE is a plural, singular, short name or kind, optionally group-qualified (deploy.apps, ingresses.networking.k8s.io), ' +
    'followed by a field path: pods.spec.containers. The schema comes from OpenAPI v3 (only the one group-version document needed), ' +
    "or OpenAPI v2 for servers without v3 and with -o plaintext-openapiv2. The plaintext output is kubectl's, plus extra lines " +
    '(defaults, every enum value, format, bounds, pattern, nullable, list/map semantics, preserve-unknown-fields, int-or-string, ' +
    'validation rules, deprecation) that --kubectl-compat leaves out.\n\n' +
    '-o json|yaml prints {apiVersion: kapi.dev/v1, kind: FieldExplanation, target: {group, version, resource, kind, fieldPath}, source, type, required, schema}: schema is the OpenAPI schema at ' +
    'the path with each $ref replaced by the schema it names (plus "x-kapi-ref": its name), down to --max-depth levels of references ' +
    '(default 3); a reference cut for depth or because it repeats an enclosing one stays {"$ref", "x-kapi-cut": "depth"|"cycle"}. ' +
    '-o markdown prints a field table (with -R, nested fields as dotted paths).';

  static override examples = [
    { description: 'Describe a resource and its fields', command: '<%= config.bin %> <%= command.id %> pods' },
    { description: 'Describe one field', command: '<%= config.bin %> <%= command.id %> pods.spec.containers' },
    { description: 'A group-qualified resource', command: '<%= config.bin %> <%= command.id %> ingresses.networking.k8s.io.spec.rules' },
    {
      description: 'The field tree, two levels deep',
      command: '<%= config.bin %> <%= command.id %> deployments.spec --recursive --max-depth 2',
    },
    {
      description: 'Another version of a resource',
      command: '<%= config.bin %> <%= command.id %> crontabs --api-version=stable.example.com/v1beta1',
    },
    { description: 'Exactly what kubectl prints', command: '<%= config.bin %> <%= command.id %> pods.spec --kubectl-compat' },
    { description: "kubectl's OpenAPI v2 format", command: '<%= config.bin %> <%= command.id %> deployments -o plaintext-openapiv2' },
    { description: 'The schema subtree as JSON', command: '<%= config.bin %> <%= command.id %> deployments.spec.strategy -o json' },
    { description: 'A field table for docs', command: '<%= config.bin %> <%= command.id %> services.spec -o markdown' },
    {
      description: 'Offline, from the reference snapshot',
      command: '<%= config.bin %> <%= command.id %> pods.spec.containers --snapshot builtin',
    },
  ];

  static override args = {
    resource: Args.string({ description: 'RESOURCE[.GROUP][.field.path]', required: true }),
  };

  static override flags = {
    ...globalFlags,
    output: Flags.option({ char: 'o', description: 'Output format.', options: explainOutputs, default: 'plaintext' })(),
    recursive: Flags.boolean({ char: 'R', description: 'Print the fields of fields.' }),
    'max-depth': Flags.integer({ description: 'With --recursive (or -o json|yaml): how many levels to print.', min: 0 }),
    'api-version': Flags.string({ description: 'Explain this API version of the resource (group/version, or v1 for the core group).' }),
    'kubectl-compat': Flags.boolean({ description: 'Print exactly what kubectl prints: no extra lines.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Explain, kubectlArgv(this.argv, Explain.flags));
    this.kubectlExitCodes = flags['kubectl-compat'];
    const output = flags.output;
    const maxDepth = flags['max-depth'];
    if (maxDepth !== undefined && !flags.recursive && output !== 'json' && output !== 'yaml') {
      throw new UsageError('--max-depth requires --recursive (or -o json|yaml)');
    }
    const session = this.openSession(flags);
    // Discovery comes from the cache when fresh, as in kubectl; a name it does not know is looked up in a fresh one.
    const resolved = await session.query(
      { cached: true },
      (surface) => splitResourceAndFieldPath(surface, args.resource, { apiVersion: flags['api-version'] }),
      // The resource may be in a group-version that could not be discovered: say which.
      (surface) => this.reportPartial(surface),
    );
    if (flags['kubectl-compat']) {
      for (const line of shortNameWarnings(args.resource, resolved)) writeStderrLine(line);
    } else if (resolved.ambiguous) {
      const others = resolved.otherGroups.map((r) => qualifiedName(r.name, r.group)).join(', ');
      writeStderrLine(
        `Warning: "${resolved.resourceArg}" also names ${others}; showing ${qualifiedName(resolved.resource.name, resolved.resource.group)} (qualify the name to choose)`,
      );
    }
    const target: ExplainTarget = {
      group: resolved.resource.group,
      version: resolved.resource.version,
      resource: resolved.resource.name,
      kind: resolved.resource.kind,
      fieldPath: resolved.fieldPath,
    };
    const explained = await explainSchema(await session.schemaSource(), target, { preferV2: output === 'plaintext-openapiv2' }).catch(
      (error: unknown) => {
        // kubectl prints the kind's header before it finds that the field path names nothing (OpenAPI v3 only).
        if (flags['kubectl-compat'] && output === 'plaintext' && error instanceof MissingFieldError && error.gvk) {
          this.write(explainV3Header(error.gvk));
        }
        throw error;
      },
    );
    // A group-version that failed discovery does not make this answer partial: the resource was found.
    const budget = new WalkBudget();
    this.write(
      renderExplain(explained, target, { output, recursive: flags.recursive, maxDepth, extras: !flags['kubectl-compat'], budget }),
    );
    if (budget.reached) writeStderrLine(walkCutWarning([target.resource, ...target.fieldPath].join('.'), budget.reached));
  }
}

/**
 * kubectl's warning when a short name matched in several groups (client-go's shortcut expander): one per
 * lower-priority group resource.
 */
function shortNameWarnings(arg: string, resolved: ResourceAndFieldPath): string[] {
  if (resolved.matchedBy !== 'shortName') return [];
  const short = resolved.resourceArg.split('.')[0] ?? arg;
  return resolved.otherGroups.map(
    (other) => `Warning: short name "${short}" could also match lower priority resource ${qualifiedName(other.name, other.group)}`,
  );
}
