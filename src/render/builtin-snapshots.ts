import type { BuiltinSnapshotsDocument } from '../snapshot/builtin-list.js';
import { byOutput, documentPrinters } from './formats.js';
import { tabwriteRows } from './tabwriter.js';

export type BuiltinSnapshotsFormat = 'table' | 'json' | 'yaml';

/** `kapi snapshot --list-builtin`: one row per bundled snapshot, or the document with -o json|yaml. */
export function renderBuiltinSnapshots(document: BuiltinSnapshotsDocument, format: BuiltinSnapshotsFormat): string {
  return byOutput(format, {
    ...documentPrinters(() => document),
    table: () =>
      tabwriteRows([
        ['NAME', 'ALSO', 'SERVER', 'RELEASED', 'RECORDED', 'GROUP-VERSIONS', 'RESOURCES', 'SCHEMAS', 'FULL', 'STORED'],
        ...document.items.map((item) => [
          item.name,
          item.aliases.join(', ') || '-',
          item.serverVersion,
          item.released?.slice(0, 10) ?? '-',
          item.recorded?.slice(0, 10) ?? '-',
          String(item.groupVersions),
          String(item.resources),
          item.schemas,
          approximateSize(item.fullBytes),
          approximateSize(item.storedBytes),
        ]),
      ]),
  });
}

/** 6.3 MiB, 240 KiB: sizes to compare at a glance (-o json has the bytes). */
function approximateSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}
