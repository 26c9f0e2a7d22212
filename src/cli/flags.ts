import type { Interfaces } from '@oclif/core';
import { type ConnectionFlagInfo, type ConnectionFlagValue, connectionFlagInfo } from '../cluster/connection-flags.js';
import { Flags } from './parser.js';

/** A connection flag bound to oclif: a string, a boolean, or a repeatable string. */
type BoundFlag<Info extends ConnectionFlagInfo> = Info['kind'] extends 'boolean'
  ? Interfaces.BooleanFlag<boolean>
  : Interfaces.OptionFlag<ConnectionFlagValue<Info['kind']> | undefined>;

/** Binds the cluster layer's connection flags (cluster/connection-flags.ts) to oclif, in the CONNECTION help group. */
function bindConnectionFlags<All extends Record<string, ConnectionFlagInfo>>(all: All): { [Name in keyof All]: BoundFlag<All[Name]> } {
  const bound = Object.entries(all).map(([name, { kind, ...help }]) => {
    const options = { ...help, helpGroup: 'CONNECTION' };
    if (kind === 'boolean') return [name, Flags.boolean(options)];
    // --as-group a --as-group b, as kubectl takes it: a value never swallows the arguments after it.
    if (kind === 'strings') return [name, Flags.string({ ...options, multiple: true, multipleNonGreedy: true })];
    return [name, Flags.string(options)];
  });
  // Object.fromEntries forgets which name has which kind; BoundFlag reads it back from the same info the loop read.
  return Object.fromEntries(bound) as { [Name in keyof All]: BoundFlag<All[Name]> };
}

/** kubectl's connection flags, shared by every command that can talk to a cluster; their values go to the cluster layer as they are. */
export const connectionFlags = {
  ...bindConnectionFlags(connectionFlagInfo),
  'disable-compression': Flags.boolean({
    description: 'If true, ask the server for uncompressed responses.',
    helpGroup: 'CONNECTION',
  }),
  'request-timeout': Flags.string({
    description: 'How long to wait for each request before giving up (e.g. 5s, 1m). 0 waits forever.',
    default: '32s',
    helpGroup: 'CONNECTION',
  }),
  'max-response-bytes': Flags.string({
    description: 'The largest HTTP response to read (e.g. 64Mi, 1Gi); a larger one fails with exit 7.',
    default: '256Mi',
    env: 'KAPI_MAX_RESPONSE_BYTES',
    helpGroup: 'CONNECTION',
  }),
  discovery: Flags.option({
    description: 'Discovery protocol: auto tries aggregated discovery v2 and falls back to legacy; legacy forces per-group requests.',
    options: ['auto', 'legacy'] as const,
    default: 'auto',
    helpGroup: 'CONNECTION',
  })(),
};

/** Offline sources. */
export const sourceFlags = {
  snapshot: Flags.string({
    description:
      'Answer from a snapshot file instead of a cluster; "builtin" (or builtin:<name>) uses a reference snapshot shipped with kapi.',
    helpGroup: 'SOURCE',
  }),
  'max-file-bytes': Flags.string({
    description: 'The largest snapshot or cache file to read (e.g. 64Mi, 1Gi); a larger snapshot fails with exit 4.',
    default: '256Mi',
    env: 'KAPI_MAX_FILE_BYTES',
    helpGroup: 'SOURCE',
  }),
};

/** Request tracing, in kubectl's format or as JSON lines; always on stderr. */
export const traceFlags = {
  v: Flags.integer({
    char: 'v',
    description: 'Log level: 6 traces every request, 7 adds request headers, 8 adds response headers and bodies (credentials masked).',
    default: 0,
    min: 0,
    max: 10,
    helpGroup: 'TRACING',
  }),
  trace: Flags.option({
    description: 'Write one JSON object per request to stderr, and a summary at the end.',
    options: ['json'] as const,
    helpGroup: 'TRACING',
  })(),
};

/** kubectl's --no-headers, for the commands that print kubectl-style tables. */
export const noHeadersFlag = Flags.boolean({ description: "Don't print headers." });

export const globalFlags = { ...connectionFlags, ...sourceFlags, ...traceFlags };

/** The parsed global flags, typed from their definitions; the connection flags are passed to the cluster layer as they are. */
export type GlobalFlagValues = Omit<Interfaces.InferredFlags<typeof globalFlags>, 'json'>;
