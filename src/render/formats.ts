import { createRequire } from 'node:module';
import { terminalText, terminalUnsafe } from './terminal-text.js';

/*
 * The output formats -o names: the serialisers every renderer shares (json, yaml, csv, markdown,
 * and kubectl's json and yaml), and byOutput, the one place a renderer's printer is chosen by -o.
 */

/**
 * The YAML library is loaded on the first YAML output only. In the bundle, esbuild turns
 * require('yaml') into a module that initialises on that first call; unbundled (tests under
 * tsx), Node's own require loads it.
 */
const loadYaml = (): typeof import('yaml') => (typeof require === 'function' ? require('yaml') : createRequire(import.meta.url)('yaml'));

/** Characters JSON and YAML may leave raw in a string but a terminal would act on: DEL, C1, line separators, bidi controls. */
const rawInFormat = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const unicodeEscape = (character: string) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Pretty JSON; every value is exact, and what a terminal would act on is written as a \u escape. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(rawInFormat, unicodeEscape)}\n`;
}

/** kubectl's JSON printer (Go's encoding/json, four-space indent, <, > and & escaped), terminal-safe like toJson. */
export function toKubectlJson(value: unknown): string {
  const text = JSON.stringify(value, null, 4).replace(/[<>&]/g, unicodeEscape);
  return `${text.replace(rawInFormat, unicodeEscape)}\n`;
}

/** YAML; a string holding a character a terminal would act on is double-quoted and the character escaped. */
export function toYaml(value: unknown): string {
  return yaml(value, {});
}

/** kubectl's YAML printer (sigs.k8s.io/yaml): the JSON object's keys sorted, YAML 1.1 words such as "no" quoted, lists not indented. */
export function toKubectlYaml(value: unknown): string {
  return yaml(JSON.parse(JSON.stringify(value)), { version: '1.1', sortMapEntries: true, indentSeq: false });
}

function yaml(value: unknown, options: { version?: '1.1'; sortMapEntries?: boolean; indentSeq?: boolean }): string {
  const { Document, Scalar, visit } = loadYaml();
  const document = options.version
    ? new Document(value, { version: options.version, sortMapEntries: options.sortMapEntries })
    : new Document(value);
  let quoted = false;
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && terminalUnsafe.test(node.value.replace(/[\n\t]/g, ''))) {
        node.type = Scalar.QUOTE_DOUBLE;
        quoted = true;
      }
    },
  });
  const text = document.toString({ lineWidth: 0, indentSeq: options.indentSeq ?? true });
  // Only double-quoted scalars can hold these characters now, and YAML reads \uXXXX there.
  return quoted ? text.replace(rawInFormat, unicodeEscape) : text;
}

/**
 * RFC 4180 CSV: fields with commas, quotes or newlines are quoted. A cell a spreadsheet would read
 * as a formula (it starts with =, +, -, @, a tab or a carriage return) gets a leading single quote,
 * as OWASP's CSV-injection guidance says, so `=HYPERLINK(…)` from a server is shown, never run.
 * kapi's own placeholder `-` and plain numbers are left as they are: neither is a formula.
 */
export function toCsv(header: string[], rows: string[][]): string {
  const field = (raw: string) => {
    const value = csvCellText(terminalText(raw));
    return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  };
  return [header, ...rows]
    .map((row) => row.map(field).join(','))
    .join('\n')
    .concat('\n');
}

/** A cell a spreadsheet would evaluate, prefixed with a single quote (OWASP); other cells unchanged. */
export function csvCellText(value: string): string {
  if (value === '-' || /^[-+]?\d+(\.\d+)?$/.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A Markdown table cell: text (escaped by markdownText) or code (markdownCode). */
export type MarkdownCell = string | { code: string };

/**
 * Text from a server or a file, made inert in Markdown and safe for a terminal: newlines become
 * spaces (a cell or a heading is one line), terminalText escapes control characters, <, > and &
 * become entities, so no HTML (`<img onerror>`, `<script>`, `<a href="javascript:">`) reaches a
 * renderer, and a pipe cannot end a table cell nor a backtick open a code span. Every Markdown
 * renderer of kapi passes server text through this function or markdownCode.
 */
export function markdownText(text: string, kind: 'cell' | 'line' = 'cell'): string {
  return terminalText(text.replace(/\r?\n/g, ' '), kind)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/[|`]/g, (c) => `\\${c}`);
}

/**
 * Text shown as code: `name` in backticks, or, when the text holds a character a code span cannot
 * carry literally (<, >, &, a backtick), an HTML <code> element with the text escaped.
 */
export function markdownCode(text: string): string {
  const shown = terminalText(text.replace(/\r?\n/g, ' '));
  if (/[<>&`]/.test(shown)) return `<code>${markdownText(shown)}</code>`;
  return `\`${shown.replaceAll('|', '\\|')}\``;
}

/** A GitHub-flavoured Markdown table; every cell goes through markdownText or markdownCode. */
export function toMarkdown(header: string[], rows: MarkdownCell[][]): string {
  const cell = (value: MarkdownCell) => (typeof value === 'string' ? markdownText(value) : markdownCode(value.code));
  const line = (cells: MarkdownCell[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n').concat('\n');
}

/** A command's printers, one for each -o format it offers. */
export type Printers<F extends string> = Record<F, () => string>;

/**
 * The one place a renderer is chosen by -o: every format a command offers has its printer (the type
 * makes a missing one an error), and only the chosen one runs.
 */
export function byOutput<F extends string>(format: F, printers: Printers<F>): string {
  return printers[format]();
}

/** -o json and -o yaml: the document as it is, its shape pinned by schemas/. */
export function documentPrinters(document: () => unknown): Printers<'json' | 'yaml'> {
  return { json: () => toJson(document()), yaml: () => toYaml(document()) };
}

/** -o json and -o yaml as kubectl prints them (--kubectl-compat). */
export function kubectlDocumentPrinters(document: () => unknown): Printers<'json' | 'yaml'> {
  return { json: () => toKubectlJson(document()), yaml: () => toKubectlYaml(document()) };
}
