import { colorStdout } from '../cli/color.js';
import { globalFlags } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Args } from '../cli/parser.js';
import { writeStderrLine } from '../cli/stderr.js';
import { partialAnswerLines } from '../cli/warnings.js';
import { UsageError } from '../errors.js';
import { exploreResources } from '../explore/catalog.js';
import { groupVersionLoader } from '../explore/schemas.js';
import type { ApiSurface } from '../surface/model.js';

export default class Explore extends KapiCommand {
  static override summary = 'Find a resource and a field interactively, with a live explain preview.';
  static override description =
    'A fuzzy finder in the terminal. Type to filter resources (name, kind, short names, group), Up/Down to move, Enter to list the ' +
    "resource's field paths; type to filter them (Tab puts the highlighted path in the query), Enter prints that field's explain " +
    '(as `kapi explain RESOURCE.field` does) and exits 0. Esc goes back from fields to resources; Esc on the resource list or ' +
    "Ctrl-C exits 130 with nothing printed, as fzf does. The preview shows the highlighted entry's explain and who serves it.\n\n" +
    'It needs a terminal on stdin and stdout; in scripts use `kapi search` or `kapi explain`.';

  static override examples = [
    { description: 'Explore the cluster in the current context', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Start with a query', command: '<%= config.bin %> <%= command.id %> deploy' },
    { description: 'Offline, from the reference snapshot', command: '<%= config.bin %> <%= command.id %> --snapshot builtin' },
  ];

  static override args = {
    query: Args.string({ description: 'Start with this resource query.' }),
  };

  static override flags = { ...globalFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Explore);
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      throw new UsageError(
        'kapi explore needs a terminal on stdin and stdout; in scripts use `kapi search PATTERN` or `kapi explain RESOURCE.field`',
      );
    }
    const session = this.openSession(flags);
    const surface = await session.surface({ servedBy: true, cached: true });
    const source = await session.schemaSource();
    const load = groupVersionLoader(source);
    // The finder's libraries (@inquirer/core, fuzzysort) load only here.
    const [{ initialState }, { runExplorer }] = await Promise.all([import('../explore/state.js'), import('../explore/terminal.js')]);
    const exit = await runExplorer({
      initial: initialState(exploreResources(surface), args.query ?? ''),
      load,
      sourceLabel: sourceLabel(surface, flags.snapshot),
      color: colorStdout(),
    });
    // Warnings wait until the screen is gone. As with explain, a chosen field is an answer even when
    // some group-version failed discovery: the warnings say what the list may have missed.
    for (const line of partialAnswerLines(surface, { servedBy: true })) writeStderrLine(line);
    if (exit.code === 130) {
      process.exitCode = 130;
      return;
    }
    this.write((await load(exit.resource)).explain(exit.resource, exit.path));
  }
}

/** The title's "where from": the snapshot, the context, or the server. */
function sourceLabel(surface: ApiSurface, snapshot: string | undefined): string {
  if (snapshot) return snapshot;
  return surface.source.context ? `context ${surface.source.context}` : `server ${surface.source.server ?? ''}`;
}
