import ApiResources from './commands/api-resources.js';
import ApiVersions from './commands/api-versions.js';
import ApiServices from './commands/apiservices.js';
import Atlas from './commands/atlas.js';
import Audit from './commands/audit.js';
import Check from './commands/check.js';
import Completion from './commands/completion.js';
import Diff from './commands/diff.js';
import Doctor from './commands/doctor.js';
import Explain from './commands/explain.js';
import Explore from './commands/explore.js';
import Groups from './commands/groups.js';
import Help from './commands/help.js';
import Lifecycle from './commands/lifecycle.js';
import Options from './commands/options.js';
import Pipeline from './commands/pipeline.js';
import Search from './commands/search.js';
import Snapshot from './commands/snapshot.js';
import Uri from './commands/uri.js';
import Version from './commands/version.js';

/** Every command, for oclif's explicit command strategy (one bundled file). */
export const COMMANDS = {
  'api-resources': ApiResources,
  'api-versions': ApiVersions,
  apiservices: ApiServices,
  atlas: Atlas,
  audit: Audit,
  check: Check,
  completion: Completion,
  diff: Diff,
  doctor: Doctor,
  groups: Groups,
  help: Help,
  explain: Explain,
  explore: Explore,
  lifecycle: Lifecycle,
  options: Options,
  pipeline: Pipeline,
  search: Search,
  snapshot: Snapshot,
  uri: Uri,
  version: Version,
};
