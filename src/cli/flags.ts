import type { Interfaces } from '@oclif/core';
import { Flags } from './parser.js';

/** kubectl's connection flags, shared by every command that can talk to a cluster. */
export const connectionFlags = {
  kubeconfig: Flags.string({ description: 'Path to the kubeconfig file to use.', helpGroup: 'CONNECTION' }),
  context: Flags.string({ description: 'The name of the kubeconfig context to use.', helpGroup: 'CONNECTION' }),
  cluster: Flags.string({ description: 'The name of the kubeconfig cluster to use.', helpGroup: 'CONNECTION' }),
  user: Flags.string({ description: 'The name of the kubeconfig user to use.', helpGroup: 'CONNECTION' }),
  namespace: Flags.string({ char: 'n', description: 'The namespace scope for this request.', helpGroup: 'CONNECTION' }),
  server: Flags.string({ char: 's', description: 'The address and port of the Kubernetes API server.', helpGroup: 'CONNECTION' }),
  token: Flags.string({ description: 'Bearer token for authentication to the API server.', helpGroup: 'CONNECTION' }),
  'certificate-authority': Flags.string({ description: 'Path to a cert file for the certificate authority.', helpGroup: 'CONNECTION' }),
  'insecure-skip-tls-verify': Flags.boolean({
    description: "If true, the server's certificate will not be checked for validity.",
    helpGroup: 'CONNECTION',
  }),
  'client-certificate': Flags.string({ description: 'Path to a client certificate file for TLS.', helpGroup: 'CONNECTION' }),
  'client-key': Flags.string({ description: 'Path to a client key file for TLS.', helpGroup: 'CONNECTION' }),
  'tls-server-name': Flags.string({
    description: "Server name to use for server certificate validation; the server's hostname when unset.",
    helpGroup: 'CONNECTION',
  }),
  username: Flags.string({ description: 'Username for basic authentication to the API server.', helpGroup: 'CONNECTION' }),
  password: Flags.string({ description: 'Password for basic authentication to the API server.', helpGroup: 'CONNECTION' }),
  as: Flags.string({ description: 'Username to impersonate for the requests (a user or a service account).', helpGroup: 'CONNECTION' }),
  'as-group': Flags.string({
    description: 'Group to impersonate for the requests; repeat the flag for several groups.',
    multiple: true,
    // --as-group a --as-group b, as kubectl takes it: a value never swallows the arguments after it.
    multipleNonGreedy: true,
    helpGroup: 'CONNECTION',
  }),
  'as-uid': Flags.string({ description: 'UID to impersonate for the requests.', helpGroup: 'CONNECTION' }),
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

export const globalFlags = { ...connectionFlags, ...sourceFlags, ...traceFlags };

/** The parsed global flags, typed from their definitions; the connection flags are passed to the cluster layer as they are. */
export type GlobalFlagValues = Omit<Interfaces.InferredFlags<typeof globalFlags>, 'json'>;
