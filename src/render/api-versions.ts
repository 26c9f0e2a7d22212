import type { ApiSurface } from '../surface/model.js';
import { groupVersionStrings } from '../surface/query.js';
import { toJson, toYaml } from './formats.js';

/** The documented JSON/YAML entry of `api-versions -o json`. */
export interface ApiVersionEntry {
  groupVersion: string;
  group: string;
  version: string;
  preferred: boolean;
}

export function apiVersionEntries(surface: ApiSurface, preferredOnly: boolean): ApiVersionEntry[] {
  const preferred = new Set(
    surface.groups.map((group) => (group.name === '' ? group.preferredVersion : `${group.name}/${group.preferredVersion}`)),
  );
  return groupVersionStrings(surface, { preferredOnly }).map((groupVersion) => {
    const slash = groupVersion.lastIndexOf('/');
    return {
      groupVersion,
      group: slash < 0 ? '' : groupVersion.slice(0, slash),
      version: slash < 0 ? groupVersion : groupVersion.slice(slash + 1),
      preferred: preferred.has(groupVersion),
    };
  });
}

export function renderApiVersions(entries: ApiVersionEntry[], format: 'text' | 'json' | 'yaml'): string {
  if (format === 'json') return toJson(entries);
  if (format === 'yaml') return toYaml(entries);
  return entries.map((entry) => `${entry.groupVersion}\n`).join('');
}
