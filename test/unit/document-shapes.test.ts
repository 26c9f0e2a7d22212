import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { groupsFromAggregated } from '../../src/discovery/aggregated.ts';
import { readDiscoveryCache, writeDiscoveryCache } from '../../src/discovery/cache.ts';
import {
  apiGroupDiscoveryListSchema,
  apiResourceListSchema,
  apiVersionDiscoverySchema,
  apiVersionsSchema,
  isWellFormedVersion,
} from '../../src/discovery/documents.ts';
import { formatByteSize, parseByteSize } from '../../src/limits/bytes.ts';
import { FileTooLargeError, readTextFile } from '../../src/limits/read-file.ts';
import { openApiV3IndexSchema } from '../../src/openapi/documents.ts';
import { checkShape } from '../../src/shape/check.ts';
import { parseSnapshot } from '../../src/snapshot/snapshot.ts';
import { type Mutation, mutate, mutationsArbitrary, pathsOf } from '../support/mutate.ts';
import { readJson } from '../support/surfaces.ts';

const problem = (result: ReturnType<typeof checkShape>) => (result.ok ? 'ok' : result.problem);

describe('checkShape names the first bad field', () => {
  const rows: Array<[string, Parameters<typeof checkShape>[0], unknown, string]> = [
    ['a null resource', apiResourceListSchema, { resources: [null] }, '.resources[0]: expected object, got null'],
    [
      'a number for a name',
      apiResourceListSchema,
      { resources: [{ name: 1, kind: 'Pod' }] },
      '.resources[0].name: expected string, got number',
    ],
    ['a missing kind', apiResourceListSchema, { resources: [{ name: 'pods' }] }, '.resources[0].kind: missing (expected string)'],
    ['a list that is an array', apiResourceListSchema, [], 'expected object, got array'],
    ['a list that is null', apiResourceListSchema, null, 'expected object, got null'],
    ['null lists are empty, as Go reads them', apiResourceListSchema, { resources: null }, 'ok'],
    ['unknown fields are kept', apiVersionsSchema, { versions: ['v1'], serverAddressByClientCIDRs: 3 }, 'ok'],
    ['a record that is null', openApiV3IndexSchema, { paths: null }, '.paths: expected object, got null'],
    [
      'odd keys are quoted',
      openApiV3IndexSchema,
      { paths: { 'api/v1': { serverRelativeURL: 5 } } },
      '.paths["api/v1"].serverRelativeURL: expected string, got number',
    ],
  ];
  for (const [name, schema, value, expected] of rows) {
    it(name, () => assert.equal(problem(checkShape(schema, value)), expected));
  }
});

describe('aggregated discovery: a bad version fails alone', () => {
  it('keeps every other group-version of the real v1.31 document and names the bad one', () => {
    const document = readJson<Record<string, unknown>>('kubernetes-v1.31-dev-aggregated/discovery/aggregated_v2.json');
    const checked = checkShape(apiGroupDiscoveryListSchema, document);
    assert.ok(checked.ok);
    const items = checked.value.items as Array<{ metadata: { name: string }; versions: Array<Record<string, unknown>> }>;
    const apps = items.findIndex((item) => item.metadata.name === 'apps');
    (items[apps]?.versions[0] as Record<string, unknown>).resources = [null];
    const discovered = groupsFromAggregated(checked.value);
    const failure = discovered.failures.find((f) => f.group === 'apps');
    assert.deepEqual(failure, {
      group: 'apps',
      version: 'v1',
      reason: 'malformed',
      message: `invalid APIGroupDiscoveryList at /apis: .items[${apps}].versions[0].resources[0]: expected object, got null`,
    });
    const batch = discovered.groups.find((group) => group.name === 'batch');
    assert.ok((batch?.versions[0]?.resources.length ?? 0) > 0);
  });
});

describe('byte sizes', () => {
  const rows: Array<[string, number]> = [
    ['1048576', 1048576],
    ['512Ki', 512 * 1024],
    ['64Mi', 64 * 1024 ** 2],
    ['1Gi', 1024 ** 3],
    ['500M', 500e6],
  ];
  for (const [text, bytes] of rows) it(`${text} is ${bytes} bytes`, () => assert.equal(parseByteSize(text, '--x'), bytes));
  it('refuses nonsense with a usage error', () => {
    assert.throws(() => parseByteSize('0', '--max-file-bytes'), /invalid --max-file-bytes "0": use a positive size/);
    assert.throws(() => parseByteSize('-5Mi', '--max-file-bytes'), /invalid --max-file-bytes/);
  });
  it('formats limits back', () => assert.deepEqual([formatByteSize(256 * 1024 ** 2), formatByteSize(1000)], ['256Mi', '1000']));
});

describe('bounded file reads', () => {
  it('stops /dev/zero at the limit instead of growing forever', () => {
    const started = performance.now();
    assert.throws(() => readTextFile('/dev/zero', 4 * 1024 * 1024), FileTooLargeError);
    assert.ok(performance.now() - started < 2000);
  });
  it('refuses a regular file over the limit before reading it, and reads one at the limit', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kapi-read-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'f.json');
    writeFileSync(file, 'x'.repeat(100));
    assert.throws(() => readTextFile(file, 99), /larger than 99 \(--max-file-bytes\)/);
    assert.equal(readTextFile(file, 100).length, 100);
  });
});

describe('discovery cache files', () => {
  it('a cache file holding {} (or any wrong shape) is a miss, not a failure', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kapi-cache-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    for (const text of ['{}', '[]', 'null', '{"groups":[null]}', 'not json']) {
      writeFileSync(join(dir, 'surface.json'), text);
      assert.equal(readDiscoveryCache(join(dir, 'surface.json'), 'https://example.test:6443'), undefined, text);
    }
  });
  it('the bundled snapshot surface reads back from the cache', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kapi-cache-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const surface = JSON.parse(readFileSync(new URL('../../snapshots/v1.36.3.json', import.meta.url), 'utf8')).surface;
    writeDiscoveryCache(join(dir, 'surface.json'), 'https://example.test:6443', surface);
    assert.deepEqual(readDiscoveryCache(join(dir, 'surface.json'), 'https://example.test:6443')?.surface, surface);
    writeFileSync(join(dir, 'surface.json'), '{"kapiVersion":"x"}');
    assert.equal(readDiscoveryCache(join(dir, 'surface.json'), 'https://example.test:6443'), undefined);
  });
});

describe('snapshots', () => {
  it('a snapshot whose surface is {} is exit 4 naming the first missing field', async () => {
    await assert.rejects(
      parseSnapshot(JSON.stringify({ apiVersion: 'kapi.dev/v1', kind: 'ApiSurfaceSnapshot', surface: {} }), 's.json'),
      (error: Error & { exitCode?: number }) =>
        error.exitCode === 4 &&
        error.message === 'failed to read snapshot s.json: invalid snapshot: .surface.source: missing (expected object)',
    );
  });
  it('reads YAML as kapi snapshot -o yaml writes it', async () => {
    const { toYaml } = await import('../../src/render/formats.ts');
    const document = JSON.parse(readFileSync(new URL('../../snapshots/v1.21.0-k0s.json', import.meta.url), 'utf8'));
    assert.deepEqual(await parseSnapshot(toYaml(document), 's.yaml'), document);
  });
});

describe('no spread of unbounded arrays into calls', () => {
  it('src has no push(...x), unshift(...x), Math.max(...x) or Math.min(...x)', () => {
    const root = new URL('../../src/', import.meta.url).pathname;
    const offenders: string[] = [];
    for (const name of readdirSync(root, { recursive: true }) as string[]) {
      const file = join(root, name);
      if (!name.endsWith('.ts') || !statSync(file).isFile()) continue;
      for (const [index, line] of readFileSync(file, 'utf8').split('\n').entries()) {
        if (/\.(push|unshift)\(\s*\.\.\.|Math\.(max|min)\(\s*\.\.\./.test(line)) offenders.push(`${name}:${index + 1}`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});

describe('isWellFormedVersion: zod is skipped only where zod would accept the version as it is', () => {
  const documents = [
    'kube-v1.36.3/aggregated/apis.json',
    'kube-v1.36.3/aggregated/api.json',
    'kubernetes-v1.31-dev-aggregated/discovery/aggregated_v2.json',
  ];
  const versionsOf = (file: string) =>
    (readJson<{ items: Array<{ versions: unknown[] }> }>(file).items ?? []).flatMap((item) => item.versions ?? []);

  it('takes every version of the real documents (the fast path is the usual one)', () => {
    for (const file of documents) {
      const versions = versionsOf(file);
      assert.ok(versions.length > 0, file);
      for (const version of versions) assert.ok(isWellFormedVersion(version), `${file}: ${JSON.stringify(version).slice(0, 80)}`);
    }
  });

  it('on 2,000 mutations of real versions: true implies the schema accepts it, with the same value', () => {
    const versions = documents.flatMap(versionsOf);
    let fast = 0;
    fc.assert(
      fc.property(fc.nat(versions.length - 1), mutationsArbitrary, (index, mutations: Mutation[]) => {
        const original = versions[index];
        const mutated = mutate(original, pathsOf(original), mutations);
        if (!isWellFormedVersion(mutated)) return;
        fast++;
        const parsed = apiVersionDiscoverySchema.safeParse(mutated);
        assert.ok(parsed.success, JSON.stringify(mutated).slice(0, 200));
        // The one difference allowed: an own "__proto__" key (JSON.parse makes one), which zod's
        // copy assigns as a prototype instead; the conversion reads neither.
        const withoutProto = (value: unknown) =>
          JSON.parse(JSON.stringify(value, (key, inner) => (key === '__proto__' ? undefined : inner)));
        assert.deepEqual(withoutProto(parsed.data), withoutProto(mutated));
      }),
      { seed: 20261124, numRuns: 2000 },
    );
    assert.ok(fast > 100, `only ${fast} mutated versions took the fast path`);
  });

  const rejected: Array<[string, unknown]> = [
    ['null', null],
    ['an array', []],
    ['no version', { resources: [] }],
    ['a null resource', { version: 'v1', resources: [null] }],
    ['a resource without a name', { version: 'v1', resources: [{ verbs: [] }] }],
    ['a verb that is a number', { version: 'v1', resources: [{ resource: 'pods', verbs: [1] }] }],
    ['a responseKind that is a string', { version: 'v1', resources: [{ resource: 'pods', responseKind: 'Pod' }] }],
    ['a subresource without a name', { version: 'v1', resources: [{ resource: 'pods', subresources: [{}] }] }],
    [
      'acceptedTypes of strings',
      { version: 'v1', resources: [{ resource: 'pods', subresources: [{ subresource: 's', acceptedTypes: ['x'] }] }] },
    ],
  ];
  for (const [name, value] of rejected) {
    it(`${name}: left to the schema, which rejects it`, () => {
      assert.equal(isWellFormedVersion(value), false);
      assert.equal(apiVersionDiscoverySchema.safeParse(value).success, false);
    });
  }
});
