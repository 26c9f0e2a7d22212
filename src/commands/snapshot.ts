import { join } from 'node:path';
import { globalFlags } from '../cli/flags.js';
import { type ContextOutcome, checkFleet, fleetContexts, fleetFlags, singleContextFlags } from '../cli/fleet.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { makeOutputDir, writeOutputFile } from '../cli/output-file.js';
import { Flags } from '../cli/parser.js';
import type { Session } from '../cli/session.js';
import { writeStderrLine } from '../cli/stderr.js';
import { partialAnswerLines } from '../cli/warnings.js';
import { ExitCode, UsageError } from '../errors.js';
import { captureSchemas } from '../openapi/capture.js';
import { renderBuiltinSnapshots } from '../render/builtin-snapshots.js';
import { type CapturedSnapshot, renderSnapshotMatrix } from '../render/fleet.js';
import { byOutput, documentPrinters } from '../render/formats.js';
import { listBuiltinSnapshots } from '../snapshot/builtin-list.js';
import { snapshotFileNames } from '../snapshot/fleet-files.js';
import { type SnapshotDocument, toSnapshot } from '../snapshot/snapshot.js';
import { kapiVersion } from '../version.js';

export default class Snapshot extends KapiCommand {
  static override summary = "Record a cluster's whole API surface to a file, for offline use and diffs.";
  static override description =
    'The snapshot holds the discovery model, the server version, APIServices, CRD served-by, the time taken and the source. ' +
    'It never holds credentials or server-private headers. Every read command takes it with --snapshot FILE.\n\n' +
    'With several contexts (repeated --context, or --all-contexts) the clusters are read concurrently, at most 4 at a time, ' +
    'and each snapshot goes to its own file in --output-dir: DIR/<context>.json (or .yaml), the context name with every character ' +
    'outside A-Z a-z 0-9 . _ - made "_" (a name past 200 characters is cut and ends with a hash of it). stdout gets a matrix, one row per context; a cluster that cannot be read is a row ' +
    'with RESULT error and a line on stderr, never an abort.\n\n' +
    'Exit codes: 0 every snapshot is complete; 3 a group-version could not be discovered, or (with several contexts) a cluster could not be read; ' +
    '2 bad flags; 4 unreadable kubeconfig or an unwritable --output-dir; 5-7 the cluster could not be read.';

  static override examples = [
    { description: 'Record the current cluster', command: '<%= config.bin %> <%= command.id %> -o json > cluster.json' },
    { description: 'Answer from it later, offline', command: '<%= config.bin %> api-resources --snapshot cluster.json' },
    {
      description: 'The Kubernetes releases bundled with kapi (--snapshot builtin:v1.29 ... builtin:v1.37)',
      command: '<%= config.bin %> <%= command.id %> --list-builtin',
    },
    {
      description: 'With the OpenAPI schemas, for kapi explain offline',
      command: '<%= config.bin %> <%= command.id %> --with-schemas > cluster.json',
    },
    {
      description: 'Every cluster of the kubeconfig, one file per context in snapshots/',
      command: '<%= config.bin %> <%= command.id %> --all-contexts --output-dir snapshots',
    },
    {
      description: 'Two clusters, as YAML',
      command: '<%= config.bin %> <%= command.id %> --context prod --context staging --output-dir snapshots -o yaml',
    },
  ];

  static override flags = {
    ...globalFlags,
    ...fleetFlags,
    output: Flags.option({
      char: 'o',
      description: 'Output format (default json; with --list-builtin, a table).',
      options: ['json', 'yaml'] as const,
    })(),
    'list-builtin': Flags.boolean({
      description:
        'List the reference snapshots bundled with kapi (what --snapshot builtin:NAME takes), with their release date, size written out in full and size stored, and read no cluster.',
    }),
    'with-schemas': Flags.boolean({
      description:
        'Also record the OpenAPI schemas for offline explain: the /openapi/v3 index and every group-version document (or /openapi/v2 when v3 is absent).',
    }),
    'output-dir': Flags.string({
      description:
        'Write each snapshot to DIR/<context>.json (or .yaml) instead of stdout, and print a matrix; needed with several contexts. DIR is created when missing.',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Snapshot);
    if (flags['list-builtin']) {
      this.write(renderBuiltinSnapshots(listBuiltinSnapshots(), flags.output ?? 'table'));
      return;
    }
    const output = flags.output ?? 'json';
    const contexts = await fleetContexts(flags);
    const outputDir = flags['output-dir'];
    if (contexts && !outputDir) {
      throw new UsageError('with several contexts, snapshot writes one file per context: pass --output-dir DIR');
    }
    const capture = async (session: Session) => {
      const surface = await session.surface({ servedBy: true, serverVersion: true });
      const schemas = flags['with-schemas'] ? await captureSchemas(await session.transport()) : undefined;
      return toSnapshot(surface, kapiVersion, schemas);
    };
    const render = (document: SnapshotDocument) =>
      byOutput(
        output,
        documentPrinters(() => document),
      );
    if (!outputDir) {
      const document = await capture(this.openSession(singleContextFlags(flags)));
      this.write(render(document));
      this.reportPartial(document.surface, { servedBy: true });
      return;
    }
    let outcomes: Array<ContextOutcome<SnapshotDocument>>;
    let files: Map<string, string>;
    if (contexts) {
      // Names that clash are refused before any cluster is read.
      files = snapshotFileNames(contexts, output);
      outcomes = await checkFleet(flags, contexts, capture);
    } else {
      const document = await capture(this.openSession(singleContextFlags(flags)));
      const context = document.surface.source.context ?? 'default';
      files = snapshotFileNames([context], output);
      outcomes = [{ context, result: document }];
    }
    const rows: CapturedSnapshot[] = [];
    makeOutputDir(outputDir);
    for (const outcome of outcomes) {
      if ('error' in outcome) {
        writeStderrLine(`error: context ${outcome.context}: not captured: ${outcome.error}`);
        rows.push({ context: outcome.context, error: outcome.error, ...(outcome.server ? { server: outcome.server } : {}) });
        continue;
      }
      const file = join(outputDir, files.get(outcome.context) as string);
      try {
        writeOutputFile(file, render(outcome.result));
      } catch (error) {
        // A file that cannot be written is that context's error row; the other contexts are still written.
        const why = (error as Error).message;
        writeStderrLine(`error: context ${outcome.context}: not captured: ${why}`);
        const server = outcome.result.surface.source.server;
        rows.push({ context: outcome.context, error: why, ...(server ? { server } : {}) });
        continue;
      }
      const { surface } = outcome.result;
      for (const line of partialAnswerLines(surface, { servedBy: true, about: `context ${outcome.context}` })) writeStderrLine(line);
      rows.push({ context: outcome.context, surface, file });
    }
    this.write(renderSnapshotMatrix(rows));
    if (rows.some((row) => 'error' in row || row.surface.failures.length > 0)) process.exitCode = ExitCode.partial;
  }
}
