import { noHeadersFlag } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Args, Flags } from '../cli/parser.js';
import { writeStderrLine } from '../cli/stderr.js';
import { NotFoundError } from '../errors.js';
import { loadLifecycle, parseRelease } from '../releases/lifecycle.js';
import { parseKindSelector, selectKinds } from '../releases/select.js';
import { lifecycleOutputs, renderLifecycle } from '../render/lifecycle.js';

export default class Lifecycle extends KapiCommand {
  static override summary = 'Show when each built-in kind was introduced, deprecated and removed, and what replaces it.';
  static override description =
    'The data ships with kapi: generated from the prerelease-lifecycle methods of every k8s.io/api release from v0.20 ' +
    '(Kubernetes 1.20) to the newest, merged. A kind that a later k8s.io/api deleted is still listed. ' +
    'Releases are Kubernetes minors ("1.25"); a release after the newest one is a removal the tags already plan. ' +
    'Kinds without tags (GA kinds of older releases) show "-". No cluster is read.\n\n' +
    'GROUP[/VERSION[/KIND]] is written as an apiVersion is: apps, apps/v1, apps/v1/Deployment; the core group is "core" or left out ' +
    '(v1/Pod). It must match a kind (exit 8 otherwise). --removed-in and --deprecated-in keep the kinds removed (deprecated) in exactly ' +
    'that release and combine with AND; nothing matched prints "No kinds found." on stderr, exit 0.\n\n' +
    '-o json|yaml prints {apiVersion: kapi.dev/v1, kind: KindLifecycleList, newestRelease, modules, items: [{group, version, kind, ' +
    'introduced, deprecated, removed, replacement: {group, version, kind} | null}]}.';

  static override examples = [
    {
      description: 'What Kubernetes 1.25 removed, with the replacements',
      command: '<%= config.bin %> <%= command.id %> --removed-in 1.25',
    },
    { description: 'Every kind of a group', command: '<%= config.bin %> <%= command.id %> flowcontrol.apiserver.k8s.io' },
    { description: 'One kind in one version', command: '<%= config.bin %> <%= command.id %> batch/v1beta1/CronJob' },
    { description: 'What 1.33 deprecated, as JSON', command: '<%= config.bin %> <%= command.id %> --deprecated-in 1.33 -o json' },
  ];

  static override args = {
    kinds: Args.string({ description: 'GROUP[/VERSION[/KIND]], e.g. apps, apps/v1, apps/v1/Deployment, v1/Pod.' }),
  };

  static override flags = {
    output: Flags.option({ char: 'o', description: 'Output format.', options: lifecycleOutputs })(),
    'no-headers': noHeadersFlag,
    'removed-in': Flags.string({ description: 'Only kinds removed in this release (1.25, v1.25).' }),
    'deprecated-in': Flags.string({ description: 'Only kinds deprecated in this release (1.25, v1.25).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Lifecycle);
    const selector = args.kinds === undefined ? undefined : parseKindSelector(args.kinds);
    const removedIn = flags['removed-in'] === undefined ? undefined : parseRelease(flags['removed-in'], '--removed-in');
    const deprecatedIn = flags['deprecated-in'] === undefined ? undefined : parseRelease(flags['deprecated-in'], '--deprecated-in');
    const data = await loadLifecycle();
    if (selector && selectKinds(data.kinds, { selector }).length === 0) {
      throw new NotFoundError(`no built-in kind matches "${args.kinds}" (kapi lifecycle lists them all)`);
    }
    const kinds = selectKinds(data.kinds, { selector, removedIn, deprecatedIn });
    const format = flags.output ?? 'table';
    this.write(
      renderLifecycle(
        kinds,
        { newestRelease: data.newestRelease, modules: data.source.modules },
        { format, noHeaders: flags['no-headers'] },
      ),
    );
    if (kinds.length === 0 && format === 'table') writeStderrLine('No kinds found.');
  }
}
