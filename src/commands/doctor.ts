import { globalFlags } from '../cli/flags.js';
import { checkFleet, fleetContexts, fleetFlags, singleContextFlags } from '../cli/fleet.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Args, Flags } from '../cli/parser.js';
import type { Session } from '../cli/session.js';
import { runDoctor } from '../doctor/doctor.js';
import { runHopDoctor } from '../doctor/hops.js';
import type { DoctorResult, HopResult } from '../doctor/model.js';
import { defaultExpiryWarningDays } from '../doctor/x509.js';
import { ExitCode, NotFoundError, UsageError } from '../errors.js';
import { doctorOutputs, renderDoctor, renderDoctorFleet } from '../render/doctor.js';

export default class Doctor extends KapiCommand {
  static override summary = 'Walk the chain behind an aggregated API and say which link is broken.';
  static override description =
    `For each APIService that proxies to a service (or the one named, or those of the group named), seven checks, each ok, warn or fail:
- aggregation-layer: kube-system/extension-apiserver-authentication holds the request-header CA (parsed: subject, expiry, as for the caBundle), allowed names and headers.
- apiservice: the Available condition, priorities, insecureSkipTLSVerify, and the caBundle (subject, issuer, expiry: warn inside --expiry-warn-days, 30 by default, fail when expired); an x509 error in the Available message is explained.
- service: the Service exists, has the APIService's port, and its type (ExternalName is reported as such).
- endpoints: EndpointSlices with ready addresses for that port; the pods behind the selector, their readiness and restarts.
- permissions: SubjectAccessReviews for the extension server's service account (from its pods, or --service-account): create tokenreviews and subjectaccessreviews (system:auth-delegator), get the authentication ConfigMap (extension-apiserver-authentication-reader in kube-system).
- probe: GET /apis/<group>/<version> through the aggregator, its status and latency (warn above the aggregator's 5 s discovery timeout).
- discovery: the group-version is listed in /apis and not Stale.

Every admission webhook (mutating and validating) and every CRD with a conversion webhook or a stored version at risk gets the same chain:
- webhook: failurePolicy, matchPolicy, sideEffects, timeout, where it calls (service or URL) and its caBundle (subject, expiry).
- url (a URL webhook: its scheme and host), or service and endpoints (as above).
- risk: failurePolicy Fail with the backend down (fail, naming the requests it rejects); Fail and matching kube-system or its own namespace (warn); timeoutSeconds above 10 (warn); sideEffects other than None/NoneOnDryRun (warn).
- conversion (a CRD): strategy, the webhook's service or URL and caBundle; down, it fails every converting request.
- stored-versions (a CRD): a version in status.storedVersions that is no longer served (fail) or deprecated (warn).

What the caller may not read is a warning ("cannot check: forbidden"), never an abort. Without an argument, one summary line per non-Local APIService, then one per webhook and CRD, with the failing ones expanded. The argument may also name a webhook configuration, CONFIGURATION/WEBHOOK, or a CRD.

Exit codes: 0 nothing failed; 10 a check failed; 2 bad flags; 4 unreadable kubeconfig; 5-7 the cluster could not be read; 8 no such APIService or group.`;

  static override examples = [
    { description: 'Check every aggregated API', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Check one APIService', command: '<%= config.bin %> <%= command.id %> v1beta1.metrics.k8s.io' },
    { description: 'Check the webhooks of one configuration', command: '<%= config.bin %> <%= command.id %> my-validating-webhooks' },
    {
      description: "Check a group, naming the extension server's service account",
      command: '<%= config.bin %> <%= command.id %> metrics.k8s.io --service-account kube-system/metrics-server',
    },
    { description: 'Every cluster of the kubeconfig', command: '<%= config.bin %> <%= command.id %> --all-contexts' },
    { description: 'As JSON for CI', command: '<%= config.bin %> <%= command.id %> v1beta1.metrics.k8s.io -o json' },
  ];

  static override args = {
    target: Args.string({
      description:
        'An APIService name (v1beta1.metrics.k8s.io), a group (metrics.k8s.io), a webhook configuration (or CONFIGURATION/WEBHOOK), or a CRD.',
    }),
  };

  static override flags = {
    ...globalFlags,
    ...fleetFlags,
    output: Flags.option({ char: 'o', description: 'Output format.', options: doctorOutputs })(),
    'expiry-warn-days': Flags.integer({
      description: 'Warn when a CA certificate (request-header CA, caBundle) expires within this many days.',
      default: defaultExpiryWarningDays,
      min: 0,
    }),
    'service-account': Flags.string({
      description: "The extension server's service account, NAMESPACE/NAME, when its pods cannot tell (no selector, or unreadable).",
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Doctor);
    const serviceAccount = parseServiceAccount(flags['service-account']);
    if (flags.snapshot) throw new UsageError('doctor checks a live cluster; --snapshot is not supported');
    const options = { target: args.target, serviceAccount, clock: { now: new Date(), warnDays: flags['expiry-warn-days'] } };
    const check = async (session: Session) => {
      const [transport, surface] = await Promise.all([session.transport(), session.surface()]);
      return runDoctor({ transport, surface }, options);
    };
    const contexts = await fleetContexts(flags);
    if (contexts) {
      const outcomes = await checkFleet(flags, contexts, check);
      this.write(renderDoctorFleet(outcomes, { format: flags.output ?? 'text', target: args.target }));
      const failed = outcomes.some((outcome) => 'error' in outcome || outcome.result.some((result) => result.status === 'fail'));
      if (failed) process.exitCode = ExitCode.auditFindings;
      return;
    }
    const session = this.openSession(singleContextFlags(flags));
    const { results, hops } = await checkWithHops(session, args.target, options.clock, check);
    this.write(renderDoctor(results, { format: flags.output ?? 'text', target: args.target }, hops));
    if ([...results, ...(hops ?? [])].some((result) => result.status === 'fail')) process.exitCode = ExitCode.auditFindings;
  }
}

/**
 * Without a target: the APIServices and every webhook and CRD hop. With one:
 * the APIService or group, else the webhook configuration, webhook or CRD of
 * that name (the APIService's not-found error when none is).
 */
async function checkWithHops(
  session: Session,
  target: string | undefined,
  clock: { now: Date; warnDays: number },
  check: (session: Session) => Promise<DoctorResult[]>,
): Promise<{ results: DoctorResult[]; hops?: HopResult[] }> {
  if (target === undefined) {
    const [results, hops] = await Promise.all([
      check(session),
      session.transport().then((transport) => runHopDoctor(transport, { clock })),
    ]);
    return { results, hops };
  }
  try {
    return { results: await check(session) };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const hops = await runHopDoctor(await session.transport(), { target, clock });
    if (hops.length === 0) throw error;
    return { results: [], hops };
  }
}

function parseServiceAccount(value: string | undefined): { namespace: string; name: string } | undefined {
  if (value === undefined) return undefined;
  const match = /^([a-z0-9-]+)[/:]([a-z0-9.-]+)$/.exec(value);
  if (!match?.[1] || !match[2]) throw new UsageError(`invalid --service-account "${value}": use NAMESPACE/NAME`);
  return { namespace: match[1], name: match[2] };
}
