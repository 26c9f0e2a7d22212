import { complete, formatCompletion, globalFlagSpecs } from './candidates.js';
import { completionData } from './data.js';
import { readManifestCommands } from './manifest.js';

/**
 * `kapi __complete WORDS...` (and `__completeNoDesc`): cobra's completion
 * request, as kubectl's plugin completion (kubectl_complete-kapi) and kapi's
 * shell scripts send it. Answered by the launcher, without oclif, so a TAB
 * costs a Node start and, at most, one discovery read.
 */
export async function runCompletion(argv: string[], root: string): Promise<void> {
  const commands = readManifestCommands(root);
  const data = completionData(globalFlagSpecs(commands));
  try {
    const completion = await complete(argv.slice(1), commands, data);
    process.stdout.write(formatCompletion(completion, { descriptions: argv[0] === '__complete' }));
  } finally {
    await data.close();
  }
}
