import { pathToFileURL } from 'node:url';
import { type Connection, resolveConnection } from '../cluster/connection.js';
import type { HttpExchange } from '../cluster/exchange.js';
import { parseGoDuration } from '../cluster/go-duration.js';
import { createTracer, type Tracer } from '../cluster/trace.js';
import type { Transport } from '../cluster/transport.js';
import { serverVersion } from '../discovery/assemble.js';
import { discoveryCacheFile } from '../discovery/cache.js';
import { type CacheHit, cachedDiscovery } from '../discovery/cached.js';
import type { Discovery, SurfaceNeeds } from '../discovery/discovery.js';
import { readServerVersion } from '../discovery/download.js';
import { liveDiscovery } from '../discovery/live.js';
import { NotFoundError, UsageError } from '../errors.js';
import { parseByteSize } from '../limits/bytes.js';
import { liveSchemaSource, openapiCacheDir, type SchemaSource, snapshotSchemaSource } from '../openapi/load.js';
import { snapshotDiscovery } from '../snapshot/discovery.js';
import { readSnapshot, type SnapshotFile } from '../snapshot/snapshot.js';
import type { ApiSurface, ServerVersion } from '../surface/model.js';
import type { GlobalFlagValues } from './flags.js';
import { discoveryProgress } from './progress.js';

export type { SurfaceNeeds } from '../discovery/discovery.js';

/** What a session and the extra sessions it opens share: one tracer, one numbering of requests. */
interface Shared {
  tracer?: Tracer;
  nextId: number;
}

/**
 * Where a command's answers come from: a live cluster (through the discovery
 * cache) or a snapshot. Commands ask for the surface (and, for explain, the
 * transport or snapshot schemas); they never know which one they got. The
 * session owns request tracing and every extra session a command opens, and
 * closes them all.
 */
export class Session {
  private connection?: Promise<Connection>;
  private transportInstance?: Promise<Transport>;
  private snapshotDocument?: Promise<SnapshotFile>;
  private discoveryInstance?: Promise<Discovery>;
  private readonly extra: Session[] = [];

  /** A session tracing to `writeTrace` when the flags ask for it (-v 6 and above, or --trace=json). */
  static open(flags: GlobalFlagValues, writeTrace: (text: string) => void): Session {
    const traced = flags.v >= 6 || flags.trace === 'json';
    const tracer = traced ? createTracer({ level: flags.v, json: flags.trace === 'json', write: writeTrace }) : undefined;
    return new Session(flags, { tracer, nextId: 1 });
  }

  /** An untraced session; Session.open traces when the flags ask for it. */
  constructor(
    readonly flags: GlobalFlagValues,
    private readonly shared: Shared = { nextId: 1 },
  ) {}

  /** Another session with other flags (diff's second side), traced and closed with this one. */
  openExtra(flags: GlobalFlagValues): Session {
    const session = new Session(flags, this.shared);
    this.extra.push(session);
    return session;
  }

  get isOffline(): boolean {
    return this.flags.snapshot !== undefined;
  }

  async snapshot(): Promise<SnapshotFile | undefined> {
    if (!this.flags.snapshot) return undefined;
    this.snapshotDocument ??= readSnapshot(this.flags.snapshot, { maxFileBytes: this.maxFileBytes() });
    return this.snapshotDocument;
  }

  async surface(needs: SurfaceNeeds = {}): Promise<ApiSurface> {
    return (await this.discovery()).surface(needs);
  }

  /**
   * Runs a query on the surface; when the surface came from the cache and the
   * query finds nothing, runs it once more on a fresh one (a CRD created since),
   * as kubectl does with its cached discovery. `notFound` sees the last surface
   * when the query finds nothing in it either.
   */
  async query<T>(needs: SurfaceNeeds, query: (surface: ApiSurface) => T, notFound?: (surface: ApiSurface) => void): Promise<T> {
    let surface = await this.surface(needs);
    try {
      try {
        return query(surface);
      } catch (error) {
        if (!(error instanceof NotFoundError) || surface.source.fromCache !== true) throw error;
        surface = await this.surface({ ...needs, cached: false });
        return query(surface);
      }
    } catch (error) {
      if (error instanceof NotFoundError) notFound?.(surface);
      throw error;
    }
  }

  /**
   * The server's version, as `kubectl version` reads it: the snapshot's record (undefined when it has
   * none), or the live server's /version, whose failure is the command's error.
   */
  async serverVersion(): Promise<ServerVersion | undefined> {
    const snapshot = await this.snapshot();
    if (snapshot) return snapshot.surface.serverVersion;
    return serverVersion(await readServerVersion(await this.transport()));
  }

  /** Where schemas come from: the snapshot's documents, or the server's /openapi (v3 documents cached by hash). */
  async schemaSource(): Promise<SchemaSource> {
    const snapshot = await this.snapshot();
    if (snapshot) return snapshotSchemaSource(snapshot.schemas, this.flags.snapshot ?? '');
    const transport = await this.transport();
    return liveSchemaSource(transport, { cacheDir: openapiCacheDir(transport.target), maxFileBytes: this.maxFileBytes() });
  }

  async namespace(): Promise<string> {
    if (this.flags.namespace) return this.flags.namespace;
    if (this.isOffline) return 'default';
    return (await this.resolveConnection()).namespace;
  }

  transport(): Promise<Transport> {
    this.transportInstance ??= Promise.all([
      this.resolveConnection(),
      // Loaded with the first request: HTTP and TLS cost ~20 ms on Node 24, and a snapshot needs neither.
      import('../cluster/transport.js'),
    ]).then(([connection, { defaultTransportOptions, Transport }]) => {
      // The client key and certificate never travel in a request, but a body may echo them: mask them too.
      this.shared.tracer?.addSecrets([connection.target.tls.key, connection.target.tls.cert]);
      return new Transport(connection.target, {
        ...defaultTransportOptions,
        timeoutMs: this.timeoutMs(),
        maxResponseBytes: parseByteSize(this.flags['max-response-bytes'], '--max-response-bytes'),
        compression: !this.flags['disable-compression'],
        onExchange: this.shared.tracer?.listener,
        ids: () => this.shared.nextId++,
      });
    });
    return this.transportInstance;
  }

  /** Closes the transports of this session and its extra ones, then writes the trace summary. */
  async close(): Promise<void> {
    await Promise.all(this.extra.map((session) => session.closeTransport()));
    await this.closeTransport();
    this.shared.tracer?.finish();
  }

  /** --max-file-bytes, for snapshots and cache files. */
  maxFileBytes(): number {
    return parseByteSize(this.flags['max-file-bytes'], '--max-file-bytes');
  }

  private async closeTransport(): Promise<void> {
    if (this.transportInstance) (await this.transportInstance.catch(() => undefined))?.close();
  }

  private discovery(): Promise<Discovery> {
    this.discoveryInstance ??= this.snapshot().then((snapshot) => (snapshot ? snapshotDiscovery(snapshot) : this.liveDiscovery()));
    return this.discoveryInstance;
  }

  private async liveDiscovery(): Promise<Discovery> {
    const transport = await this.transport();
    const connection = await this.resolveConnection();
    const live = liveDiscovery(transport, {
      mode: this.flags.discovery === 'legacy' ? 'legacy' : 'auto',
      source: { server: connection.server, context: connection.contextName },
      // Tracing writes its own lines to stderr; a progress line would only garble them.
      progress: () => discoveryProgress({ quiet: this.shared.tracer !== undefined }),
    });
    return cachedDiscovery(live, {
      file: discoveryCacheFile(transport.target),
      server: connection.server,
      maxFileBytes: this.maxFileBytes(),
      onHit: (hit) => this.traceCacheHit(hit),
    });
  }

  /** A cache hit reaches --trace=json as a record with fromCache true. */
  private traceCacheHit(hit: CacheHit): void {
    const exchange: HttpExchange = {
      id: this.shared.nextId++,
      method: 'GET',
      url: pathToFileURL(hit.file).href,
      startedAt: new Date(),
      requestHeaders: {},
      status: 200,
      statusText: 'OK',
      bytes: hit.bytes,
      durationMs: hit.durationMs,
      purpose: 'discovery',
      fromCache: true,
      attempt: 1,
    };
    this.shared.tracer?.listener(exchange);
  }

  /** The server of this session's context, once its connection resolved (for a fleet's error rows); never resolves one. */
  async resolvedServer(): Promise<string | undefined> {
    if (this.isOffline || !this.connection) return undefined;
    return this.connection.then(
      (connection) => connection.server,
      () => undefined,
    );
  }

  private resolveConnection(): Promise<Connection> {
    // An exec credential plugin gets --request-timeout too, so one hanging plugin cannot stall a fleet.
    this.connection ??= resolveConnection(this.flags, process.env, { execTimeoutMs: this.timeoutMs() });
    return this.connection;
  }

  private timeoutMs(): number {
    const ms = parseGoDuration(this.flags['request-timeout']);
    if (ms === undefined)
      throw new UsageError(`invalid --request-timeout "${this.flags['request-timeout']}": use a duration such as 32s, 1m or 0`);
    return ms;
  }
}
