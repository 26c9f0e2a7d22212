import type { ResourceUri, SegmentRole } from '../surface/uri.js';
import { byOutput, toJson, toYaml } from './formats.js';
import { terminalText } from './terminal-text.js';

export type UriFormat = 'path' | 'explain' | 'json' | 'yaml';

/** The path alone, the path over a line naming each segment, or the JSON (YAML) document. */
export function renderUri(uri: ResourceUri, format: UriFormat): string {
  return byOutput(format, {
    json: () => toJson(uri),
    yaml: () => toYaml(uri),
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
 * Each label starts exactly under the first character of its segment. A label that would run into the
 * next one goes to the first line below with room for it, so no label drifts off its segment. The fixed
 * words ("api", "apis", "namespaces") are not labelled.
 */
export function segmentLabels(uri: ResourceUri): string {
  const lines: string[] = [];
  let column = 1;
  for (const segment of uri.segments) {
    const text = encodeURIComponent(segment.text);
    const label = labels[segment.role];
    if (label) {
      const row = lines.findIndex((line) => line.length === 0 || line.length < column);
      if (row === -1) lines.push(' '.repeat(column) + label);
      else lines[row] = (lines[row] as string).padEnd(column) + label;
    }
    column += text.length + 1;
  }
  return lines.join('\n');
}
