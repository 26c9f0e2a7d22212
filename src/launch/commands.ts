import type { KapiCommandClass } from '../cli/kapi-command.js';

/**
 * Each command's module, loaded on demand: a run parses and compiles only the command it
 * runs (and what that command imports). src/commands.ts is the eager list oclif's manifest reads;
 * it also has `help`, which the launcher answers as `--help` (src/launch/run.ts) without a command.
 */
export const commandLoaders: Record<string, () => Promise<KapiCommandClass>> = {
  'api-resources': () => import('../commands/api-resources.js').then((m) => m.default),
  'api-versions': () => import('../commands/api-versions.js').then((m) => m.default),
  apiservices: () => import('../commands/apiservices.js').then((m) => m.default),
  atlas: () => import('../commands/atlas.js').then((m) => m.default),
  audit: () => import('../commands/audit.js').then((m) => m.default),
  check: () => import('../commands/check.js').then((m) => m.default),
  completion: () => import('../commands/completion.js').then((m) => m.default),
  diff: () => import('../commands/diff.js').then((m) => m.default),
  doctor: () => import('../commands/doctor.js').then((m) => m.default),
  groups: () => import('../commands/groups.js').then((m) => m.default),
  explain: () => import('../commands/explain.js').then((m) => m.default),
  explore: () => import('../commands/explore.js').then((m) => m.default),
  lifecycle: () => import('../commands/lifecycle.js').then((m) => m.default),
  options: () => import('../commands/options.js').then((m) => m.default),
  pipeline: () => import('../commands/pipeline.js').then((m) => m.default),
  search: () => import('../commands/search.js').then((m) => m.default),
  snapshot: () => import('../commands/snapshot.js').then((m) => m.default),
  uri: () => import('../commands/uri.js').then((m) => m.default),
  version: () => import('../commands/version.js').then((m) => m.default),
};
