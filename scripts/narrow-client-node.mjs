// An esbuild plugin that bundles only the part of @kubernetes/client-node kapi uses: KubeConfig
// (loading, merging, TLS files, tokens, exec and file credentials). client-node's config.js
// imports its whole generated API client for makeApiClient, which kapi never calls; the
// plugin stands a stub in for it (and for the fetch and proxy-agent libraries), and loads the OIDC, Azure and GCP auth providers (and their
// libraries) only when a kubeconfig user names them, and node:child_process on the first spawn.
const configModule = /[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/]config\.js$/;
const onDemand = { './oidc_auth.js': 'OpenIDConnectAuth', './azure_auth.js': 'AzureAuth', './gcp_auth.js': 'GoogleCloudPlatformAuth' };
const providerName = { './oidc_auth.js': 'oidc', './azure_auth.js': 'azure', './gcp_auth.js': 'gcp' };

export const narrowClientNode = {
  name: 'narrow-client-node',
  setup(build) {
    build.onResolve({ filter: /^(\.\/gen\/index\.js|node-fetch|socks-proxy-agent|hpagent|\.\/(oidc|azure|gcp)_auth\.js)$/ }, (args) => {
      if (!configModule.test(args.importer)) return undefined;
      return { path: args.path, namespace: 'kapi-narrow', pluginData: { dir: args.resolveDir } };
    });
    // config.js (for WSL's paths) and exec_auth.js (for exec plugins) import node:child_process when
    // they load; a stand-in requires it on the first spawn, so reading a kubeconfig does not load it.
    build.onResolve({ filter: /^node:child_process$/ }, (args) => {
      if (!/[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/](config|exec_auth)\.js$/.test(args.importer)) return undefined;
      return { path: 'lazy-child-process', namespace: 'kapi-narrow', pluginData: { dir: args.resolveDir } };
    });
    build.onLoad({ filter: /.*/, namespace: 'kapi-narrow' }, (args) => {
      const { dir } = args.pluginData;
      if (args.path === 'lazy-child-process') {
        const contents = `
          const load = () => require('node:child_process');
          export default { spawn: (...args) => load().spawn(...args), spawnSync: (...args) => load().spawnSync(...args) };`;
        return { contents, loader: 'js', resolveDir: dir };
      }
      if (args.path in onDemand) {
        const name = onDemand[args.path];
        // The providers' own test is whether the user's auth-provider has their name.
        const contents = `
          let real;
          export class ${name} {
            isAuthProvider(user) { return user?.authProvider?.name === ${JSON.stringify(providerName[args.path])}; }
            async applyAuthentication(user, opts) {
              real ??= new (await import(${JSON.stringify(`${dir}/${args.path.slice(2)}`)})).${name}();
              return real.applyAuthentication(user, opts);
            }
          }`;
        return { contents, loader: 'js', resolveDir: dir };
      }
      const unused = (what) => `throw new Error('kapi does not bundle client-node\\'s ${what}')`;
      const stubs = {
        './gen/index.js': `export function createConfiguration() { ${unused('API client')} } export class ServerConfiguration { constructor() { ${unused('API client')} } }`,
        // Only applyToFetchOptions uses Headers; reading globalThis.Headers at load would load undici.
        'node-fetch': 'export class Headers { constructor(init) { return new globalThis.Headers(init); } }',
        // applyToHTTPSOptions builds an agent for a kubeconfig's proxy-url; kapi's transport
        // makes its own agent and drops that one, so an inert class stands in.
        'socks-proxy-agent': 'export class SocksProxyAgent {}',
        hpagent: 'export class HttpProxyAgent {} export class HttpsProxyAgent {}',
      };
      return { contents: stubs[args.path], loader: 'js', resolveDir: dir };
    });
  },
};
