import { colorStdout } from '../cli/color.js';
import { type GlobalFlagValues, globalFlags } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Args, Flags } from '../cli/parser.js';
import type { Session } from '../cli/session.js';
import { writeStderrLine } from '../cli/stderr.js';
import { formatFailureWarnings } from '../cli/warnings.js';
import { ExitCode, UsageError } from '../errors.js';
import type { SchemaSide } from '../openapi/schema-diff.js';
import { type DiffFormat, diffOutputs, renderDiff } from '../render/diff.js';
import { diffSurfaces } from '../surface/diff.js';
import type { ApiSurface } from '../surface/model.js';
import { allVersionResources } from '../surface/query.js';

export default class Diff extends KapiCommand {
  static override summary = 'Compare the API surfaces of two clusters, snapshots or releases.';
  static override description =
    `Each side is a snapshot FILE, "builtin" or "builtin:<name>" (a reference snapshot shipped with kapi), "live" (the current kubeconfig context, with the connection flags) or "context:<name>" (another kubeconfig context). Write ./live to read a file named "live".

Lists group-versions added or removed (with their resources), resources added or removed per group-version, changed resource attributes (kind, scope, verbs, shortNames, categories, subresources; lists compare as sets), preferred-version changes, served-by changes (Local, CRD, Aggregated with its service) and APIService availability changes (status and reason). A group-version that one side could not discover (stale or failing) is reported as a discovery-state change and its resources are not compared. Served-by and APIServices are compared only when both sides know them; otherwise a notice on stderr says what was skipped.

Text output: one line per change, "+" added, "-" removed, "~" changed, sorted by group (core first), version, object and name; then a summary line. Nothing is printed on stdout when there are no differences. Colour only on a terminal, never with NO_COLOR. -o json|yaml prints the ApiSurfaceDiff shape: {apiVersion, kind: ApiSurfaceDiff, from, to, summary, changes[], notes[]}, every field always present.

--schemas compares the schemas instead, field by field, for every resource (group, version, plural) both sides serve: fields added or removed (with their type), and changes of type (named by reference, so OpenAPI v2 and v3 agree), format, required, enum values, default (a zero-value default such as "" or 0 counts as none), CEL validation rules and deprecation. Paths are explain's (spec.template.spec.containers.image). Text output: one block per resource, "+ field  type" or "~ field  what changed", then a summary; -o markdown one table per resource (for pull requests); -o json|yaml the ApiSchemaDiff shape: {apiVersion, kind: ApiSchemaDiff, from, to, summary, resources[{group, version, groupVersion, resource, kind, changes[{change, field, type, attributes[{attribute, from, to, added, removed}]}]}], notes[]}. Each side needs schemas: a live server, or a snapshot recorded with --with-schemas (both builtin snapshots have them).

Exit codes: 0 success, differences or not; 11 differences found, with --exit-code (this wins over 3); 3 a side has group-versions that could not be discovered (named on stderr, the diff is printed); 2 bad arguments; 4 unreadable snapshot or kubeconfig; 5-7 a live side failed.`;

  static override examples = [
    {
      description: 'What changed between the bundled reference and the current cluster',
      command: '<%= config.bin %> <%= command.id %> builtin live',
    },
    {
      description: 'Two recorded snapshots, failing a CI job on any difference',
      command: '<%= config.bin %> <%= command.id %> before.json after.json --exit-code',
    },
    {
      description: 'Two kubeconfig contexts, as JSON',
      command: '<%= config.bin %> <%= command.id %> context:staging context:prod -o json',
    },
    {
      description: 'Two bundled releases, as a Markdown table',
      command: '<%= config.bin %> <%= command.id %> builtin:v1.21.0-k0s builtin -o markdown',
    },
    {
      description: 'Field-level schema changes from Kubernetes v1.21 to v1.36, offline',
      command: '<%= config.bin %> <%= command.id %> --schemas builtin:v1.21.0-k0s builtin',
    },
    {
      description: 'Schema changes between the reference release and the cluster, for a pull request',
      command: '<%= config.bin %> <%= command.id %> --schemas builtin live -o markdown',
    },
  ];

  static override args = {
    from: Args.string({ description: 'The old side: FILE, builtin[:name], live or context:<name>.', required: true }),
    to: Args.string({ description: 'The new side: FILE, builtin[:name], live or context:<name>.', required: true }),
  };

  static override flags = {
    ...globalFlags,
    output: Flags.option({ char: 'o', description: 'Output format.', options: diffOutputs })(),
    schemas: Flags.boolean({
      description:
        'Compare the schemas instead: field-level changes (added, removed, type, required, enum, default, validation rules, deprecation) of every resource both sides serve.',
    }),
    'exit-code': Flags.boolean({ description: 'Exit with 11 when there are differences, like git diff --exit-code.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Diff);
    if (flags.snapshot !== undefined)
      throw new UsageError('diff takes its sources as arguments: use "kapi diff FILE live", not --snapshot');
    const labels: [string, string] = [args.from, args.to];
    const fromSession = this.openSession(sideFlags(args.from, flags));
    const sessions: [Session, Session] = [fromSession, fromSession.openExtra(sideFlags(args.to, flags))];
    const needs = { servedBy: true, serverVersion: true };
    const surfaces = await Promise.all([sessions[0].surface(needs), sessions[1].surface(needs)]);
    const format = flags.output ?? 'text';
    if (flags.schemas) {
      await this.diffSchemas(sessions, surfaces, labels, format, flags['exit-code']);
      return;
    }
    const [from, to] = surfaces;
    const diff = diffSurfaces(from, to, { from: args.from, to: args.to });
    this.write(renderDiff(diff, { format, color: format === 'text' && colorStdout() }));

    warnFailures(labels, surfaces);
    for (const note of diff.notes) writeStderrLine(`Notice: ${note}`);
    if (diff.changes.length === 0 && (format === 'text' || format === 'markdown'))
      writeStderrLine(`No differences between ${args.from} and ${args.to}.`);

    if (flags['exit-code'] && diff.changes.length > 0) process.exitCode = ExitCode.diffFound;
    else if (from.failures.length > 0 || to.failures.length > 0) process.exitCode = ExitCode.partial;
  }

  /** --schemas: field-level changes of every resource both sides serve (all versions), from each side's OpenAPI documents. */
  private async diffSchemas(
    sessions: [Session, Session],
    surfaces: [ApiSurface, ApiSurface],
    labels: [string, string],
    format: DiffFormat,
    exitCode: boolean,
  ): Promise<void> {
    const { loadResourceSchemas } = await import('../openapi/resource-schemas.js');
    const { diffSchemas } = await import('../openapi/schema-diff.js');
    const { renderSchemaDiff } = await import('../render/schema-diff.js');
    const { deprecatedBy, loadLifecycle, releaseOfServerVersion } = await import('../releases/lifecycle.js');
    const lifecycle = await loadLifecycle();
    const side = async (session: Session, surface: ApiSurface, label: string): Promise<SchemaSide> => {
      const release = releaseOfServerVersion(surface.serverVersion?.gitVersion ?? '');
      return {
        label,
        serverVersion: surface.serverVersion?.gitVersion ?? null,
        ...(await loadResourceSchemas(await session.schemaSource(), allVersionResources(surface))),
        ...(release === undefined
          ? {}
          : {
              kindDeprecated: (group: string, version: string, kind: string) => {
                const row = lifecycle.lifecycleOf(group, version, kind);
                return row === undefined ? undefined : deprecatedBy(row, release);
              },
            }),
      };
    };
    const [from, to] = await Promise.all([side(sessions[0], surfaces[0], labels[0]), side(sessions[1], surfaces[1], labels[1])]);
    const diff = diffSchemas(from, to);
    this.write(renderSchemaDiff(diff, { format, color: format === 'text' && colorStdout() }));
    warnFailures(labels, surfaces);
    for (const note of diff.notes) writeStderrLine(`Notice: ${note}`);
    if (diff.resources.length === 0 && (format === 'text' || format === 'markdown'))
      writeStderrLine(
        `No schema differences between ${labels[0]} and ${labels[1]} (${diff.summary.resourcesCompared} resources compared${oneSideText(diff.summary.resourcesOnOneSide)}).`,
      );
    if (exitCode && diff.resources.length > 0) process.exitCode = ExitCode.diffFound;
    else if (surfaces.some((surface) => surface.failures.length > 0)) process.exitCode = ExitCode.partial;
  }
}

/** The global flags for one side: a snapshot reference, the current context, or another context. */
export function sideFlags(side: string, flags: GlobalFlagValues): GlobalFlagValues {
  if (side === 'live') return { ...flags, snapshot: undefined };
  if (side.startsWith('context:')) {
    const context = side.slice('context:'.length);
    if (context === '') throw new UsageError('context: needs a name, e.g. context:prod');
    return { ...flags, snapshot: undefined, context };
  }
  if (side === '') throw new UsageError('a diff side may not be empty: give a FILE, builtin[:name], live or context:<name>');
  return { ...flags, snapshot: side };
}

/** One warning per group-version a side could not discover, prefixed with the side's label. */
function warnFailures(labels: string[], surfaces: ApiSurface[]): void {
  surfaces.forEach((surface, index) => {
    for (const line of formatFailureWarnings(surface.failures, labels[index])) writeStderrLine(line);
  });
}

/** "; 3 served by one side only, named above": what "No schema differences" did not compare. */
function oneSideText(count: number): string {
  return count === 0 ? '' : `; ${count} served by one side only, named above`;
}
