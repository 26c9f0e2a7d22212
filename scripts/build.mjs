// Bundles the CLI into dist/: a tiny launcher (kapi.js) that answers --version and --help from
// what this script writes, and one bundle per command (kapi-<id>.js: the command, what it imports,
// and what it may import later, evaluated only then), so a run links three modules instead of the
// forty chunks a split bundle makes it link (14 ms of CPU on Node 24, 28 on Node 20 for
// `api-resources --snapshot builtin`). oclif's main (help, unknown commands), completion and the
// eager command list (commands.js) keep the split bundle. Then writes oclif's manifest (so help
// never loads a command) and dist/quick.json (the launcher's answers, rendered by oclif itself).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';
import { builtinsAsRequire } from './builtins-as-require.mjs';
import { narrowClientNode } from './narrow-client-node.mjs';
import { oclifParserOnly } from './oclif-parser-only.mjs';

const options = {
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  // oclif reads tsconfig through typescript only for uncompiled plugins; kapi ships compiled.
  external: ['typescript'],
  logLevel: 'warning',
  // Bundled CommonJS dependencies still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __kapiCreateRequire } from 'node:module'; const require = __kapiCreateRequire(import.meta.url);",
  },
};
/** The commands and their modules, as src/launch/commands.ts lists them. */
const commands = [
  ...readFileSync('src/launch/commands.ts', 'utf8').matchAll(/'?([a-z-]+)'?: \(\) => import\('\.\.\/commands\/([a-z-]+)\.js'\)/g),
].map(([, id, file]) => ({ id, file }));
if (commands.length === 0) throw new Error('no commands found in src/launch/commands.ts');
/** Replaces a source module (matched by path) with other code, resolved from the same folder. */
const replace = (name, filter, contents) => ({
  name,
  setup(build) {
    build.onLoad({ filter }, (args) => ({ contents, loader: 'ts', resolveDir: dirname(args.path) }));
  },
});

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  build({
    ...options,
    // kapi.js is the launcher; commands.js is the eager command list oclif's manifest and fallback read;
    // help.js is oclif's help class (package.json's oclif.helpClass, for oclif's own main).
    entryPoints: { kapi: 'src/main.ts', commands: 'src/commands.ts', help: 'src/cli/help.ts' },
    splitting: true,
    plugins: [
      // A command's executor is its own bundle: a path esbuild leaves alone (the id is one of commandLoaders').
      replace(
        'executor',
        /src[\\/]launch[\\/]executor\.ts$/,
        'export const loadExecutor = (id: string) => { const file = "./kapi-" + id + ".js"; return import(file); };',
      ),
      oclifParserOnly,
      narrowClientNode,
      builtinsAsRequire,
    ],
  }),
  // One bundle per command: execute.ts with a command list of that one command.
  ...commands.map(({ id, file }) =>
    build({
      ...options,
      entryPoints: { [`kapi-${id}`]: 'src/launch/execute.ts' },
      plugins: [
        replace(
          'one-command',
          /src[\\/]launch[\\/]commands\.ts$/,
          `export const commandLoaders = { ${JSON.stringify(id)}: () => import('../commands/${file}.js').then((m) => m.default) };`,
        ),
        oclifParserOnly,
        narrowClientNode,
        builtinsAsRequire,
      ],
    }),
  ),
]);
// OCLIF_SKIP_NEW_VERSION_CHECK: oclif's own "update available" notice (and its registry lookup) is not for kapi's users.
execFileSync(process.execPath, ['node_modules/oclif/bin/run.js', 'manifest'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true' },
});

// oclif's help for a pipe: 80 columns, no colour, no theme.
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const manifest = JSON.parse(readFileSync('oclif.manifest.json', 'utf8'));
const env = { ...process.env, NO_COLOR: '1' };
for (const name of ['OCLIF_COLUMNS', 'FORCE_COLOR', 'TF_BUILD']) delete env[name];
const oclifHelp = (args) => execFileSync(process.execPath, ['bin/run.js', ...args], { env, encoding: 'utf8' });
const help = { '': oclifHelp(['--help']) };
for (const id of Object.keys(manifest.commands)) help[id] = oclifHelp([id, '--help']);
// The root help names the Node that runs it (oclif's user agent): the launcher puts in its own.
const userAgent = `${pkg.name}/${pkg.version} ${process.platform}-${process.arch === 'ia32' ? 'x86' : process.arch} node-${process.version}`;
for (const id of Object.keys(help)) help[id] = help[id].replaceAll(userAgent, '{{userAgent}}');
writeFileSync('dist/quick.json', JSON.stringify({ name: pkg.name, version: pkg.version, help }));
