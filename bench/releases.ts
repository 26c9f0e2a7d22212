// What each bundled Kubernetes release weighs and what loading one costs. Not a test.
//
//   node --import tsx bench/releases.ts [runs=9]
//
// Sizes: the package as `npm pack --dry-run --json` lists it (tarball and unpacked), and per release the files
// it adds (snapshots/<release>.json, .api-versions.txt, store/<release>.manifest.br and .pack) against its
// full size (the surface and every OpenAPI v3 document written out, as `kapi snapshot --with-schemas` writes).
// Load: in this process, through the code the commands use (readSnapshot, the store), median of `runs` rounds of
//   surface  readSnapshot('builtin:<release>'): what api-versions and api-resources read
//   one doc  + the apps/v1 OpenAPI v3 document: what explain deployments.spec reads
//   all docs + every OpenAPI v3 document: what search, atlas and diff --schemas read
// each as wall and CPU (user + system) milliseconds; CPU is the figure to compare on a loaded machine.
import { execFileSync } from 'node:child_process';
import { builtinSnapshotDir } from '../src/snapshot/builtin.ts';
import { readReleases } from '../src/snapshot/releases.ts';
import { readSnapshot } from '../src/snapshot/snapshot.ts';

const runs = Number(process.argv[2] ?? 9);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;

async function measure(load: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  await load(); // warm: the file cache and this process's module code, as a second kapi run would find them
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let round = 0; round < runs; round++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await load();
    walls.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const cpu = process.cpuUsage(cpu0);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

const documentsOf = async (name: string) => {
  const snapshot = await readSnapshot(`builtin:${name}`);
  return snapshot.schemas?.openapiV3 ?? {};
};

const packed = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
)[0] as {
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
};
const releases = readReleases(builtinSnapshotDir());
const inPackage = (name: string) =>
  packed.files
    .filter((file) => file.path.startsWith(`snapshots/${name}.`) || file.path.startsWith(`snapshots/store/${name}.`))
    .reduce((sum, file) => sum + file.size, 0);
const releaseFiles = packed.files.filter((file) => /^snapshots\/(v1\.\d+\.\d+\.|store\/)/.test(file.path));

console.log(`npm package: ${mib(packed.size)} packed, ${mib(packed.unpackedSize)} unpacked (npm pack --dry-run --json)`);
console.log(
  `the ${releases.length} Kubernetes releases in it: ${mib(releaseFiles.reduce((sum, file) => sum + file.size, 0))} (snapshots/v1.*.*, snapshots/store/*), ${mib(releases.reduce((sum, r) => sum + r.fullBytes, 0))} written out in full`,
);
console.log(`load: median of ${runs} rounds, wall / CPU ms, node ${process.version}\n`);
console.log('| release | group-versions | resources | full | in the package | surface | + apps/v1 document | + every document |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const release of releases) {
  const surface = await measure(() => readSnapshot(`builtin:${release.name}`));
  const one = await measure(async () => (await documentsOf(release.name))['/openapi/v3/apis/apps/v1']);
  const all = await measure(async () => Object.values(await documentsOf(release.name)).length);
  const cell = ({ wall, cpu }: { wall: number; cpu: number }) => `${wall.toFixed(1)} / ${cpu.toFixed(1)}`;
  console.log(
    `| ${release.name} | ${release.groupVersions} | ${release.resources} | ${mib(release.fullBytes)} | ${kib(inPackage(release.name))} | ${cell(surface)} | ${cell(one)} | ${cell(all)} |`,
  );
}
