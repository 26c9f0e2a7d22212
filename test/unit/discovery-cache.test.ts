// The discovery cache: a wrapper with discovery's interface, its TTL, and the
// hits it reports. The delegate is a fake that counts calls.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isFresh, readDiscoveryCache, writeDiscoveryCache } from '../../src/discovery/cache.ts';
import { type CacheHit, cachedDiscovery } from '../../src/discovery/cached.ts';
import type { Discovery, SurfaceNeeds } from '../../src/discovery/discovery.ts';
import type { ApiSurface } from '../../src/surface/model.ts';
import { captureSurface } from '../support/surfaces.ts';

const dir = mkdtempSync(join(tmpdir(), 'kapi-cache-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sixHours = 6 * 60 * 60 * 1000;

function counting(surface: ApiSurface): Discovery & { calls: SurfaceNeeds[] } {
  const calls: SurfaceNeeds[] = [];
  return {
    calls,
    surface: async (needs) => {
      calls.push(needs);
      return surface;
    },
  };
}

const server = 'https://127.0.0.1:6443';
const readCachedSurface = (file: string, now?: number) => (isFresh(file, now) ? readDiscoveryCache(file, server)?.surface : undefined);
const writeCachedSurface = (file: string, surface: ApiSurface) => writeDiscoveryCache(file, server, surface);

describe('the cache file: TTL for --cached', () => {
  const file = join(dir, 'ttl', 'surface.json');
  writeCachedSurface(file, captureSurface('k0s-v1.21.0'));
  const written = Math.floor(Date.now() / 1000) * 1000;
  utimesSync(file, written / 1000, written / 1000);
  const cases: Array<[string, number, boolean]> = [
    ['just written', written, true],
    ['five hours old', written + 5 * 60 * 60 * 1000, true],
    ['exactly six hours old', written + sixHours, true],
    ['older than six hours', written + sixHours + 1000, false],
  ];
  for (const [what, now, fresh] of cases) it(what, () => assert.equal(readCachedSurface(file, now) !== undefined, fresh));
  it('a missing or unreadable file is no cache', () => {
    assert.equal(readCachedSurface(join(dir, 'missing.json')), undefined);
    writeFileSync(join(dir, 'broken.json'), '{');
    assert.equal(readCachedSurface(join(dir, 'broken.json')), undefined);
  });
});

describe('cachedDiscovery', () => {
  const live = captureSurface('kube-v1.36.3');

  it('without --cached, asks the delegate and refreshes the cache', async () => {
    const file = join(dir, 'refresh', 'surface.json');
    const delegate = counting(live);
    const surface = await cachedDiscovery(delegate, { file, server }).surface({ servedBy: true });
    assert.equal(delegate.calls.length, 1);
    assert.equal(surface, live);
    assert.deepEqual(readCachedSurface(file), JSON.parse(JSON.stringify(live)));
  });

  it('with --cached and a fresh, complete cache: no delegate call, one hit reported, the source marked', async () => {
    const file = join(dir, 'hit', 'surface.json');
    writeCachedSurface(file, live);
    const delegate = counting(live);
    const hits: CacheHit[] = [];
    const surface = await cachedDiscovery(delegate, { file, server, onHit: (hit) => hits.push(hit) }).surface({
      cached: true,
      servedBy: true,
    });
    assert.equal(delegate.calls.length, 0);
    assert.equal(hits.length, 1);
    assert.equal(hits[0]?.file, file);
    assert.ok((hits[0]?.bytes ?? 0) > 1000);
    assert.equal(surface.source.fromCache, true);
    assert.deepEqual({ ...surface, source: live.source }, JSON.parse(JSON.stringify(live)));
  });

  it('with --cached, a cache too old, or without the APIServices a command needs, asks the delegate', async () => {
    const file = join(dir, 'stale', 'surface.json');
    const withoutServedBy = captureSurface('k0s-v1.21.0');
    writeCachedSurface(file, withoutServedBy);
    const delegate = counting(live);
    const discovery = cachedDiscovery(delegate, { file, server, now: () => Date.now() + sixHours + 60_000 });
    await discovery.surface({ cached: true });
    const fresh = cachedDiscovery(delegate, { file: join(dir, 'incomplete.json'), server });
    writeCachedSurface(join(dir, 'incomplete.json'), withoutServedBy);
    await fresh.surface({ cached: true, servedBy: true });
    assert.deepEqual(
      delegate.calls.map(({ cached, servedBy }) => ({ cached, servedBy })),
      [
        { cached: true, servedBy: undefined },
        { cached: true, servedBy: true },
      ],
    );
  });

  it('an entry written by api-versions (versions only) answers api-versions --cached, never a command that needs resources', async () => {
    const file = join(dir, 'versions-only', 'surface.json');
    const versionsOnly: ApiSurface = {
      ...live,
      groups: live.groups.map((g) => ({ ...g, versions: g.versions.map((v) => ({ ...v, resources: [] })) })),
    };
    const delegate = counting(versionsOnly);
    const discovery = cachedDiscovery(delegate, { file, server });
    await discovery.surface({ versionsOnly: true });
    assert.equal(readDiscoveryCache(file, server)?.versionsOnly, true);
    await discovery.surface({ cached: true, versionsOnly: true });
    assert.equal(delegate.calls.length, 1, 'api-versions --cached is answered by the entry');
    await discovery.surface({ cached: true });
    assert.equal(delegate.calls.length, 2, 'api-resources --cached asks the server');
    assert.equal(readDiscoveryCache(file, server)?.versionsOnly, undefined, 'and keeps the full surface');
  });

  it('without --cached only the roots are read: a cached surface of the wrong shape still revalidates them', async () => {
    const file = join(dir, 'roots-only', 'surface.json');
    const document = { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', items: [] };
    writeDiscoveryCache(file, server, live, { '/apis': { etag: '"e1"', document } });
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...entry, surface: {} }));
    const delegate = counting(live);
    await cachedDiscovery(delegate, { file, server }).surface({});
    assert.deepEqual(delegate.calls[0]?.revalidate?.previous, { '/apis': { etag: '"e1"', document } });
    assert.equal(readDiscoveryCache(file, server)?.surface.groups.length, live.groups.length, 'the entry was rewritten whole');
  });
});
