// Regenerates kapi's lifecycle data, src/releases/data/lifecycle.json and its SOURCE.md, from k8s.io/api.
// A maintainer script, not run by CI: it needs the Go module proxy and about 3 to 5 minutes of Go build per release.
//
//   node --import tsx scripts/lifecycle-data.ts [v0.NN.P ...]
//
// With no arguments it asks `go list -m -versions k8s.io/api` for every release and takes the latest
// patch of each minor from v0.20 to the newest. For each one it runs the generator,
// tools/release-data/lifecycle (`nice -n 10 go run . -api <version>`, one release at a time: each compiles all of
// k8s.io/api), keeping each answer in $TMPDIR/kapi-lifecycle-rows/<version>.json so an interrupted run resumes
// where it stopped (delete that folder to start over). Then it merges the answers:
// - a kind is keyed by group, version and kind; a kind any release lists is kept, so a version that a later
//   k8s.io/api deleted is still known from the earlier ones;
// - each of its lifecycle fields (introduced, deprecated, removed, replacement) is the answer of the newest release
//   that gives one: later answers win, since tags are corrected over time (e.g. a removal postponed), and a release
//   without the tag (GA kinds before their packages carried lifecycle tags) does not erase an answer;
// - a replacement tag that names a list kind for a kind that is not one (networking.k8s.io/v1beta1 IngressClass names
//   networking.k8s.io/v1 IngressClassList) is read as the kind that list holds, when the data has that kind;
// - a kind with a removal whose tags name no replacement (events.k8s.io/v1beta1 Event, the flowcontrol betas) gets
//   the same kind in another GA or beta version of its group that is served at the removal release (introduced at or
//   before it, not removed by it), preferring GA, then a version never removed, then the one removed last; such a row has
//   replacementInferred: true;
// - inModules records the first and last k8s.io/api version that lists it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const generator = 'tools/release-data/lifecycle';
const firstMinor = 20;
const dataFile = 'src/releases/data/lifecycle.json';
const sourceFile = 'src/releases/data/SOURCE.md';

interface Gvk {
  group: string;
  version: string;
  kind: string;
}
interface Row extends Gvk {
  introduced: string | null;
  deprecated: string | null;
  removed: string | null;
  replacement: Gvk | null;
}
interface Merged extends Row {
  replacementInferred?: true;
  inModules: [string, string];
}

const versions = process.argv.length > 2 ? process.argv.slice(2) : latestPatches();
const cache = join(tmpdir(), 'kapi-lifecycle-rows');
mkdirSync(cache, { recursive: true });

const merged = new Map<string, Merged>();
const modules: string[] = [];
for (const version of versions) {
  const { module, rows } = rowsOf(version);
  modules.push(module);
  for (const row of rows) {
    const key = `${row.group}/${row.version}/${row.kind}`;
    const earlier = merged.get(key);
    merged.set(key, {
      group: row.group,
      version: row.version,
      kind: row.kind,
      introduced: row.introduced ?? earlier?.introduced ?? null,
      deprecated: row.deprecated ?? earlier?.deprecated ?? null,
      removed: row.removed ?? earlier?.removed ?? null,
      replacement: row.replacement ?? earlier?.replacement ?? null,
      inModules: [earlier?.inModules[0] ?? version, version],
    });
  }
  process.stderr.write(`${version}: ${rows.length} kinds\n`);
}

const corrected: Merged[] = [];
for (const row of merged.values()) {
  const named = row.replacement;
  if (!named || row.kind.endsWith('List') || !named.kind.endsWith('List')) continue;
  const listed = { ...named, kind: named.kind.slice(0, -'List'.length) };
  if (!merged.has(`${listed.group}/${listed.version}/${listed.kind}`)) continue;
  row.replacement = listed;
  corrected.push(row);
}
for (const row of merged.values()) {
  if (row.removed === null || row.replacement !== null) continue;
  const replacement = inferredReplacement(row, [...merged.values()]);
  if (replacement) Object.assign(row, { replacement, replacementInferred: true });
}

const kinds = [...merged.values()].sort((a, b) => compare(a.group, b.group) || compare(a.version, b.version) || compare(a.kind, b.kind));
const newest = versions.at(-1) ?? '';
const document = {
  source: {
    generator,
    command: `node --import tsx scripts/lifecycle-data.ts${process.argv.length > 2 ? ` ${versions.join(' ')}` : ''}`,
    modules,
    newestRelease: releaseOf(newest),
    note: 'See SOURCE.md beside this file.',
  },
  kinds,
};
// One kind per line: small, and a regeneration's diff reads kind by kind.
const lines = kinds.map(({ group, version, kind, introduced, deprecated, removed, replacement, replacementInferred, inModules }) => {
  const ordered = { group, version, kind, introduced, deprecated, removed, replacement, replacementInferred, inModules };
  return `    ${JSON.stringify(ordered)}`;
});
const sourceJson = JSON.stringify(document.source, null, 2).replaceAll('\n', '\n  ');
writeFileSync(dataFile, `{\n  "source": ${sourceJson},\n  "kinds": [\n${lines.join(',\n')}\n  ]\n}\n`);
writeFileSync(sourceFile, sourceNote());
process.stderr.write(`wrote ${dataFile} (${kinds.length} kinds) and ${sourceFile}\n`);

function latestPatches(): string[] {
  const listed = execFileSync('go', ['list', '-m', '-versions', 'k8s.io/api'], {
    cwd: generator,
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  const latest = new Map<number, [number, string]>();
  for (const version of listed.trim().split(/\s+/).slice(1)) {
    const match = /^v0\.(\d+)\.(\d+)$/.exec(version);
    if (!match) continue;
    const minor = Number(match[1]);
    const patch = Number(match[2]);
    if (minor >= firstMinor && (latest.get(minor)?.[0] ?? -1) < patch) latest.set(minor, [patch, version]);
  }
  return [...latest.entries()].sort((a, b) => a[0] - b[0]).map(([, [, version]]) => version);
}

function rowsOf(version: string): { module: string; rows: Row[] } {
  const file = join(cache, `${version}.json`);
  if (!existsSync(file)) {
    process.stderr.write(`${version}: building the generator (go run . -api ${version})\n`);
    const output = execFileSync('nice', ['-n', '10', 'go', 'run', '.', '-api', version], {
      cwd: generator,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    writeFileSync(`${file}.part`, output);
    renameSync(`${file}.part`, file);
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { module: string; rows: Row[] };
  if (!parsed.module.startsWith(`k8s.io/api ${version},`)) throw new Error(`${file} holds ${parsed.module}, not k8s.io/api ${version}`);
  return parsed;
}

/** The same kind in another version of its group, served at the row's removal release; see the header. */
function inferredReplacement(row: Merged, all: Merged[]): Gvk | undefined {
  const removal = minorOf(row.removed ?? '');
  const candidates = all.filter(
    (other) =>
      other.group === row.group &&
      other.kind === row.kind &&
      other.version !== row.version &&
      !other.version.includes('alpha') &&
      (other.introduced === null || minorOf(other.introduced) <= removal) &&
      (other.removed === null || minorOf(other.removed) > removal),
  );
  const lasting = (other: Merged) => (other.removed === null ? Number.POSITIVE_INFINITY : minorOf(other.removed));
  const ga = (other: Merged) => (/^v\d+$/.test(other.version) ? 1 : 0);
  const best = candidates.sort((a, b) => ga(b) - ga(a) || lasting(b) - lasting(a) || compare(a.version, b.version))[0];
  return best ? { group: best.group, version: best.version, kind: best.kind } : undefined;
}

function minorOf(release: string): number {
  return Number(release.split('.')[1]);
}

/** The minors from the first to the newest read that were not read, as "v0.33". */
function missingMinors(): string[] {
  const read = new Set(versions.map((version) => minorOf(releaseOf(version))));
  const newestMinor = minorOf(releaseOf(newest));
  const missing: string[] = [];
  for (let minor = firstMinor; minor <= newestMinor; minor++) if (!read.has(minor)) missing.push(`v0.${minor}`);
  return missing;
}

/** v0.32.13 -> 1.32 */
function releaseOf(version: string): string {
  return version.replace(/^v0\.(\d+)\..*$/, '1.$1');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sourceNote(): string {
  const gone = kinds.filter((kind) => kind.inModules[1] !== newest);
  const untaggedGone = gone.filter((kind) => kind.removed === null);
  const groupVersions = (list: Merged[]) => [...new Set(list.map((kind) => `${kind.group || 'core'}/${kind.version}`))].join(', ');
  const before = kinds.filter((kind) => kind.removed !== null && minorOf(kind.removed) < firstMinor);
  const inferred = kinds.filter((kind) => kind.replacementInferred);
  return `# Where lifecycle.json comes from

Generated, never edited by hand: \`${document.source.command}\` (see the script's header; about 3 to 5 minutes of
Go build per release). For each release, ${generator} (its own go.mod) makes a throwaway Go module that requires
k8s.io/api, k8s.io/apiextensions-apiserver (CustomResourceDefinition) and k8s.io/kube-aggregator (APIService) at that
version, imports every group-version package of theirs that has a register.go, registers them all into one
runtime.Scheme and reads every kind's generated prerelease-lifecycle methods (APILifecycleIntroduced, Deprecated,
Removed, Replacement, from the +k8s:prerelease-lifecycle-gen tags). The rule for which kinds are kept (no list kinds,
no *Options, only types declared in those packages) is in ${generator}/walk/walk.go.

Releases read, oldest first (the latest patch of each minor that \`go list -m -versions k8s.io/api\` lists through
this machine's module proxy, which lacks some later patches: for 1.20 it stops at v0.20.6). k8s.io/apiextensions-apiserver
and k8s.io/kube-aggregator are read at the same version, or at the highest patch of that minor the proxy lists:
${modules.map((module) => `- ${module}`).join('\n')}

Merge: a kind any of these lists is kept (a version deleted from a later k8s.io/api is still known from the earlier
ones); each lifecycle field is the answer of the newest module that gives one (later answers win; a module without
the tag erases nothing); \`inModules\` is the first and last module that lists it. ${kinds.length} kinds.

Replacement tags that name a list kind for a kind that is not one are read as the kind the list holds (${
    corrected.map((kind) => `${kind.group || 'core'}/${kind.version} ${kind.kind}`).join(', ') || 'none'
  }).

Replacements the tags do not name: a removed kind whose tags name no replacement gets the same kind in another GA
or beta version of its group that is served at the removal release (introduced at or before it, not removed by it),
preferring GA, then a version never removed, then the one removed last
(\`replacementInferred: true\`; ${inferred.length} kinds: ${inferred.map((kind) => `${kind.group || 'core'}/${kind.version} ${kind.kind}`).join(', ') || 'none'}).

${missingMinors().length > 0 ? `Minors not read in this generation: ${missingMinors().join(', ')} (their builds did not finish in the session that made this file; run the script again with no arguments to add them: it resumes). Kinds declared only by those releases are missing, and a tag changed there is known only from the next release read.\n\n` : ''}How far back it is complete: every kind that k8s.io/api ${versions[0]} (Kubernetes ${releaseOf(versions[0] ?? '')}) or later declares.
Removals before ${releaseOf(versions[0] ?? '')} are known only where the removed version's package was still in k8s.io/api
${versions[0]} with its lifecycle tags: ${groupVersions(before)} (removed ${[...new Set(before.map((kind) => kind.removed))].join(', ')}).
Group-versions deleted from k8s.io/api before ${versions[0]} are not in the data.

Kinds a later module no longer declares: ${gone.length}${
    untaggedGone.length > 0
      ? `; ${untaggedGone.length} of them carry no removal tag (the data records no removal for them; the last module that declares them is in inModules): ${untaggedGone.map((kind) => `${kind.group || 'core'}/${kind.version} ${kind.kind}`).join(', ')}`
      : ''
  }.
`;
}
