import { UsageError } from '../errors.js';

/**
 * The largest HTTP response kapi reads. The biggest documents real clusters
 * serve are /openapi/v2 and the OpenAPI v3 documents of CRD-heavy groups
 * (tens of megabytes with thousands of CRDs); 256 MiB leaves several times
 * that while keeping a runaway server from filling memory.
 */
export const defaultMaxResponseBytes = 256 * 1024 * 1024;

/**
 * The largest file kapi reads: snapshots (with every schema) and cache files.
 * Node cannot hold a string much past 512 MiB anyway.
 */
export const defaultMaxFileBytes = 256 * 1024 * 1024;

const units: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
};

/** A size in bytes written as Kubernetes quantities are: 1048576, 512Ki, 64Mi, 1Gi, 500M. */
export function parseByteSize(text: string, flag: string): number {
  const match = /^(\d+)(|k|M|G|Ki|Mi|Gi)$/.exec(text.trim());
  const bytes = match ? Number(match[1]) * (units[match[2] as string] as number) : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new UsageError(`invalid ${flag} "${text}": use a positive size such as 64Mi, 1Gi or 1048576`);
  }
  return bytes;
}

/** 268435456 -> "256Mi", for messages. */
export function formatByteSize(bytes: number): string {
  for (const unit of ['Gi', 'Mi', 'Ki'] as const) {
    const size = units[unit] as number;
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}
