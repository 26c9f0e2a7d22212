import { run } from '@oclif/core';

/** oclif's own main (help, unknown commands), loaded only on those paths. */
export async function runOclif(args: string[], root: string): Promise<void> {
  await run(args, root);
}
