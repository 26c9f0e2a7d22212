import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readReleases } from '../../src/snapshot/releases.ts';
import { kapi, runCommand } from '../support/run-cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'kapi-npm-package-'));
const prefix = join(scratch, 'prefix');
const elsewhere = join(scratch, 'elsewhere');
/** The installed commands, found on PATH as a user's shell finds them (node from this test's Node). */
const path = `${join(prefix, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`;
let packed: { filename: string; files: Array<{ path: string; size: number }>; unpackedSize: number };

/**
 * `npm pack` (whose prepack builds dist/), then `npm install -g` of the tarball into a throwaway
 * prefix, offline: kapi has no runtime dependencies, so the install needs nothing from the registry.
 */
describe('npm: the packed tarball installs globally and runs from any folder', () => {
  before(() => {
    mkdirSync(elsewhere);
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 26,
    });
    packed = (JSON.parse(out.slice(out.indexOf('['))) as Array<typeof packed>)[0] as typeof packed;
    execFileSync('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, join(scratch, packed.filename)], {
      cwd: elsewhere,
      stdio: 'ignore',
    });
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('the tarball holds the bundle, the launchers, the snapshots and LICENSE, and no sources', () => {
    const files = packed.files.map((file) => file.path);
    for (const file of [
      'LICENSE',
      'package.json',
      'bin/run.js',
      'bin/kubectl-kapi.js',
      'bin/kubectl_complete-kapi.js',
      'dist/kapi.js',
      'dist/quick.json',
      'oclif.manifest.json',
    ]) {
      assert.ok(files.includes(file), `${file} is packed`);
    }
    assert.ok(files.some((file) => file.startsWith('snapshots/')));
    assert.deepEqual(
      files.filter((file) => /^(src|test|bench|scripts|node_modules)\//.test(file)),
      [],
    );
  });

  test("the bundled Kubernetes releases add at most 15 MB (issue 17's budget), each with its surface, kubectl's api-versions and its store", () => {
    const releases = readReleases(join(root, 'snapshots')).map((release) => release.name);
    assert.ok(releases.length >= 3, releases.join(', '));
    const releaseFiles = packed.files.filter((file) => /^snapshots\/(v1\.\d+\.\d+\.|store\/)/.test(file.path));
    const paths = releaseFiles.map((file) => file.path);
    for (const release of releases) {
      for (const file of [`${release}.json`, `${release}.api-versions.txt`, `store/${release}.manifest.br`]) {
        assert.ok(paths.includes(`snapshots/${file}`), `snapshots/${file} is packed`);
      }
    }
    const bytes = releaseFiles.reduce((sum, file) => sum + file.size, 0);
    assert.ok(bytes <= 15_000_000, `the releases take ${bytes} bytes`);
  });

  test('the install pulls no dependencies', () => {
    const installed = join(prefix, 'lib', 'node_modules', 'kapi');
    assert.ok(existsSync(join(installed, 'dist', 'kapi.js')));
    assert.equal(existsSync(join(installed, 'node_modules')), false, readdirSync(installed).join(' '));
  });

  test('kapi, kubectl-kapi and kubectl_complete-kapi run from PATH in another folder, as the checkout does', async () => {
    const run = (file: string, args: string[]) => runCommand(file, args, { PATH: path }, 60_000, elsewhere);
    const cases: Array<[string, string[]]> = [
      ['kapi', ['--version']],
      ['kapi', ['api-resources', '--snapshot', 'builtin', '-o', 'wide']],
      ['kapi', ['api-versions', '--snapshot', 'builtin', '-o', 'yaml']],
      ['kapi', ['explain', 'deployments.spec.strategy', '--snapshot', 'builtin']],
      ['kubectl-kapi', ['api-resources', '--snapshot', 'builtin:v1.21.0-k0s', '-o', 'name']],
      ['kubectl_complete-kapi', ['api-']],
    ];
    for (const [file, args] of cases) {
      const ours = await run(join(prefix, 'bin', file), args);
      const checkout = await kapi(file === 'kubectl_complete-kapi' ? ['__complete', ...args] : args);
      assert.equal(ours.code, 0, `${file} ${args.join(' ')}: ${ours.stderr}`);
      assert.equal(ours.stderr, '');
      assert.equal(ours.stdout, checkout.stdout, `${file} ${args.join(' ')}`);
    }
  });
});
