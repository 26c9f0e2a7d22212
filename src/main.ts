import { execute } from '@oclif/core';

export { COMMANDS } from './commands.js';

/** Entry point of the bundled CLI; `root` is the package folder (for package.json and the manifest). */
export async function main(root: string): Promise<void> {
  await execute({ dir: root });
}
