// The pure documents -> surface step: which protocol wins, how a mixed answer
// merges, failures in byte order, and served-by from the registrations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DiscoveryDocuments, isLegacy, surfaceFromDocuments } from '../../src/discovery/assemble.ts';
import type { ApiSurface } from '../../src/surface/model.ts';
import { captureDocuments } from '../support/surfaces.ts';

const source = { kind: 'snapshot' as const };
const aggregated = captureDocuments('kube-v1.36.3');
const legacy = captureDocuments('kube-v1.36.3', { discovery: 'legacy' });
const names = (surface: ApiSurface) => surface.groups.map((group) => group.name);

describe('which protocol', () => {
  const cases: Array<[string, Pick<DiscoveryDocuments, 'core' | 'named'>, boolean]> = [
    ['both roots aggregated', aggregated, false],
    ['/apis aggregated and no /api', { named: aggregated.named }, false],
    ['both legacy', legacy, true],
    ['aggregated /api, legacy /apis', { core: aggregated.core, named: legacy.named }, true],
    ['legacy /api, aggregated /apis', { core: legacy.core, named: aggregated.named }, true],
    ['no roots', {}, true],
  ];
  for (const [what, roots, expected] of cases) it(what, () => assert.equal(isLegacy(roots), expected));
});

describe('mixed discovery merges as client-go does', () => {
  const all = surfaceFromDocuments(aggregated, source);
  const legacyOnly = surfaceFromDocuments(legacy, source);

  it('aggregated /api with legacy /apis: core from the aggregated list first, then the legacy groups', () => {
    const resourceLists = new Map([...legacy.resourceLists].filter(([groupVersion]) => groupVersion !== 'v1'));
    const mixed = surfaceFromDocuments({ ...legacy, core: aggregated.core, resourceLists }, source);
    assert.equal(mixed.discovery, 'mixed');
    assert.deepEqual(names(mixed), names(legacyOnly));
    assert.deepEqual(mixed.groups[0], all.groups[0]);
    assert.deepEqual(mixed.groups.slice(1), legacyOnly.groups.slice(1));
    // The legacy 503 of broken.example.com/v1 is reported; the aggregated core has no failure.
    assert.deepEqual(
      mixed.failures.map((f) => [f.group, f.version, f.reason, f.status]),
      [['broken.example.com', 'v1', 'http', 503]],
    );
  });

  it('legacy /api with aggregated /apis: the legacy core, then the aggregated groups with their stale failure', () => {
    // What the download step reads for this answer: /api's versions one by one, nothing more for /apis.
    const coreList = legacy.resourceLists.get('v1');
    assert.ok(coreList);
    const mixed = surfaceFromDocuments({ ...aggregated, core: legacy.core, resourceLists: new Map([['v1', coreList]]) }, source);
    assert.equal(mixed.discovery, 'mixed');
    assert.deepEqual(names(mixed), names(all));
    assert.deepEqual(mixed.groups[0], legacyOnly.groups[0]);
    assert.deepEqual(mixed.groups.slice(1), all.groups.slice(1));
    assert.deepEqual(
      mixed.failures.map((f) => [f.group, f.version, f.reason]),
      [['broken.example.com', 'v1', 'stale']],
    );
  });
});

describe('surfaceFromDocuments', () => {
  it('sorts failures by group, then version, in byte order (never the locale)', () => {
    const failure = (group: string, version: string) => ({ group, version, reason: 'network' as const, message: 'x' });
    const surface = surfaceFromDocuments(
      {
        ...legacy,
        failures: [failure('b.io', 'v1'), failure('a-b.io', 'v1'), failure('a.io', 'v2'), failure('B.io', 'v1'), failure('a.io', 'v10')],
      },
      source,
    );
    assert.deepEqual(
      surface.failures.map((f) => `${f.group}/${f.version}`),
      ['B.io/v1', 'a-b.io/v1', 'a.io/v10', 'a.io/v2', 'b.io/v1'],
    );
  });

  it('labels served-by only when registrations were read; keeps the notice when they could not be', () => {
    const labelled = surfaceFromDocuments(aggregated, source);
    const wardle = labelled.groups.find((group) => group.name === 'wardle.example.com')?.versions[0]?.servedBy;
    assert.equal(wardle?.type, 'aggregated');
    const unread = surfaceFromDocuments({ ...aggregated, registrations: undefined }, source);
    assert.ok(unread.groups.every((group) => group.versions.every((version) => version.servedBy.type === 'unknown')));
    assert.equal(unread.apiServices, undefined);
    const denied = surfaceFromDocuments({ ...aggregated, registrations: { notice: 'served-by is unknown: denied' } }, source);
    assert.equal(denied.servedByNotice, 'served-by is unknown: denied');
    assert.ok(denied.groups.every((group) => group.versions.every((version) => version.servedBy.type === 'unknown')));
  });

  it('keeps /version fields and the source as given', () => {
    const surface = surfaceFromDocuments(aggregated, { kind: 'live', server: 'https://x' });
    assert.deepEqual(surface.serverVersion, { major: '1', minor: '36', gitVersion: 'v1.36.3', platform: 'linux/amd64' });
    assert.deepEqual(surface.source, { kind: 'live', server: 'https://x' });
    assert.deepEqual(Object.keys(surface), [
      'source',
      'serverVersion',
      'discovery',
      'groups',
      'failures',
      'apiServices',
      'crds',
      'servedByNotice',
    ]);
  });
});

describe('surfaceFromDocuments without resources (api-versions)', () => {
  it('the same groups, versions, preferred versions and failures, with no resources', () => {
    const full = surfaceFromDocuments(aggregated, source);
    const versionsOnly = surfaceFromDocuments(aggregated, source, { resources: false });
    assert.deepEqual(
      versionsOnly.groups,
      full.groups.map((group) => ({ ...group, versions: group.versions.map((version) => ({ ...version, resources: [] })) })),
    );
    assert.deepEqual(versionsOnly.failures, full.failures);
    assert.ok(full.groups.some((group) => group.versions.some((version) => version.resources.length > 0)));
  });
});
