import { nodeCrypto } from '../cluster/crypto.js';
import { UsageError } from '../errors.js';

/** The longest file-name stem kapi writes: file systems allow 255 bytes, and a temporary name adds a few. */
export const maxStemLength = 200;

/**
 * The file each context's snapshot goes to in --output-dir: the context name,
 * with every character outside [A-Za-z0-9._-] made "_" (EKS contexts are ARNs
 * with ":" and "/"), and the format's extension. A name longer than maxStemLength
 * keeps its first characters and ends with 16 hex digits of its SHA-256, so it
 * still fits a file system and two long names still get two files.
 */
export function snapshotFileName(context: string, format: 'json' | 'yaml'): string {
  const safe = context.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+$/, (dots) => '_'.repeat(dots.length)) || '_';
  if (safe.length <= maxStemLength) return `${safe}.${format}`;
  const digest = nodeCrypto().createHash('sha256').update(context).digest('hex').slice(0, 16);
  return `${safe.slice(0, maxStemLength - 17)}-${digest}.${format}`;
}

/** One file name per context; two contexts that would share a file are a usage error, found before any cluster is read. */
export function snapshotFileNames(contexts: string[], format: 'json' | 'yaml'): Map<string, string> {
  const names = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const context of contexts) {
    const file = snapshotFileName(context, format);
    const other = owners.get(file);
    if (other !== undefined && other !== context) {
      throw new UsageError(`contexts "${other}" and "${context}" would both be written to ${file}: rename one in the kubeconfig`);
    }
    owners.set(file, context);
    names.set(context, file);
  }
  return names;
}
