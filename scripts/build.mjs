// Bundles the CLI into dist/ (one entry, with heavy dependencies split into
// chunks that load only when used), then writes oclif's manifest so that
// --help never loads a command.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { kapi: 'src/main.ts' },
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
