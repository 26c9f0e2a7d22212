import { Config, run } from '@oclif/core';
import KapiHelp from '../cli/help.js';

/**
 * oclif's own main (help, --version), loaded only on those paths. Help is shown with kapi's help class
 * directly: package.json names it for oclif's main (oclif.helpClass, dist/help.js), but the standalone
 * executable has no dist/ folder to load it from.
 */
export async function runOclif(args: string[], root: string): Promise<void> {
  if (args[0] !== '--version' && helpRequested(args)) {
    await new KapiHelp(await Config.load(root)).showHelp(args);
    return;
  }
  await run(args, root);
}

/** oclif's rule (its main's helpAddition): no arguments, or --help or -h before `--`. */
function helpRequested(args: string[]): boolean {
  const end = args.indexOf('--');
  return args.length === 0 || (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}
