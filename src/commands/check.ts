import { colorStdout } from '../cli/color.js';
import { globalFlags } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Args, Flags } from '../cli/parser.js';
import { writeStderrLine } from '../cli/stderr.js';
import { ExitCode, UsageError } from '../errors.js';
import { parseByteSize } from '../limits/bytes.js';
import { checkOutputs, renderCheck } from '../render/check.js';
import { failOnLevels } from '../surface/audit.js';

export default class Check extends KapiCommand {
  static override summary = 'Check manifests against what the cluster (or a snapshot) serves: apiVersions, deprecations, schemas.';
  static override description =
    `PATH is a file, a directory (read recursively: .yaml, .yml and .json files) or - for standard input. Multi-document YAML, JSON and List kinds are unpacked into their objects. Each finding has a stable check id, a severity and a place (file, line and column of the offending key):
- unreadable-file (error): missing, larger than --max-manifest-bytes, or binary.
- parse-error (error): not YAML or JSON, a YAML alias bomb, nested too deep.
- invalid-object (error): a document that is not an object, or has no apiVersion or kind.
- duplicate-key (warning): a key twice in one mapping; the server keeps the last.
- not-served (error): the apiVersion and kind are not served; names what serves the kind instead and, for built-ins, the release that removed it.
- deprecated (warning): a CRD version marked deprecated, or a built-in version deprecated by its release, with the release that removes it.
- removed-in-target (error): --target-version 1.NN does not serve the apiVersion.
- schema (error; info for a CEL rule kapi cannot evaluate): the object against its kind's OpenAPI schema, as the apiserver's strict field validation judges it.
- schema-unavailable (info): no schema for the kind (a snapshot without --with-schemas), so the object was not validated.
- cluster-scoped-namespace (warning): metadata.namespace on a cluster-scoped kind; the server ignores it.
- helm-release-unreadable (warning): with --helm-releases, a release secret that cannot be read or decoded.

-o json|yaml prints {apiVersion: kapi.dev/v1, kind: ManifestCheck, source, target, failOn, failed, summary, findings: [{file, line, column, documentIndex, apiVersion, kind, namespace, name, check, severity, field, message, hint}]}.

Exit codes: 0 no finding at or above --fail-on; 10 a finding at or above it (error by default); 2 bad flags or an unknown --target-version; 4 unreadable snapshot or kubeconfig; 5-7 the cluster could not be read.`;

  static override examples = [
    { description: 'Check a folder of manifests against the current cluster', command: '<%= config.bin %> <%= command.id %> deploy/' },
    {
      description: "Helm's output, offline against a snapshot",
      command: 'helm template my-chart | <%= config.bin %> <%= command.id %> - --snapshot cluster.json',
    },
    {
      description: 'Will they still work on the next release?',
      command: '<%= config.bin %> <%= command.id %> deploy/ --target-version 1.37',
    },
    {
      description: 'Annotate a pull request (SARIF for code scanning)',
      command: '<%= config.bin %> <%= command.id %> deploy/ --snapshot cluster.json -o sarif > check.sarif',
    },
    {
      description: 'Fail a CI job on warnings too, with a JUnit report',
      command: '<%= config.bin %> <%= command.id %> deploy/ --fail-on warning -o junit > check.xml',
    },
    { description: 'The Helm releases deployed in one namespace', command: '<%= config.bin %> <%= command.id %> --helm-releases -n prod' },
  ];

  static override strict = false;

  static override args = {
    path: Args.string({ description: 'Files, directories or - (standard input); repeatable.' }),
  };

  static override flags = {
    ...globalFlags,
    output: Flags.option({
      char: 'o',
      description: 'Output format: junit (a test suite per file, a test case per object) and sarif (SARIF 2.1.0) are for CI.',
      options: checkOutputs,
    })(),
    'fail-on': Flags.option({
      description: 'Exit with 10 when a finding is at or above this severity.',
      options: failOnLevels,
      default: 'error',
    })(),
    'target-version': Flags.string({
      description: 'Also check against this Kubernetes release (1.NN): versions it no longer serves are errors.',
    }),
    'helm-releases': Flags.boolean({
      description:
        'Also check the manifests of the Helm 3 releases deployed in the cluster (secrets of type helm.sh/release.v1; all namespaces, or -n).',
    }),
    'max-manifest-bytes': Flags.string({
      description: 'The largest manifest file to read (e.g. 16Mi); a larger one is an unreadable-file finding.',
      default: '32Mi',
    }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Check);
    const paths = argv as string[];
    if (paths.length === 0 && !flags['helm-releases'])
      throw new UsageError('give manifests to check: files, directories or - for standard input (or --helm-releases)');
    const maxFileBytes = parseByteSize(flags['max-manifest-bytes'], '--max-manifest-bytes');
    const { runManifestCheck } = await import('../check/command.js');
    const session = this.openSession(flags);
    const { report, objects } = await runManifestCheck(session, {
      paths,
      maxFileBytes,
      failOn: flags['fail-on'],
      target: flags['target-version'],
      helmReleases: flags['helm-releases'],
      namespace: flags.namespace,
    });
    // Files that could not be checked at all are also named on stderr, so a CI log shows them whatever -o writes.
    for (const finding of report.findings) {
      if (finding.check === 'unreadable-file' || finding.check === 'parse-error')
        writeStderrLine(`Warning: ${finding.file}:${finding.line}: not checked: ${finding.message}`);
    }
    const format = flags.output ?? 'table';
    this.write(renderCheck(report, { format, color: format === 'table' && colorStdout(), objects }));
    if (report.failed) process.exitCode = ExitCode.auditFindings;
  }
}
