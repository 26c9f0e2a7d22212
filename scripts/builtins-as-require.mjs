// An esbuild plugin that loads Node's built-in modules with require() instead of an ESM import.
// Importing a built-in from ESM makes Node build a facade that reads every export, and on Node
// 22 and later that wakes lazy getters: `import http from 'node:http'` alone loads undici, the
// fetch implementation, which costs more than the rest of a short command. Through require()
// the module object is used as it is and nothing else loads.
import { builtinModules } from 'node:module';

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

export const builtinsAsRequire = {
  name: 'builtins-as-require',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      if (!builtins.has(args.path)) return undefined;
      if (args.namespace === 'builtin-require') return { path: args.path, external: true };
      return { path: args.path, namespace: 'builtin-require' };
    });
    build.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};
