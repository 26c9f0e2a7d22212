import { Args, Flags } from '@oclif/core';
import { normalizeBooleanFlags } from '../cli/argv.js';
import { globalFlags } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import type { Session } from '../cli/session.js';
import { writeStderrLine } from '../cli/stderr.js';
import { NotFoundError, UsageError } from '../errors.js';
import { type ExplainTarget, explainSchema } from '../openapi/explain.js';
import { renderExplainDocument, renderExplainMarkdown } from '../render/explain-json.js';
import { renderExplainV2 } from '../render/explain-v2.js';
import { renderExplainV3 } from '../render/explain-v3.js';
import { toJson, toYaml } from '../render/formats.js';
import type { ApiSurface } from '../surface/model.js';
import { type ResourceAndFieldPath, splitResourceAndFieldPath } from '../surface/resolve.js';

const outputs = ['plaintext', 'plaintext-openapiv2', 'json', 'yaml', 'markdown'] as const;
type ExplainOutput = (typeof outputs)[number];

export default class Explain extends KapiCommand {
  static override summary = 'Describe the fields of a resource, as kubectl explain does, and more.';
  static override description =
    'RESOURCE is a plural, singular, short name or kind, optionally group-qualified (deploy.apps, ingresses.networking.k8s.io), ' +
    'followed by a field path: pods.spec.containers. The schema comes from OpenAPI v3 (only the one group-version document needed), ' +
    "or OpenAPI v2 for servers without v3 and with -o plaintext-openapiv2. The plaintext output is kubectl's, plus extra lines " +
    '(defaults, every enum value, format, bounds, pattern, nullable, list/map semantics, preserve-unknown-fields, int-or-string, ' +
    'validation rules, deprecation) that --kubectl-compat leaves out.\n\n' +
    '-o json|yaml prints {group, version, kind, resource, fieldPath, source, type, required, schema}: schema is the OpenAPI schema at ' +
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
    output: Flags.string({ char: 'o', description: 'Output format.', options: [...outputs], default: 'plaintext' }),
    recursive: Flags.boolean({ char: 'R', description: 'Print the fields of fields.' }),
    'max-depth': Flags.integer({ description: 'With --recursive (or -o json|yaml): how many levels to print.', min: 0 }),
    'api-version': Flags.string({ description: 'Explain this API version of the resource (group/version, or v1 for the core group).' }),
    'kubectl-compat': Flags.boolean({ description: 'Print exactly what kubectl prints: no extra lines.' }),
  };

  async run(): Promise<void> {
    const argv = normalizeBooleanFlags(this.argv, ['recursive', 'kubectl-compat', 'insecure-skip-tls-verify', 'disable-compression'], []);
    const { args, flags } = await this.parse(Explain, argv);
    const output = flags.output as ExplainOutput;
    const maxDepth = flags['max-depth'];
    if (maxDepth !== undefined && !flags.recursive && output !== 'json' && output !== 'yaml') {
      throw new UsageError('--max-depth requires --recursive (or -o json|yaml)');
    }
    const session = this.openSession(flags);
    const resolved = await resolveTarget(session, args.resource, flags['api-version'], (surface) => this.reportPartial(surface));
    if (resolved.ambiguous && !flags['kubectl-compat']) {
      writeStderrLine(
        `Warning: "${resolved.resourceArg}" also names ${resolved.otherGroups.map((r) => `${r.name}.${r.group}`).join(', ')}; ` +
          `showing ${resolved.resource.name}.${resolved.resource.group} (qualify the name to choose)`,
      );
    }
    const target: ExplainTarget = {
      group: resolved.resource.group,
      version: resolved.resource.version,
      resource: resolved.resource.name,
      kind: resolved.resource.kind,
      fieldPath: resolved.fieldPath,
    };
    const source = await session.schemaSource();
    const explained = await explainSchema(source, target, { preferV2: output === 'plaintext-openapiv2' });
    const extras = !flags['kubectl-compat'];
    let text: string;
    if (explained.source === 'openapi/v2' && (output === 'plaintext' || output === 'plaintext-openapiv2')) {
      text = renderExplainV2(explained.document, explained.gvk, explained.fieldName, explained.leaf, { recursive: flags.recursive });
    } else if (output === 'json' || output === 'yaml') {
      const document = renderExplainDocument(explained, target, { maxRefDepth: maxDepth ?? 3 });
      text = output === 'json' ? toJson(document) : toYaml(document);
    } else if (output === 'markdown') {
      text = renderExplainMarkdown(explained, target, { recursive: flags.recursive, maxDepth });
    } else if (explained.source === 'openapi/v3') {
      text = renderExplainV3(explained.document, explained.gvk, explained.lookup, { recursive: flags.recursive, maxDepth, extras });
    } else {
      throw new UsageError(`unexpected output ${output}`);
    }
    // A group-version that failed discovery does not make this answer partial: the resource was found.
    this.write(text);
  }
}

/**
 * Resolves the argument against discovery. Discovery comes from the cache
 * when fresh, as in kubectl; a name the cached surface does not know is
 * looked up again in a fresh one (a CRD created since).
 */
async function resolveTarget(
  session: Session,
  arg: string,
  apiVersion: string | undefined,
  warnPartial: (surface: ApiSurface) => void,
): Promise<ResourceAndFieldPath> {
  const surface = await session.surface({ cached: true });
  try {
    return splitResourceAndFieldPath(surface, arg, { apiVersion });
  } catch (error) {
    const fromCache = surface.source.kind === 'live' && Date.now() - Date.parse(surface.source.capturedAt ?? '') > 2000;
    if (!(error instanceof NotFoundError)) throw error;
    const fresh = fromCache ? await session.surface({}) : surface;
    try {
      return splitResourceAndFieldPath(fresh, arg, { apiVersion });
    } catch (retryError) {
      // The resource may be in a group-version that could not be discovered: say which.
      if (retryError instanceof NotFoundError) warnPartial(fresh);
      throw retryError;
    }
  }
}
