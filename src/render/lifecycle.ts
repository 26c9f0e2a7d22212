import type { KindLifecycle } from '../releases/lifecycle.js';
import { kindKey } from '../releases/lifecycle.js';
import { byOutput, documentPrinters } from './formats.js';
import { tabwriteRows } from './tabwriter.js';

/** What -o takes; without -o, the table. */
export const lifecycleOutputs = ['json', 'yaml'] as const;
export type LifecycleFormat = 'table' | (typeof lifecycleOutputs)[number];

export interface LifecycleRenderOptions {
  format: LifecycleFormat;
  noHeaders: boolean;
}

/** A kind in a group-version; group "" is the core group. */
export interface LifecycleKindRef {
  group: string;
  version: string;
  kind: string;
}

/** One built-in kind's lifecycle. A release is "1.NN"; null when k8s.io/api records none. */
export interface LifecycleItem extends LifecycleKindRef {
  introduced: string | null;
  deprecated: string | null;
  removed: string | null;
  replacement: LifecycleKindRef | null;
}

/** The documented JSON/YAML document of `kapi lifecycle -o json|yaml`. */
export interface LifecycleDocument {
  apiVersion: 'kapi.dev/v1';
  kind: 'KindLifecycleList';
  /** The newest Kubernetes release the data knows, "1.37". */
  newestRelease: string;
  /** The k8s.io/api module versions the data was generated from. */
  modules: string[];
  items: LifecycleItem[];
}

export function renderLifecycle(
  kinds: readonly KindLifecycle[],
  context: { newestRelease: string; modules: string[] },
  options: LifecycleRenderOptions,
): string {
  return byOutput(options.format, {
    ...documentPrinters(
      (): LifecycleDocument => ({
        apiVersion: 'kapi.dev/v1',
        kind: 'KindLifecycleList',
        newestRelease: context.newestRelease,
        modules: context.modules,
        items: kinds.map(lifecycleItem),
      }),
    ),
    // Nothing matched: no header either (the command says so on stderr), as kubectl prints none.
    table: () =>
      kinds.length === 0
        ? ''
        : tabwriteRows([
            ...(options.noHeaders ? [] : [['GROUP', 'VERSION', 'KIND', 'INTRODUCED', 'DEPRECATED', 'REMOVED', 'REPLACEMENT']]),
            ...kinds.map(lifecycleCells),
          ]),
  });
}

export function lifecycleItem(row: KindLifecycle): LifecycleItem {
  const { group, version, kind, introduced, deprecated, removed, replacement } = row;
  return { group, version, kind, introduced, deprecated, removed, replacement };
}

/** The core group reads "core", as `kapi diff` and the argument name it; a replacement reads as apiVersion/Kind. */
function lifecycleCells(row: KindLifecycle): string[] {
  const replacement = row.replacement ? kindKey(row.replacement.group, row.replacement.version, row.replacement.kind) : '-';
  return [row.group || 'core', row.version, row.kind, row.introduced ?? '-', row.deprecated ?? '-', row.removed ?? '-', replacement];
}
