import type { ResourceUri, SegmentRole } from '../surface/uri.js';
import { byOutput, toJson } from './formats.js';
import { terminalText } from './terminal-text.js';

export type UriFormat = 'path' | 'explain' | 'json';

/** The path alone, the path over a line naming each segment, or the JSON document. */
export function renderUri(uri: ResourceUri, format: UriFormat): string {
  return byOutput(format, {
    json: () => toJson(uri),
    explain: () => `${terminalText(uri.path)}\n${segmentLabels(uri)}\n`,
    path: () => `${terminalText(uri.path)}\n`,
  });
}

const labels: Partial<Record<SegmentRole, string>> = {
  group: 'group',
  version: 'version',
  namespace: 'namespace',
  resource: 'resource',
  name: 'name',
  subresource: 'subresource',
};

/**
 * Each label starts under its segment; a label longer than its segment pushes
 * the next one right, keeping one space between labels. The fixed words
 * ("api", "apis", "namespaces") are not labelled.
 */
export function segmentLabels(uri: ResourceUri): string {
  let line = '';
  let column = 1;
  for (const segment of uri.segments) {
    const text = encodeURIComponent(segment.text);
    const label = labels[segment.role];
    if (label) {
      const at = Math.max(column, line.length === 0 ? 0 : line.length + 1);
      line = line.padEnd(at) + label;
    }
    column += text.length + 1;
  }
  return line;
}
