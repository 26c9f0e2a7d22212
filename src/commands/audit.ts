import { colorStdout } from '../cli/color.js';
import { globalFlags } from '../cli/flags.js';
import { checkFleet, type FleetFlagValues, fleetContexts, fleetFlags, singleContextFlags } from '../cli/fleet.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { writeOutputFile } from '../cli/output-file.js';
import { Flags } from '../cli/parser.js';
import type { Session } from '../cli/session.js';
import { writeStderrLine } from '../cli/stderr.js';
import { collectDeprecationEvidence } from '../deprecations/collect.js';
import { runDoctor } from '../doctor/doctor.js';
import type { DoctorResult } from '../doctor/model.js';
import { defaultExpiryWarningDays } from '../doctor/x509.js';
import { ExitCode } from '../errors.js';
import { lifecycleFindings } from '../releases/findings.js';
import { type LifecycleData, loadLifecycle, parseTargetVersion, type Release } from '../releases/lifecycle.js';
import { type AuditFormat, auditOutputs, renderAudit } from '../render/audit.js';
import { renderAuditFleet } from '../render/audit-fleet.js';
import { renderAuditHtml, renderFleetAuditHtml } from '../render/audit-html.js';
import { readSnapshot } from '../snapshot/snapshot.js';
import { type AuditReport, auditReport, auditSurface, type FailOn, failOnLevels } from '../surface/audit.js';
import type { ApiSurface } from '../surface/model.js';

export default class Audit extends KapiCommand {
  static override summary = "Check a cluster's API surface for problems, with exit codes for CI.";
  static override description = `Each finding has a severity (error, warning, info), a stable check id, the object and a message:
- discovery-failed (error): a group-version that answers discovery with an error.
- group-version-stale (error): a group-version aggregated discovery marks Stale.
- apiservice-unavailable (error): an APIService whose Available condition is not True, with its reason and message.
- apiservice-insecure-tls (warning): an APIService with insecureSkipTLSVerify.
- prerelease-version (warning): an alpha/beta version whose resources are all served by a GA version of its group; info when some are not.
- removed-upstream (warning, source lifecycle): a served built-in kind that Kubernetes removes at or before the target release (--target-version, else the newest release kapi knows), from kapi's lifecycle data (see kapi lifecycle), with its replacement. With --reference FILE, also a built-in version that that snapshot, a newer release than the server, no longer serves (source reference) and the lifecycle data did not already flag.
- deprecated-upstream (info, source lifecycle, only with --target-version): a served built-in kind deprecated at or before the target and not removed there, with its replacement.
- resource-name-conflict (warning): a resource name served by several groups, one of them a CRD or aggregated API; info when all are built in.
- served-by-unknown (info): APIServices or CRDs could not be read (RBAC), so the APIService checks are incomplete.
- deprecated-crd-version (warning, source crd): a served CRD version marked deprecated, with its deprecationWarning.
- deprecated-api-requested (warning, source metrics): kube-apiserver's apiserver_requested_deprecated_apis says clients requested a deprecated API since it started, and the release that removes it.
- deprecated-api-warning (warning, source warning-header): with --probe-deprecated, a non-preferred version answered a list with a Warning: 299 header.
The deprecation sources are in the JSON's "source" field; lifecycle findings also carry "replacement": {group, version, kind}.

Findings are sorted by severity, check id and object. Discovery failures are findings here, so audit does not use the partial exit code.

With several contexts (repeated --context, --all-contexts) every format has the fleet's shape: text and markdown a section per context and a matrix, json and yaml {items: [{context, report} | {context, error}]}, junit a test suite per context, sarif a run per context (automationDetails.id kapi-audit/<context>/), --html one page with the matrix and a section per context. A cluster that cannot be audited is an error row (junit: an <error> test case; sarif: a failed invocation) and exit 10, never an abort.

Exit codes: 0 no finding at or above --fail-on; 10 a finding at or above --fail-on (error by default; none never fails); 2 bad flags; 4 unreadable snapshot or kubeconfig; 5-7 the cluster could not be read.`;

  static override examples = [
    { description: 'Audit the current cluster; exit 10 on any error', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Fail a CI job on warnings too', command: '<%= config.bin %> <%= command.id %> --fail-on warning' },
    {
      description: 'A recorded snapshot, as JSON, never failing',
      command: '<%= config.bin %> <%= command.id %> --snapshot cluster.json -o json --fail-on none',
    },
    {
      description: 'Ask the server which non-preferred versions it deprecates (these requests show up in its metrics and audit log)',
      command: '<%= config.bin %> <%= command.id %> --probe-deprecated',
    },
    { description: 'JUnit XML for a CI test report', command: '<%= config.bin %> <%= command.id %> -o junit > audit.xml' },
    { description: 'SARIF 2.1.0 for a code-scanning page', command: '<%= config.bin %> <%= command.id %> -o sarif > audit.sarif' },
    {
      description: 'Every cluster of the kubeconfig as JUnit (a test suite per context) and one HTML page',
      command: '<%= config.bin %> <%= command.id %> --all-contexts -o junit --html fleet.html > audit.xml',
    },
    {
      description: 'Every cluster of the kubeconfig, with a matrix summary',
      command: '<%= config.bin %> <%= command.id %> --all-contexts',
    },
    {
      description: 'Before an upgrade to 1.32: what it removes or deprecates that the cluster serves, with replacements',
      command: '<%= config.bin %> <%= command.id %> --target-version 1.32',
    },
    {
      description: 'Also compare with a newer release recorded as a snapshot',
      command: '<%= config.bin %> <%= command.id %> --reference newer-release.json',
    },
  ];

  static override flags = {
    ...globalFlags,
    ...fleetFlags,
    output: Flags.option({
      char: 'o',
      description: 'Output format: junit (one test case per check and object) and sarif (SARIF 2.1.0) are for CI.',
      options: auditOutputs,
    })(),
    'fail-on': Flags.option({
      description: 'Exit with 10 when a finding is at or above this severity.',
      options: failOnLevels,
      default: 'error',
    })(),
    html: Flags.string({
      description:
        "Also write one self-contained HTML page to FILE: findings grouped by severity, the doctor's chain for each aggregated API (live clusters) and the served-by table.",
    }),
    'probe-deprecated': Flags.boolean({
      description:
        'Also list each resource of every served non-preferred version (GET ?limit=1) and report the Warning: 299 headers the server answers with. These requests are themselves deprecated-API requests: they show up in apiserver_requested_deprecated_apis and in the audit log.',
    }),
    'target-version': Flags.string({
      description:
        'The Kubernetes release you upgrade to (1.32, v1.32): removed-upstream reports the served kinds removed by then, deprecated-upstream those deprecated by then. Default: removals up to the newest release kapi knows, no deprecations.',
    }),
    reference: Flags.string({
      description:
        'Also compare with a snapshot of a newer Kubernetes release (FILE, builtin or builtin:<name>): its missing built-in versions are removed-upstream too. Ignored when it is not newer than the server; "none" is the same as leaving it out.',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Audit);
    const upstream = await upstreamTarget(flags['target-version']);
    const contexts = await fleetContexts(flags);
    if (contexts) return this.runFleet(flags, contexts, upstream);
    const session = this.openSession(singleContextFlags(flags));
    const { report, surface, notice } = await this.auditOne(session, flags, upstream);
    if (notice) writeStderrLine(`Notice: ${notice}`);
    if (flags.html) {
      const chains = await doctorChains(session, surface);
      writeHtmlFile(flags.html, renderAuditHtml({ report, surface, chains, generatedAt: new Date() }));
    }
    const format = flags.output ?? 'text';
    const color = format === 'text' && colorStdout();
    this.write(renderAudit(report, { format, color }));
    if (report.findings.length === 0 && (format === 'text' || format === 'markdown')) writeStderrLine('No findings.');
    if (report.failed) process.exitCode = ExitCode.auditFindings;
  }

  private async auditOne(
    session: Session,
    flags: { reference?: string; 'probe-deprecated': boolean; 'fail-on': FailOn },
    { lifecycle, target }: UpstreamTarget,
  ): Promise<{ report: AuditReport; surface: ApiSurface; notice?: string }> {
    const referenceName = flags.reference === 'none' ? undefined : flags.reference;
    const reference = referenceName ? (await readSnapshot(referenceName, { maxFileBytes: session.maxFileBytes() })).surface : undefined;
    const surface = await session.surface({ servedBy: true, serverVersion: true });
    const { findings: evidence, notice } = session.isOffline
      ? { findings: [] }
      : await collectDeprecationEvidence(await session.transport(), surface, { probe: flags['probe-deprecated'] });
    const upstream = lifecycleFindings(surface, lifecycle, target);
    const removedIn = (group: string, version: string, kind: string) => lifecycle.lifecycleOf(group, version, kind)?.removed ?? undefined;
    const findings = auditSurface(surface, { reference, referenceLabel: referenceName, evidence, upstream, removedIn });
    return { report: auditReport(surface, findings, flags['fail-on']), surface, notice };
  }

  /** Several clusters: one section per context and a matrix; an unreachable cluster fails the run but stops nothing. */
  private async runFleet(
    flags: FleetFlagValues & {
      output?: AuditFormat;
      html?: string;
      reference?: string;
      'probe-deprecated': boolean;
      'fail-on': FailOn;
    },
    contexts: string[],
    upstream: UpstreamTarget,
  ): Promise<void> {
    const outcomes = await checkFleet(flags, contexts, async (session) => {
      const audited = await this.auditOne(session, flags, upstream);
      if (audited.notice) writeStderrLine(`Notice: context ${session.flags.context}: ${audited.notice}`);
      const chains = flags.html ? await doctorChains(session, audited.surface) : { notice: 'no --html: the doctor did not run' };
      return { ...audited, chains };
    });
    const reports = outcomes.map((outcome) => ('error' in outcome ? outcome : { context: outcome.context, result: outcome.result.report }));
    if (flags.html) {
      const pages = outcomes.map((outcome) =>
        'error' in outcome
          ? outcome
          : {
              context: outcome.context,
              page: {
                report: outcome.result.report,
                surface: outcome.result.surface,
                chains: outcome.result.chains,
                generatedAt: new Date(),
              },
            },
      );
      writeHtmlFile(flags.html, renderFleetAuditHtml(pages, new Date()));
    }
    this.write(renderAuditFleet(reports, { format: flags.output ?? 'text' }));
    if (reports.some((outcome) => 'error' in outcome || outcome.result.failed)) process.exitCode = ExitCode.auditFindings;
  }
}

interface UpstreamTarget {
  lifecycle: LifecycleData;
  target: { release: Release; explicit: boolean };
}

/** The lifecycle data and the release removed-upstream looks up to: --target-version (checked before any I/O) or the newest known. */
async function upstreamTarget(targetVersion: string | undefined): Promise<UpstreamTarget> {
  const lifecycle = await loadLifecycle();
  if (targetVersion === undefined) return { lifecycle, target: { release: lifecycle.newestRelease, explicit: false } };
  return { lifecycle, target: { release: parseTargetVersion(targetVersion, lifecycle.newestRelease), explicit: true } };
}

/** The doctor's chains for the HTML page, or why there are none. */
async function doctorChains(session: Session, surface: ApiSurface): Promise<DoctorResult[] | { notice: string }> {
  if (session.isOffline) return { notice: 'The doctor checks a live cluster; this audit read a snapshot.' };
  return runDoctor(
    { transport: await session.transport(), surface },
    { clock: { now: new Date(), warnDays: defaultExpiryWarningDays } },
  ).catch((error: Error) => ({ notice: `The doctor could not run: ${error.message}` }));
}

function writeHtmlFile(file: string, html: string): void {
  writeOutputFile(file, html);
  writeStderrLine(`Wrote ${file}`);
}
