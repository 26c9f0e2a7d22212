/**
 * kubectl's connection flags as plain data, as client-go keeps them beside the code that reads them
 * (clientcmd's FlagInfo): name, kind, short name, description. The CLI binds them to its parser
 * (cli/flags.ts); ConnectionFlags, their parsed values, is derived from this one definition, so
 * the flags reach resolveConnection as they are, with no mapping and no parser in this layer.
 */
export interface ConnectionFlagInfo {
  /** strings: repeatable, each occurrence one value (kubectl's stringArray). */
  kind: 'string' | 'boolean' | 'strings';
  char?: 'n' | 's';
  description: string;
}

export const connectionFlagInfo = {
  kubeconfig: { kind: 'string', description: 'Path to the kubeconfig file to use.' },
  context: { kind: 'string', description: 'The name of the kubeconfig context to use.' },
  cluster: { kind: 'string', description: 'The name of the kubeconfig cluster to use.' },
  user: { kind: 'string', description: 'The name of the kubeconfig user to use.' },
  namespace: { kind: 'string', char: 'n', description: 'The namespace scope for this request.' },
  server: { kind: 'string', char: 's', description: 'The address and port of the Kubernetes API server.' },
  token: { kind: 'string', description: 'Bearer token for authentication to the API server.' },
  'certificate-authority': { kind: 'string', description: 'Path to a cert file for the certificate authority.' },
  'insecure-skip-tls-verify': { kind: 'boolean', description: "If true, the server's certificate will not be checked for validity." },
  'client-certificate': { kind: 'string', description: 'Path to a client certificate file for TLS.' },
  'client-key': { kind: 'string', description: 'Path to a client key file for TLS.' },
  'tls-server-name': {
    kind: 'string',
    description: "Server name to use for server certificate validation; the server's hostname when unset.",
  },
  username: { kind: 'string', description: 'Username for basic authentication to the API server.' },
  password: { kind: 'string', description: 'Password for basic authentication to the API server.' },
  // Impersonation, sent as client-go sends it: Impersonate-User, one Impersonate-Group per group, Impersonate-Uid.
  as: { kind: 'string', description: 'Username to impersonate for the requests (a user or a service account).' },
  'as-group': { kind: 'strings', description: 'Group to impersonate for the requests; repeat the flag for several groups.' },
  'as-uid': { kind: 'string', description: 'UID to impersonate for the requests.' },
} as const satisfies Record<string, ConnectionFlagInfo>;

/** The value a flag of this kind parses to. */
export type ConnectionFlagValue<Kind extends ConnectionFlagInfo['kind']> = Kind extends 'boolean'
  ? boolean
  : Kind extends 'strings'
    ? string[]
    : string;

/** kubectl's connection flags as given on the command line, keyed by flag name. */
export type ConnectionFlags = {
  [Name in keyof typeof connectionFlagInfo]?: ConnectionFlagValue<(typeof connectionFlagInfo)[Name]['kind']>;
};
