import type { Connection } from '../cluster/connection.js';
import { resolveConnection } from '../cluster/connection.js';
import type { ExchangeListener } from '../cluster/exchange.js';
import { parseGoDuration } from '../cluster/go-duration.js';
import { defaultTransportOptions, Transport } from '../cluster/transport.js';
import { discoveryCacheFile, isFresh, readDiscoveryCache, writeDiscoveryCache } from '../discovery/cache.js';
import type { RootValidators } from '../discovery/fetch.js';
import { discoverSurface } from '../discovery/surface.js';
import { UsageError } from '../errors.js';
import { parseByteSize } from '../limits/bytes.js';
import { liveSchemaSource, openapiCacheDir, type SchemaSource, snapshotSchemaSource } from '../openapi/load.js';
import { readSnapshot, type SnapshotDocument } from '../snapshot/snapshot.js';
import type { ApiSurface } from '../surface/model.js';
import type { GlobalFlagValues } from './flags.js';
import { discoveryProgress } from './progress.js';

export interface SurfaceNeeds {
  /** Read APIServices and CRDs to label who serves what. */
  servedBy?: boolean;
  serverVersion?: boolean;
  /** Use the discovery cache when it is fresh (kubectl's --cached). */
  cached?: boolean;
}

/**
 * Where a command's answers come from: a live cluster or a snapshot. Commands
 * ask for the surface (and, for explain, the transport or snapshot schemas);
 * they never know which one they got.
 */
export class Session {
  private connection?: Promise<Connection>;
  private transportInstance?: Promise<Transport>;
  private snapshotDocument?: Promise<SnapshotDocument>;

  constructor(
    readonly flags: GlobalFlagValues,
    private readonly onExchange?: ExchangeListener,
  ) {}

  get isOffline(): boolean {
    return this.flags.snapshot !== undefined;
  }

  async snapshot(): Promise<SnapshotDocument | undefined> {
    if (!this.flags.snapshot) return undefined;
    this.snapshotDocument ??= readSnapshot(this.flags.snapshot, { maxFileBytes: this.maxFileBytes() });
    return this.snapshotDocument;
  }

  async surface(needs: SurfaceNeeds = {}): Promise<ApiSurface> {
    const snapshot = await this.snapshot();
    if (snapshot) return snapshot.surface;
    const transport = await this.transport();
    const connection = await this.resolveConnection();
    const cacheFile = discoveryCacheFile(transport.target);
    const cached = readDiscoveryCache(cacheFile, connection.server, this.maxFileBytes());
    if (needs.cached && cached && isFresh(cacheFile)) {
      const surface = cached.surface;
      const complete = !needs.servedBy || surface.apiServices !== undefined || surface.servedByNotice !== undefined;
      if (complete) return surface;
    }
    let roots: RootValidators | undefined;
    // Tracing writes its own lines to stderr; a progress line would only garble them.
    const progress = discoveryProgress({ quiet: this.onExchange !== undefined });
    const surface = await discoverSurface(transport, {
      mode: this.flags.discovery === 'legacy' ? 'legacy' : 'auto',
      servedBy: needs.servedBy === true,
      serverVersion: needs.serverVersion === true,
      source: { kind: 'live', server: connection.server, context: connection.contextName, capturedAt: new Date().toISOString() },
      revalidate: { previous: cached?.roots, fetched: (fetched) => (roots = fetched) },
      progress,
    }).finally(() => progress?.done());
    writeDiscoveryCache(cacheFile, connection.server, surface, roots ?? (surface.discovery === 'legacy' ? undefined : cached?.roots));
    return surface;
  }

  /** Where schemas come from: the snapshot's documents, or the server's /openapi (v3 documents cached by hash). */
  async schemaSource(): Promise<SchemaSource> {
    const snapshot = await this.snapshot();
    if (snapshot) return snapshotSchemaSource(snapshot.schemas, this.flags.snapshot as string);
    const transport = await this.transport();
    return liveSchemaSource(transport, { cacheDir: openapiCacheDir(transport.target), maxFileBytes: this.maxFileBytes() });
  }

  async namespace(): Promise<string> {
    if (this.flags.namespace) return this.flags.namespace;
    if (this.isOffline) return 'default';
    return (await this.resolveConnection()).namespace;
  }

  transport(): Promise<Transport> {
    this.transportInstance ??= this.resolveConnection().then(
      (connection) =>
        new Transport(connection.target, {
          ...defaultTransportOptions,
          timeoutMs: this.timeoutMs(),
          maxResponseBytes: parseByteSize(this.flags['max-response-bytes'], '--max-response-bytes'),
          compression: !this.flags['disable-compression'],
          onExchange: this.onExchange,
        }),
    );
    return this.transportInstance;
  }

  async close(): Promise<void> {
    if (this.transportInstance) (await this.transportInstance.catch(() => undefined))?.close();
  }

  private resolveConnection(): Promise<Connection> {
    this.connection ??= resolveConnection({
      kubeconfig: this.flags.kubeconfig,
      context: this.flags.context,
      cluster: this.flags.cluster,
      user: this.flags.user,
      namespace: this.flags.namespace,
      server: this.flags.server,
      token: this.flags.token,
      certificateAuthority: this.flags['certificate-authority'],
      insecureSkipTlsVerify: this.flags['insecure-skip-tls-verify'],
      clientCertificate: this.flags['client-certificate'],
      clientKey: this.flags['client-key'],
      tlsServerName: this.flags['tls-server-name'],
      username: this.flags.username,
      password: this.flags.password,
      as: this.flags.as,
      asGroups: this.flags['as-group'],
      asUid: this.flags['as-uid'],
    });
    return this.connection;
  }

  /** --max-file-bytes, for snapshots and cache files. */
  maxFileBytes(): number {
    return parseByteSize(this.flags['max-file-bytes'], '--max-file-bytes');
  }

  private timeoutMs(): number {
    const ms = parseGoDuration(this.flags['request-timeout']);
    if (ms === undefined)
      throw new UsageError(`invalid --request-timeout "${this.flags['request-timeout']}": use a duration such as 32s, 1m or 0`);
    return ms;
  }
}
