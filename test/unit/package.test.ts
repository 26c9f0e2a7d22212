import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import semver from 'semver';

const read = (file: string) => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));
const pkg = read('package.json') as {
  engines: { node: string };
  license: string;
  dependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = read('package-lock.json') as { packages: Record<string, { engines?: { node?: string } | string[] }> };

test('every Node line kapi supports installs every locked package without EBADENGINE (npm ci on Node 20)', () => {
  const lines = ['20.0.0', '22.0.0', '24.0.0'].map((lowest) => semver.minVersion(`^${lowest}`) as semver.SemVer);
  for (const line of lines) assert.ok(semver.satisfies(line, pkg.engines.node), `engines names ${line}`);
  const refusing = Object.entries(lock.packages).flatMap(([name, entry]) => {
    const wanted = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (name === '' || wanted === undefined) return [];
    // Some release of each supported line must satisfy the package (the latest 20.x at least).
    const major = (line: semver.SemVer) => `>=${line.version} <${line.major + 1}.0.0`;
    return lines.filter((line) => !semver.intersects(major(line), wanted)).map((line) => `${name} (node ${wanted}) refuses ${line.major}`);
  });
  assert.deepEqual(refusing, []);
});

test('kapi ships with no runtime dependencies: everything it runs is bundled into dist/', () => {
  assert.deepEqual(pkg.dependencies ?? {}, {});
  assert.equal(pkg.license, 'Apache-2.0');
  assert.match(readFileSync(new URL('../../LICENSE', import.meta.url), 'utf8'), /Apache License\s+Version 2\.0, January 2004/);
});
