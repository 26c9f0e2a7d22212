// The session: snapshot or live through the cache, tracing it owns (cache hits
// included), extra sessions it traces and closes, and the cached-then-fresh query.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { GlobalFlagValues } from '../../src/cli/flags.ts';
import { Session } from '../../src/cli/session.ts';
import type { TraceRequestRecord } from '../../src/cluster/trace-json.ts';
import { discoveryCacheFile, writeDiscoveryCache } from '../../src/discovery/cache.ts';
import { NotFoundError } from '../../src/errors.ts';
import { resolveResource } from '../../src/surface/resolve.ts';
import { loadFolderCapture, type ReplayServer, startReplayServer } from '../support/replay-server.ts';
import { captureSurface, dataDir } from '../support/surfaces.ts';

const cache = mkdtempSync(join(tmpdir(), 'kapi-session-test-'));
process.env.XDG_CACHE_HOME = cache;
after(() => rmSync(cache, { recursive: true, force: true }));

function flags(overrides: Partial<GlobalFlagValues> = {}): GlobalFlagValues {
  const none = { context: undefined, cluster: undefined, user: undefined, namespace: undefined, server: undefined, token: undefined };
  return {
    ...none,
    kubeconfig: '/dev/null',
    'certificate-authority': undefined,
    'insecure-skip-tls-verify': false,
    'client-certificate': undefined,
    'client-key': undefined,
    'tls-server-name': undefined,
    username: undefined,
    password: undefined,
    as: undefined,
    'as-group': undefined,
    'as-uid': undefined,
    'disable-compression': false,
    'request-timeout': '32s',
    'max-response-bytes': '256Mi',
    'max-file-bytes': '256Mi',
    discovery: 'auto',
    snapshot: undefined,
    v: 0,
    trace: undefined,
    ...overrides,
  };
}

/** Opens a session tracing as JSON into an array of records (the summary last). */
function traced(overrides: Partial<GlobalFlagValues>) {
  const lines: string[] = [];
  const session = Session.open(flags({ trace: 'json', ...overrides }), (text) => lines.push(...text.trimEnd().split('\n')));
  const records = () => lines.map((line) => JSON.parse(line) as TraceRequestRecord & { summary?: { requests: number } });
  return { session, records };
}

describe('a snapshot session', () => {
  it('answers from the snapshot, offline, with its schemas', async () => {
    const file = new URL('../../snapshots/v1.36.3.json', import.meta.url).pathname;
    const session = Session.open(flags({ snapshot: file }), () => assert.fail('nothing to trace'));
    assert.equal(session.isOffline, true);
    const surface = await session.surface({ servedBy: true });
    assert.equal(surface.source.kind, 'snapshot');
    assert.equal(surface.source.path, file);
    assert.equal(await session.namespace(), 'default');
    assert.ok(await (await session.schemaSource()).v3Index());
    await session.close();
  });
});

describe('a live session', () => {
  let server: ReplayServer;
  before(async () => {
    server = await startReplayServer(loadFolderCapture(join(dataDir, 'k0s-v1.21.0-capture')));
  });
  after(() => server.close());

  it('traces every request, then a cache hit as one record with fromCache true', async () => {
    const first = traced({ server: server.url });
    await first.session.surface({});
    await first.session.close();
    const live = first.records();
    assert.equal(live.at(-1)?.summary?.requests, live.length - 1);
    assert.ok(live.slice(0, -1).every((record) => record.fromCache === false && record.url.startsWith(server.url)));

    server.requests.length = 0;
    const second = traced({ server: server.url });
    const surface = await second.session.surface({ cached: true });
    await second.session.close();
    assert.deepEqual(server.requests, []);
    assert.equal(surface.source.fromCache, true);
    const [hit, summary] = second.records();
    assert.equal(hit?.fromCache, true);
    assert.equal(hit?.source, 'cache');
    assert.equal(hit?.purpose, 'discovery');
    assert.match(hit?.url ?? '', /^file:\/\/.*\/kapi\/discovery\/.*\/surface\.json$/);
    assert.equal(summary?.summary?.requests, 1);
  });

  it('an extra session is traced with the same numbering, and closed with the first', async () => {
    const { session, records } = traced({ server: server.url });
    const extra = session.openExtra(flags({ server: server.url, trace: 'json' }));
    await Promise.all([session.surface({}), extra.surface({})]);
    await session.close();
    const all = records();
    const ids = all.slice(0, -1).map((record) => record.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(all.filter((record) => record.summary).length, 1);
    assert.equal(all.at(-1)?.summary?.requests, ids.length);
  });

  it('query: a name the cached surface lacks is looked up once more in a fresh one', async () => {
    const stale = captureSurface('k0s-v1.21.0');
    stale.groups = stale.groups.filter((group) => group.name !== 'apps');
    writeDiscoveryCache(discoveryCacheFile({ server: server.url, headers: {}, tls: {} }), server.url, stale);
    const session = Session.open(flags({ server: server.url }), () => {});
    const found = await session.query({ cached: true }, (surface) => resolveResource(surface, 'deployments'));
    assert.equal(found.resource.group, 'apps');
    let seen: string[] = [];
    await assert.rejects(
      session.query(
        { cached: true },
        (surface) => resolveResource(surface, 'nosuchthings'),
        (surface) => (seen = surface.groups.map((group) => group.name)),
      ),
      NotFoundError,
    );
    assert.ok(seen.includes('apps'), 'notFound sees the fresh surface');
    await session.close();
  });
});
