import { stopOnClosedStdout } from './launch/closed-stdout.js';
import { enableCompileCache } from './launch/compile-cache.js';
import { quickAnswer } from './launch/quick.js';

/**
 * Entry point of the bundled CLI; `root` is the package folder (for package.json and the manifest).
 * Start-up is most of what a short command costs, so this file stays tiny: `--version` and plain
 * `--help` are answered from what the build wrote, and everything else loads oclif and only the
 * one command that runs.
 */
export async function main(root: string): Promise<void> {
  stopOnClosedStdout();
  enableCompileCache();
  const argv = process.argv.slice(2);
  if (argv[0] === '__complete' || argv[0] === '__completeNoDesc') {
    const { runCompletion } = await import('./completion/run.js');
    await runCompletion(argv, root);
    return;
  }
  const answer = quickAnswer(argv, root);
  if (answer !== undefined) {
    process.stdout.write(answer);
    return;
  }
  const { runCli } = await import('./launch/run.js');
  await runCli(argv, root);
}
