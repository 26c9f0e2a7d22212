import { builtinSnapshotChoices } from '../snapshot/builtin.js';
import { type CompletionData, complete, formatCompletion, globalFlagSpecs, loadLifecycleCandidates } from './candidates.js';
import { readManifestCommands } from './manifest.js';

/**
 * `kapi __complete WORDS...` (and `__completeNoDesc`): cobra's completion
 * request, as kubectl's plugin completion (kubectl_complete-kapi) and kapi's
 * shell scripts send it. Answered by the launcher, without oclif; the session
 * (discovery, OpenAPI, kubeconfig) loads only when a candidate needs it, so
 * completing a command or flag name costs little more than a Node start.
 */
export async function runCompletion(argv: string[], root: string): Promise<void> {
  const commands = readManifestCommands(root);
  let loaded: Promise<Awaited<ReturnType<typeof import('./data.js')['completionData']>>> | undefined;
  const data = () => {
    loaded ??= import('./data.js').then((module) => module.completionData(globalFlagSpecs(commands)));
    return loaded;
  };
  const lazy: CompletionData = {
    resources: async (flags) => (await data()).resources(flags),
    fields: async (flags, parent) => (await data()).fields(flags, parent),
    apiVersions: async (flags) => (await data()).apiVersions(flags),
    kubeconfigNames: async (flags, kind) => (await data()).kubeconfigNames(flags, kind),
    builtinSnapshots: builtinSnapshotChoices,
    lifecycle: loadLifecycleCandidates,
  };
  try {
    const completion = await complete(argv.slice(1), commands, lazy);
    process.stdout.write(formatCompletion(completion, { descriptions: argv[0] === '__complete' }));
  } finally {
    if (loaded) await (await loaded).close();
  }
}
