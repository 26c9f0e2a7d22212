// Builds the krew release: dist/release/kapi-linux-amd64.tar.gz (the standalone executable as
// kubectl-kapi, the completion helper kubectl_complete-kapi, LICENSE) and dist/release/kapi.yaml,
// krew/kapi.yaml with the version from package.json, the archive's URL and its sha256 filled in.
// The archive is reproducible from the binary: fixed owner, mode, order and time (the last
// commit's), gzip without a name or time stamp.
//   KAPI_RELEASE_BASE_URL: where the archive will be published (the manifest's uri is this/<archive>).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const binary = 'dist/bin/kapi-linux-x64';
const archiveName = 'kapi-linux-amd64.tar.gz';
const out = 'dist/release';
const baseUrl = (process.env.KAPI_RELEASE_BASE_URL ?? 'https://example.invalid/kapi').replace(/\/$/, '');
if (!existsSync(binary)) execFileSync('npm', ['run', '--silent', 'build:binary'], { stdio: 'inherit' });

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
rmSync(out, { recursive: true, force: true });
const staging = join(out, 'staging');
mkdirSync(staging, { recursive: true });
copyFileSync(binary, join(staging, 'kubectl-kapi'));
writeFileSync(
  join(staging, 'kubectl_complete-kapi'),
  [
    '#!/bin/sh',
    '# kubectl\'s plugin completion (kubectl v1.26+): `kubectl kapi <TAB>` runs this with the words after "kapi".',
    'exec "$(dirname "$(readlink -f "$0")")/kubectl-kapi" __complete "$@"',
    '',
  ].join('\n'),
);
copyFileSync('LICENSE', join(staging, 'LICENSE'));
for (const [file, mode] of [
  ['kubectl-kapi', 0o755],
  ['kubectl_complete-kapi', 0o755],
  ['LICENSE', 0o644],
])
  chmodSync(join(staging, file), mode);

let epoch = '0';
try {
  epoch = execFileSync('git', ['log', '-1', '--format=%ct'], { encoding: 'utf8' }).trim() || '0';
} catch {
  // not a git checkout: time 0
}
const tar = execFileSync(
  'tar',
  [
    '--sort=name',
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    `--mtime=@${epoch}`,
    '-C',
    staging,
    '-cf',
    '-',
    'LICENSE',
    'kubectl-kapi',
    'kubectl_complete-kapi',
  ],
  { maxBuffer: 1 << 30 },
);
const archive = join(out, archiveName);
writeFileSync(archive, execFileSync('gzip', ['-n', '-6'], { input: tar, maxBuffer: 1 << 30 }));
rmSync(staging, { recursive: true, force: true });

const sha256 = createHash('sha256').update(readFileSync(archive)).digest('hex');
const source = readFileSync('krew/kapi.yaml', 'utf8');
const manifest = source
  .replace(/^(\s+version:) .*$/m, `$1 v${pkg.version}`)
  .replace(/^(\s+uri:) .*$/m, `$1 ${baseUrl}/${archiveName}`)
  .replace(/^(\s+sha256:) .*$/m, `$1 "${sha256}"`);
for (const [name, value] of [
  ['version', `v${pkg.version}`],
  ['sha256', sha256],
]) {
  if (!manifest.includes(value)) throw new Error(`krew/kapi.yaml has no ${name} line to fill`);
}
writeFileSync(join(out, 'kapi.yaml'), manifest);
console.log(`${archive}: ${(readFileSync(archive).length / 1e6).toFixed(1)} MB, sha256 ${sha256}; manifest ${join(out, 'kapi.yaml')}`);
