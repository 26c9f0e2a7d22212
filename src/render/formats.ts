import { createRequire } from 'node:module';

/**
 * The YAML library is loaded on the first YAML output only. In the bundle, esbuild turns
 * require('yaml') into a module that initialises on that first call; unbundled (tests under
 * tsx), Node's own require loads it.
 */
const loadYaml = (): typeof import('yaml') => (typeof require === 'function' ? require('yaml') : createRequire(import.meta.url)('yaml'));

/** Output formats shared by the listing commands. */
export type ListFormat = 'table' | 'wide' | 'name' | 'json' | 'yaml' | 'csv' | 'markdown';

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function toYaml(value: unknown): string {
  return loadYaml().stringify(value, { lineWidth: 0 });
}

/** RFC 4180 CSV: fields with commas, quotes or newlines are quoted. */
export function toCsv(header: string[], rows: string[][]): string {
  const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return [header, ...rows]
    .map((row) => row.map(field).join(','))
    .join('\n')
    .concat('\n');
}

/** A GitHub-flavoured Markdown table; pipes in cells are escaped. */
export function toMarkdown(header: string[], rows: string[][]): string {
  const cell = (value: string) => value.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n').concat('\n');
}
