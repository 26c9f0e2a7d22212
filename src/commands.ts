import ApiResources from './commands/api-resources.js';
import ApiVersions from './commands/api-versions.js';
import ApiServices from './commands/apiservices.js';
import Diff from './commands/diff.js';
import Groups from './commands/groups.js';
import Explain from './commands/explain.js';
import Snapshot from './commands/snapshot.js';

/** Every command, for oclif's explicit command strategy (one bundled file). */
export const COMMANDS = {
  'api-resources': ApiResources,
  'api-versions': ApiVersions,
  apiservices: ApiServices,
  diff: Diff,
  groups: Groups,
  explain: Explain,
  snapshot: Snapshot,
};
