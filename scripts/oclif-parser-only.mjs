// An esbuild plugin that bundles oclif's flag and argument builders and its parser
// (@oclif/core/flags, /args, /parser, imported by src/cli/parser.ts) without the rest of
// @oclif/core. Through their own requires they would load oclif's error handling, help and
// terminal code (ejs, spinners, colours: 170 KB); a command needs none of it, since kapi prints
// parse errors as one line itself. So those modules get their own copy in the bundle, in which
// the few requires that reach further are answered by small stand-ins:
// - oclif's errors: kapi's CLIError (src/cli/cli-errors.ts), the same message and exit code;
// - the cache of oclif's config: empty (kapi configures no custom exit codes);
// - the debug logger: silent; the theme: no colour (only a failed flag relationship uses it,
//   and kapi's flags have none);
// - help: absent (only the --help flag builder, which kapi does not use, loads it).
// - node:readline: loaded when the parser first reads stdin (never, for kapi's flags);
//   node:fs/promises (with readline and streams, ~3 ms): when a file or directory flag is checked.
// The parsing code itself is oclif's, unchanged. Any other oclif module reached from there fails
// the build, so a new @oclif/core cannot slip its error or help code back in unnoticed.
// oclif's full package (help rendering, the manifest) is bundled as it is, untouched.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const entries = /^@oclif\/core\/(flags|args|parser)$/;
const lib = resolve('node_modules/@oclif/core/lib');
const shims = {
  'lazy-readline': "module.exports = { createInterface: (...args) => require('node:readline').createInterface(...args) };",
  'lazy-fs-promises':
    "module.exports = { stat: (...args) => require('node:fs/promises').stat(...args), readFile: (...args) => require('node:fs/promises').readFile(...args) };",
  'errors/index.js': resolve('src/cli/cli-errors.ts'),
  'cache.js': 'export default { getInstance: () => ({ get: () => undefined }) };',
  'logger.js': 'export function makeDebug() { return () => undefined; }',
  'ux/theme.js': 'export function colorize(_color, text) { return text; }',
  'help/index.js': "export function loadHelpClass() { throw new Error('help is not bundled with the parser'); }",
  'parser/help.js': "export function flagUsages() { throw new Error('help is not bundled with the parser'); }",
};
const kept = new Set([
  'flags.js',
  'args.js',
  'parser/index.js',
  'parser/parse.js',
  'parser/validate.js',
  'parser/errors.js',
  'util/util.js',
  'util/fs.js',
  'ux/list.js',
  'screen.js',
  'settings.js',
]);

export const oclifParserOnly = {
  name: 'oclif-parser-only',
  setup(build) {
    build.onResolve({ filter: entries }, (args) => {
      if (args.namespace !== 'file' || !args.importer.startsWith(resolve('src'))) return undefined;
      const file = { flags: 'flags.js', args: 'args.js', parser: 'parser/index.js' }[args.path.split('/')[2]];
      return { path: join(lib, file), namespace: 'oclif-parser-only' };
    });
    // The parser reads stdin with readline only for flags that allow it (kapi has none): load it then.
    build.onResolve({ filter: /^node:(readline|fs\/promises)$/, namespace: 'oclif-parser-only' }, (args) => ({
      path: args.path === 'node:readline' ? 'lazy-readline' : 'lazy-fs-promises',
      namespace: 'oclif-parser-shim',
    }));
    build.onResolve({ filter: /^\.\.?\//, namespace: 'oclif-parser-only' }, (args) => {
      const target = relative(lib, resolve(dirname(args.importer), args.path));
      const name = target.endsWith('.js')
        ? target
        : kept.has(`${target}.js`) || `${target}.js` in shims
          ? `${target}.js`
          : `${target}/index.js`;
      const shim = shims[name];
      if (shim?.startsWith('/')) return { path: shim };
      if (shim !== undefined) return { path: name, namespace: 'oclif-parser-shim' };
      if (kept.has(name)) return { path: join(lib, name), namespace: 'oclif-parser-only' };
      return { errors: [{ text: `oclif-parser-only: ${relative(lib, args.importer)} requires ${name}, which is not part of the parser` }] };
    });
    build.onLoad({ filter: /.*/, namespace: 'oclif-parser-only' }, (args) => ({
      contents: readFileSync(args.path, 'utf8'),
      loader: args.path.endsWith('.json') ? 'json' : 'js',
      resolveDir: dirname(args.path),
    }));
    build.onLoad({ filter: /.*/, namespace: 'oclif-parser-shim' }, (args) => ({ contents: shims[args.path], loader: 'js' }));
  },
};
