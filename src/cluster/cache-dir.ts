import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { writeStderrLine } from '../cli/stderr.js';
import { defaultMaxFileBytes } from '../limits/bytes.js';
import { readTextFile } from '../limits/read-file.js';
import { replaceFile } from '../limits/write-file.js';
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
  if (!trustedCacheFolders(file)) return;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    chmodSync(dirname(file), 0o700);
    replaceFile(file, text, { mode: 0o600 });
  } catch {
    // Best effort.
  }
}

/** The file's text, or undefined when it is absent, unreadable or larger than maxBytes. */
export function readCacheFile(file: string, maxBytes = defaultMaxFileBytes): string | undefined {
  if (!trustedCacheFolders(file)) return undefined;
  try {
    return readTextFile(file, maxBytes, { regularOnly: true });
  } catch {
    return undefined;
  }
}

const warned = new Set<string>();

/**
 * True when every existing folder from kapi/ down to the file's folder is owned by this user and
 * writable by no one else, as ssh requires of its files: another user who can write there could
 * plant an entry (a forged resource that completion would offer). Otherwise stderr says so once
 * and kapi runs as if there were no cache: nothing is read from there or written there.
 */
export function trustedCacheFolders(file: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  for (const folder of cacheFolders(file)) {
    const why = untrusted(folder, uid);
    if (!why) continue;
    if (!warned.has(folder)) {
      warned.add(folder);
      writeStderrLine(`Warning: ignoring the cache folder ${folder}: ${why}; kapi runs without its cache`);
    }
    return false;
  }
  return true;
}

/** The folders from kapi/ down to the file's folder, outermost first (the file's folder alone when no kapi/ holds it). */
function cacheFolders(file: string): string[] {
  const chain: string[] = [];
  for (let folder = dirname(file); dirname(folder) !== folder; folder = dirname(folder)) {
    chain.unshift(folder);
    if (basename(folder) === 'kapi') return chain;
  }
  return [dirname(file)];
}

function untrusted(folder: string, uid: number): string | undefined {
  let stat: import('node:fs').Stats;
  try {
    stat = statSync(folder);
  } catch {
    return undefined; // Not there yet: kapi creates it, 0700.
  }
  if (stat.uid !== uid) return `it is owned by uid ${stat.uid}, not by you (uid ${uid})`;
  if ((stat.mode & 0o022) !== 0) return `it is writable by group or others (mode ${(stat.mode & 0o777).toString(8)}; chmod 700 it)`;
  return undefined;
}
