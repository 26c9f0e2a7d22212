import type { ApiSurface } from '../surface/model.js';
import { groupVersionStrings } from '../surface/query.js';
import { groupVersionString, parseGroupVersion } from '../surface/vocabulary.js';
import { byOutput, documentPrinters } from './formats.js';
import { terminalText } from './terminal-text.js';

/** What `api-versions -o json|yaml` prints (schemas/api-versions.schema.json). */
export type ApiVersionsOutput = ApiVersionEntry[];

/** The documented JSON/YAML entry of `api-versions -o json`. */
export interface ApiVersionEntry {
  groupVersion: string;
  group: string;
  version: string;
  preferred: boolean;
}

export function apiVersionEntries(surface: ApiSurface, preferredOnly: boolean): ApiVersionEntry[] {
  const preferred = new Set(surface.groups.map((group) => groupVersionString(group.name, group.preferredVersion)));
  return groupVersionStrings(surface, { preferredOnly }).map((groupVersion) => ({
    groupVersion,
    ...parseGroupVersion(groupVersion),
    preferred: preferred.has(groupVersion),
  }));
}

/** What -o takes; without -o, one group-version a line as kubectl prints them. */
export const apiVersionsOutputs = ['json', 'yaml'] as const;
export type ApiVersionsFormat = 'text' | (typeof apiVersionsOutputs)[number];

export function renderApiVersions(entries: ApiVersionEntry[], format: ApiVersionsFormat): string {
  return byOutput(format, {
    ...documentPrinters((): ApiVersionsOutput => entries),
    text: () => entries.map((entry) => `${terminalText(entry.groupVersion)}\n`).join(''),
  });
}
