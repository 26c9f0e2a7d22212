// Bundles the CLI into dist/: a tiny launcher (kapi.js) that answers --version and --help from
// what this script writes, one chunk per command, and heavy dependencies split into chunks that
// load only when used. Then writes oclif's manifest (so help never loads a command) and
// dist/quick.json (the launcher's answers, rendered by oclif itself).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { builtinsAsRequire } from './builtins-as-require.mjs';
import { narrowClientNode } from './narrow-client-node.mjs';
import { oclifParserOnly } from './oclif-parser-only.mjs';

rmSync('dist', { recursive: true, force: true });
await build({
  // kapi.js is the launcher; commands.js is the eager command list oclif's manifest and fallback read.
  entryPoints: { kapi: 'src/main.ts', commands: 'src/commands.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  // oclif reads tsconfig through typescript only for uncompiled plugins; kapi ships compiled.
  external: ['typescript'],
  logLevel: 'warning',
  plugins: [oclifParserOnly, narrowClientNode, builtinsAsRequire],
  // Bundled CommonJS dependencies still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __kapiCreateRequire } from 'node:module'; const require = __kapiCreateRequire(import.meta.url);",
  },
});
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
