import ApiResources from './commands/api-resources.js';
import ApiVersions from './commands/api-versions.js';
import Snapshot from './commands/snapshot.js';

/** Every command, for oclif's explicit command strategy (one bundled file). */
export const COMMANDS = {
  'api-resources': ApiResources,
  'api-versions': ApiVersions,
  snapshot: Snapshot,
};
