import { existsSync, readFileSync } from 'node:fs';
import type https from 'node:https';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node';
import { ConfigError, UsageError } from '../errors.js';
import type { ConnectionFlags } from './connection-flags.js';
import { checkedBearer, withExecTimeout } from './credentials.js';
import { type ServerAddress, serverAddress } from './server-url.js';
import { checkCertificateAuthority } from './tls-files.js';
import type { TransportTarget } from './transport.js';

export interface Connection {
  target: TransportTarget;
  server: string;
  contextName?: string;
  namespace: string;
}

const inClusterTokenPath = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** The files KUBECONFIG lists, in order (kubectl's path-list rule: empty entries are skipped). */
export function kubeconfigEnvPaths(env: NodeJS.ProcessEnv): string[] {
  return (env.KUBECONFIG ?? '').split(delimiter).filter((path) => path !== '');
}

/** ~/.kube/config, the kubeconfig used when neither --kubeconfig nor KUBECONFIG names one. */
export function homeKubeconfig(env: NodeJS.ProcessEnv): string {
  return join(env.HOME ?? homedir(), '.kube', 'config');
}

/** Which kubeconfig source applies, without loading client-node. */
export function locateKubeconfig(flags: ConnectionFlags, env: NodeJS.ProcessEnv): 'flag' | 'env' | 'home' | 'in-cluster' | 'none' {
  if (flags.kubeconfig) return 'flag';
  if (kubeconfigEnvPaths(env).some((path) => existsSync(path))) return 'env';
  if (existsSync(homeKubeconfig(env))) return 'home';
  if (env.KUBERNETES_SERVICE_HOST && existsSync(inClusterTokenPath)) return 'in-cluster';
  return 'none';
}

/**
 * Resolves kubeconfig, context and overrides into what the transport needs.
 * client-node does the loading and authentication (tokens, certificates, exec
 * plugins, in-cluster); it is imported here only, lazily, because it is slow to load.
 */
export async function resolveConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
  options: { execTimeoutMs?: number } = {},
): Promise<Connection> {
  const where = locateKubeconfig(flags, env);
  if (where === 'none' && !flags.server) {
    const named = kubeconfigEnvPaths(env);
    if (named.length > 0) {
      throw new ConfigError(
        `no kubeconfig found: KUBECONFIG names ${named.join(delimiter)}, which does not exist: pass --kubeconfig or --server, or use --snapshot builtin to work offline`,
      );
    }
    throw new ConfigError(
      'no kubeconfig found (KUBECONFIG, ~/.kube/config or in-cluster): pass --kubeconfig or --server, or use --snapshot builtin to work offline',
    );
  }
  const { KubeConfig } = await import('@kubernetes/client-node/dist/config.js');
  const config = new KubeConfig();
  if (where === 'in-cluster') {
    try {
      config.loadFromCluster();
    } catch (error) {
      throw new ConfigError(`failed to load the in-cluster config: ${firstLine(error)}`, error);
    }
  } else {
    for (const file of kubeconfigFiles(where, flags, env)) mergeFirstWins(config, loadFile(new KubeConfig(), file));
  }
  const { context, userinfo } = selectContext(config, flags);
  const source = flags.token ? '--token' : `the kubeconfig user "${flags.user ?? context?.user ?? ''}"`;
  const target = await authenticate(config, source, options.execTimeoutMs ?? 0);
  // Go's http client sends credentials found in the URL as basic auth; kapi never keeps them in the URL.
  if (userinfo) target.headers.Authorization = `Basic ${Buffer.from(`${userinfo.username}:${userinfo.password}`).toString('base64')}`;
  Object.assign(target.headers, impersonationHeaders(flags));
  const namespace = flags.namespace ?? context?.namespace ?? (where === 'in-cluster' ? readInClusterNamespace() : undefined) ?? 'default';
  return { target, server: target.server, contextName: context?.name, namespace };
}

/** The names of every context in the kubeconfig (for --all-contexts), in file order. */
export async function listContexts(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const where = locateKubeconfig(flags, env);
  if (where === 'none' || where === 'in-cluster') throw new ConfigError('--all-contexts needs a kubeconfig file');
  const { KubeConfig } = await import('@kubernetes/client-node/dist/config.js');
  const config = new KubeConfig();
  for (const file of kubeconfigFiles(where, flags, env)) mergeFirstWins(config, loadFile(new KubeConfig(), file));
  return (config.contexts ?? []).map((context) => context.name);
}

function kubeconfigFiles(where: string, flags: ConnectionFlags, env: NodeJS.ProcessEnv): string[] {
  if (where === 'flag' && flags.kubeconfig) {
    if (!existsSync(flags.kubeconfig)) throw new ConfigError(`failed to load kubeconfig ${flags.kubeconfig}: the file does not exist`);
    return [flags.kubeconfig];
  }
  if (where === 'env') return kubeconfigEnvPaths(env).filter((path) => existsSync(path));
  if (where === 'home') return [homeKubeconfig(env)];
  return [];
}

/** Empty files are empty configs, as kubectl treats them (client-node would fail on them). A bad file is named in one line. */
function loadFile(config: KubeConfig, file: string): KubeConfig {
  try {
    if (readFileSync(file, 'utf8').trim() !== '') config.loadFromFile(file);
  } catch (error) {
    throw new ConfigError(`failed to load kubeconfig ${file}: ${firstLine(error)}`, error);
  }
  return config;
}

/** The first line of an error's message: YAML parse errors add an excerpt of the file below it. */
function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] as string;
}

/** kubectl's merge rule for KUBECONFIG lists: the first file to set a value wins. */
function mergeFirstWins(into: KubeConfig, from: KubeConfig): void {
  if (!into.currentContext && from.currentContext) into.currentContext = from.currentContext;
  const known = (list: Array<{ name: string }> | undefined, name: string) => (list ?? []).some((item) => item.name === name);
  into.clusters = [...(into.clusters ?? []), ...(from.clusters ?? []).filter((c) => !known(into.clusters, c.name))];
  into.users = [...(into.users ?? []), ...(from.users ?? []).filter((u) => !known(into.users, u.name))];
  into.contexts = [...(into.contexts ?? []), ...(from.contexts ?? []).filter((c) => !known(into.contexts, c.name))];
}

/** kubectl's --as-group and --as-uid need --as, as client-go requires. */
function impersonationHeaders(flags: ConnectionFlags): Record<string, string | string[]> {
  const groups = flags['as-group'] ?? [];
  if (!flags.as && (groups.length > 0 || flags['as-uid'])) {
    throw new UsageError('--as-group and --as-uid need --as: requesting uid or groups without impersonating a user');
  }
  return {
    ...(groups.length > 0 ? { 'Impersonate-Group': groups } : {}),
    ...(flags['as-uid'] ? { 'Impersonate-Uid': flags['as-uid'] } : {}),
  };
}

function selectContext(config: KubeConfig, flags: ConnectionFlags): { context?: Context; userinfo?: ServerAddress['userinfo'] } {
  const contextName = flags.context ?? config.getCurrentContext();
  const context = contextName ? (config.getContextObject(contextName) ?? undefined) : undefined;
  if (flags.context && !context) throw new ConfigError(`context "${flags.context}" does not exist in the kubeconfig`);

  let cluster: Cluster | undefined = (context && config.getCluster(context.cluster)) || undefined;
  let user: User | undefined = (context?.user && config.getUser(context.user)) || undefined;
  if (flags.cluster) {
    cluster = config.getCluster(flags.cluster) ?? undefined;
    if (!cluster) throw new ConfigError(`cluster "${flags.cluster}" does not exist in the kubeconfig`);
  }
  if (flags.user) {
    user = config.getUser(flags.user) ?? undefined;
    if (!user) throw new ConfigError(`user "${flags.user}" does not exist in the kubeconfig`);
  }
  if (flags.server) cluster = { ...(cluster ?? { name: 'kapi-server', skipTLSVerify: false }), name: 'kapi-server', server: flags.server };
  if (!cluster) {
    throw new ConfigError(
      contextName ? `context "${contextName}" has no cluster` : 'the kubeconfig has no current context: pass --context or --server',
    );
  }
  if (flags['certificate-authority'])
    cluster = { ...cluster, name: 'kapi-server', caFile: flags['certificate-authority'], caData: undefined };
  if (flags['insecure-skip-tls-verify'])
    cluster = { ...cluster, name: 'kapi-server', skipTLSVerify: true, caFile: undefined, caData: undefined };
  if (flags.token) user = { name: 'kapi-user', token: flags.token };
  user ??= { name: 'kapi-anonymous' };
  // The other authentication flags override single fields of the user, as kubectl's overrides do.
  if (flags['client-certificate']) user = { ...user, certFile: flags['client-certificate'], certData: undefined };
  if (flags['client-key']) user = { ...user, keyFile: flags['client-key'], keyData: undefined };
  if (flags.username !== undefined) user = { ...user, username: flags.username };
  if (flags.password !== undefined) user = { ...user, password: flags.password };
  if (flags.as) user = { ...user, impersonateUser: flags.as };
  if (flags['tls-server-name']) cluster = { ...cluster, tlsServerName: flags['tls-server-name'] };
  const address = serverAddress(cluster.server);
  cluster = { ...cluster, server: address.url };
  // client-node refuses plain http unless TLS verification is off; TLS does not
  // apply to http at all (kubectl proxy targets), so say so.
  if (cluster.server.startsWith('http://')) cluster = { ...cluster, skipTLSVerify: true };

  const effective: Context = { name: 'kapi-effective', cluster: 'kapi-effective', user: 'kapi-effective', namespace: context?.namespace };
  config.clusters = [...(config.clusters ?? []).filter((c) => c.name !== 'kapi-effective'), { ...cluster, name: 'kapi-effective' }];
  config.users = [...(config.users ?? []).filter((u) => u.name !== 'kapi-effective'), { ...user, name: 'kapi-effective' }];
  config.contexts = [...(config.contexts ?? []).filter((c) => c.name !== 'kapi-effective'), effective];
  config.setCurrentContext('kapi-effective');
  return { context: context ? { ...context } : undefined, userinfo: address.userinfo };
}

async function authenticate(config: KubeConfig, source: string, execTimeoutMs: number): Promise<TransportTarget> {
  const cluster = config.getCurrentCluster() as Cluster;
  checkCertificateAuthority(cluster);
  const options: https.RequestOptions = { headers: {} };
  try {
    await withExecTimeout(config, execTimeoutMs, () => config.applyToHTTPSOptions(options));
  } catch (error) {
    throw new ConfigError(`failed to get credentials for the kubeconfig user: ${(error as Error).message}`, error);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value !== undefined) headers[name] = String(value);
  }
  const bearer = checkedBearer(headers.Authorization, source);
  if (bearer !== undefined) headers.Authorization = bearer;
  if (options.auth) headers.Authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
  return {
    server: cluster.server,
    headers,
    tls: {
      ca: asBuffer(options.ca),
      cert: asBuffer(options.cert),
      key: asBuffer(options.key),
      rejectUnauthorized: options.rejectUnauthorized,
      servername: options.servername,
    },
  };
}

function asBuffer(value: unknown): Buffer | undefined {
  if (value === undefined || value === null) return undefined;
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return Buffer.from(value);
  return undefined;
}

function readInClusterNamespace(): string | undefined {
  try {
    return readFileSync('/var/run/secrets/kubernetes.io/serviceaccount/namespace', 'utf8').trim();
  } catch {
    return undefined;
  }
}
