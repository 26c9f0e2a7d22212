import { Args, Flags } from '@oclif/core';
import { type GlobalFlagValues, globalFlags } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Session } from '../cli/session.js';
import { formatFailureWarnings } from '../cli/warnings.js';
import { ExitCode, UsageError } from '../errors.js';
import { type DiffFormat, renderDiff } from '../render/diff.js';
import { diffSurfaces } from '../surface/diff.js';
import type { ApiSurface } from '../surface/model.js';

export default class Diff extends KapiCommand {
  static override summary = 'Compare the API surfaces of two clusters, snapshots or releases.';
  static override description =
    `Each side is a snapshot FILE, "builtin" or "builtin:<name>" (a reference snapshot shipped with kapi), "live" (the current kubeconfig context, with the connection flags) or "context:<name>" (another kubeconfig context). Write ./live to read a file named "live".

Lists group-versions added or removed (with their resources), resources added or removed per group-version, changed resource attributes (kind, scope, verbs, shortNames, categories, subresources; lists compare as sets), preferred-version changes, served-by changes (Local, CRD, Aggregated with its service) and APIService availability changes (status and reason). A group-version that one side could not discover (stale or failing) is reported as a discovery-state change and its resources are not compared. Served-by and APIServices are compared only when both sides know them; otherwise a notice on stderr says what was skipped.

Text output: one line per change, "+" added, "-" removed, "~" changed, sorted by group (core first), version, object and name; then a summary line. Nothing is printed on stdout when there are no differences. Colour only on a terminal, never with NO_COLOR. -o json|yaml prints the SurfaceDiff shape (src/surface/diff.ts): {apiVersion, kind: ApiSurfaceDiff, from, to, summary, changes[], notes[]}, every field always present.

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
  ];

  static override args = {
    from: Args.string({ description: 'The old side: FILE, builtin[:name], live or context:<name>.', required: true }),
    to: Args.string({ description: 'The new side: FILE, builtin[:name], live or context:<name>.', required: true }),
  };

  static override flags = {
    ...globalFlags,
    output: Flags.string({ char: 'o', description: 'Output format.', options: ['json', 'yaml', 'markdown'] }),
    'exit-code': Flags.boolean({ description: 'Exit with 11 when there are differences, like git diff --exit-code.' }),
  };

  private extraSessions: Session[] = [];

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Diff);
    if (flags.snapshot !== undefined)
      throw new UsageError('diff takes its sources as arguments: use "kapi diff FILE live", not --snapshot');
    const sides = [sideFlags(args.from, flags), sideFlags(args.to, flags)];
    let traced = false;
    const sessions = sides.map((side) => {
      if (side.snapshot !== undefined || traced) {
        const session = new Session(side);
        this.extraSessions.push(session);
        return session;
      }
      traced = true;
      return this.openSession(side);
    });
    const [from, to] = (await Promise.all(sessions.map((session) => session.surface({ servedBy: true, serverVersion: true })))) as [
      ApiSurface,
      ApiSurface,
    ];
    const diff = diffSurfaces(from, to, { from: args.from, to: args.to });
    const format = (flags.output ?? 'text') as DiffFormat;
    this.write(renderDiff(diff, { format, color: format === 'text' && useColor() }));

    for (const [label, surface] of [
      [args.from, from],
      [args.to, to],
    ] as const) {
      for (const line of formatFailureWarnings(surface.failures))
        process.stderr.write(`${line.replace(/^Warning: /, `Warning: ${label}: `)}\n`);
    }
    for (const note of diff.notes) process.stderr.write(`Notice: ${note}\n`);
    if (diff.changes.length === 0 && (format === 'text' || format === 'markdown'))
      process.stderr.write(`No differences between ${args.from} and ${args.to}.\n`);

    if (flags['exit-code'] && diff.changes.length > 0) process.exitCode = ExitCode.diffFound;
    else if (from.failures.length > 0 || to.failures.length > 0) process.exitCode = ExitCode.partial;
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    await Promise.all(this.extraSessions.map((session) => session.close()));
    return super.finally(error);
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

/** Colour on a terminal only, and never when NO_COLOR is set (https://no-color.org). */
function useColor(): boolean {
  return process.stdout.isTTY === true && !process.env.NO_COLOR;
}
