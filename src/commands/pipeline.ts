import { globalFlags } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Args, Flags } from '../cli/parser.js';
import { defaultExpiryWarningDays } from '../doctor/x509.js';
import { ExitCode, UsageError } from '../errors.js';
import { readPipeline } from '../pipeline/read.js';
import { pipelineOutputs, renderPipeline } from '../render/pipeline.js';
import { requestVerbs } from '../surface/vocabulary.js';

const verbs: readonly string[] = requestVerbs;

export default class Pipeline extends KapiCommand {
  static override summary =
    "Show a request's path through kube-apiserver: who you are, whether you may, the webhooks and policies it meets, where it is stored.";
  static override description = `For one request, each stage in order, with what kapi read and what it could not:
1. Authentication: who the server thinks you are (SelfSubjectReview), --as and --as-group respected.
2. Authorization: whether you may (SelfSubjectAccessReview), with the reason.
3. Mutating admission: MutatingAdmissionPolicies (where served) and MutatingWebhookConfiguration webhooks that match (operations, groups, versions, resources with subresources, scope, matchPolicy Equivalent, namespace and object selectors), in the order kube-apiserver calls them; each webhook's hop checked as doctor checks it.
4. Schema validation: built-in, the CRD's structural schema (with its CEL rules), or the aggregated server.
5. Validating admission: ValidatingAdmissionPolicies with their bindings and CEL, and ValidatingWebhookConfiguration webhooks.
6. Storage: etcd through kube-apiserver, the CRD (versions, storage, storedVersions, conversion webhook), or the APIService.

Exit codes: 0 the request would reach storage as far as kapi can tell; 10 a stage would stop it (forbidden, a Fail webhook whose backend is down, a conversion webhook down, an unavailable APIService); 2 bad flags; 4 unreadable kubeconfig; 5-7 the cluster could not be read; 8 no such resource.`;

  static override examples = [
    { description: 'What creating a configmap meets', command: '<%= config.bin %> <%= command.id %> create configmaps -n default' },
    {
      description: 'As another user',
      command: '<%= config.bin %> <%= command.id %> create deployments -n prod --as alice --as-group devs',
    },
    {
      description: 'Updating one object (its labels decide objectSelectors)',
      command: '<%= config.bin %> <%= command.id %> update deploy web -n prod',
    },
    { description: 'A subresource', command: '<%= config.bin %> <%= command.id %> update deployments web --subresource scale' },
    { description: 'As JSON', command: '<%= config.bin %> <%= command.id %> delete namespaces team-a -o json' },
  ];

  static override args = {
    verb: Args.string({ description: `The verb: ${verbs.join(', ')}.`, required: true }),
    resource: Args.string({
      description: 'Resource type: plural, singular, short name or kind, optionally RESOURCE.GROUP.',
      required: true,
    }),
    name: Args.string({ description: 'Object name (objectSelectors read its labels for update and delete).' }),
  };

  static override flags = {
    ...globalFlags,
    output: Flags.option({ char: 'o', description: 'Output format.', options: pipelineOutputs })(),
    subresource: Flags.string({ description: 'Subresource of the object, e.g. status, scale, exec.' }),
    'api-version': Flags.string({ description: 'Use this group/version instead of the preferred one (v1 for the core group).' }),
    'expiry-warn-days': Flags.integer({
      description: 'Warn when a webhook caBundle certificate expires within this many days.',
      default: defaultExpiryWarningDays,
      min: 0,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Pipeline);
    if (!verbs.includes(args.verb)) throw new UsageError(`invalid verb "${args.verb}": use one of ${verbs.join(', ')}`);
    if (flags.snapshot) throw new UsageError('pipeline checks a live cluster; --snapshot is not supported');
    const session = this.openSession(flags);
    const [transport, surface] = await Promise.all([session.transport(), session.surface({ servedBy: true })]);
    const document = await readPipeline(transport, surface, {
      verb: args.verb,
      resource: args.resource,
      ...(flags.subresource ? { subresource: flags.subresource } : {}),
      ...(args.name ? { name: args.name } : {}),
      ...(flags['api-version'] ? { apiVersion: flags['api-version'] } : {}),
      namespace: await session.namespace(),
      clock: { now: new Date(), warnDays: flags['expiry-warn-days'] },
    });
    this.write(renderPipeline(document, flags.output ?? 'text'));
    if (!document.reachesStorage) process.exitCode = ExitCode.auditFindings;
  }
}
