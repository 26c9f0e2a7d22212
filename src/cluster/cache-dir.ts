import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultMaxFileBytes } from '../limits/bytes.js';
import { readTextFile } from '../limits/read-file.js';
import { nodeCrypto } from './crypto.js';
import type { TransportTarget } from './transport.js';

/**
 * kapi's cache folder for one server, one set of credentials and one kind of data:
 * ${XDG_CACHE_HOME:-~/.cache}/kapi/<kind>/<host_port>-<key>. The key hashes the server URL,
 * its CA and everything that says who is asking (authentication and impersonation headers,
 * the client certificate), so two users of one server never share answers. The folder
 * name holds the host and port only: never a user name, password or token.
 */
export function serverCacheDir(
  kind: 'discovery' | 'openapi',
  target: Pick<TransportTarget, 'server' | 'headers' | 'tls'>,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const root = env.XDG_CACHE_HOME || join(env.HOME ?? homedir(), '.cache');
  const url = new URL(target.server);
  const hostPort = url.host.replace(/[^A-Za-z0-9.-]/g, '_');
  return join(root, 'kapi', kind, `${hostPort}-${cacheKey(target)}`);
}

/** 16 hex digits of SHA-256 over the server (with any userinfo) and the caller's credentials. */
export function cacheKey(target: Pick<TransportTarget, 'server' | 'headers' | 'tls'>): string {
  const hash = nodeCrypto().createHash('sha256').update(target.server);
  for (const name of Object.keys(target.headers).sort()) hash.update(`\n${name.toLowerCase()}: ${target.headers[name]}`);
  for (const part of [target.tls.ca, target.tls.cert, target.tls.key]) hash.update('\n').update(part ?? '');
  return hash.digest('hex').slice(0, 16);
}

/** The server as the cache records it: scheme, host, port and path, never userinfo. */
export function serverIdentity(server: string): string {
  const url = new URL(server);
  if (url.username === '' && url.password === '') return server;
  url.username = '';
  url.password = '';
  const text = url.toString();
  return server.endsWith('/') ? text : text.replace(/\/$/, '');
}

/**
 * Best effort: a cache that cannot be written never fails a command. Folders are 0700 and
 * files 0600 (they describe what a credential may see); the file is written under a temporary
 * name and renamed, so a reader never sees half a file and two writers never mix.
 */
export function writeCacheFile(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    chmodSync(dirname(file), 0o700);
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
}

/** The file's text, or undefined when it is absent, unreadable or larger than maxBytes. */
export function readCacheFile(file: string, maxBytes = defaultMaxFileBytes): string | undefined {
  try {
    return readTextFile(file, maxBytes);
  } catch {
    return undefined;
  }
}
