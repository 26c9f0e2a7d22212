import { isKapiError } from '../errors.js';
import { walkLimitText } from '../limits/walk-budget.js';
import { terminalText } from '../render/terminal-text.js';
import {
  chosenFields,
  type ExploreResource,
  type ExploreState,
  explainPath,
  highlightedField,
  highlightedResource,
  type ListState,
  schemaKey,
} from './state.js';

/**
 * The explorer's screen as plain lines, a pure function of the state and the
 * window size: a title, the prompt line (where the cursor sits), a fixed-height
 * list, and the explain preview of the highlighted entry below a rule. Every
 * line fits the width, and the whole screen leaves the last row free, so the
 * terminal never scrolls. Text from the server goes through render/terminal-text
 * (names as cells, the explain preview as prose).
 */

export interface ScreenSize {
  columns: number;
  rows: number;
}

export interface Screen {
  title: string;
  prompt: string;
  /** List rows, the rule, then the preview. */
  body: string[];
  /** Index into body of the highlighted row, if any (the terminal shows it in reverse video). */
  highlighted?: number;
}

export interface ScreenOptions extends ScreenSize {
  /** Where the surface comes from: "builtin:v1.36.3", "context kind-kind". */
  sourceLabel: string;
}

export function renderScreen(state: ExploreState, options: ScreenOptions): Screen {
  const width = Math.max(20, options.columns - 1);
  const listHeight = Math.max(3, Math.min(12, Math.floor((options.rows - 4) * 0.4)));
  const previewHeight = Math.max(0, options.rows - 1 - 2 - listHeight - 1);
  const fit = (line: string) => truncate(line, width);
  if (state.mode === 'resources') {
    const list = state.resourceList;
    const rows = listRows(list, listHeight, (index) => resourceRow(state.resources[index] as ExploreResource, state.resources, width));
    const resource = highlightedResource(state);
    const rule = resource ? `${explainPath(resource, [])} · served by ${resource.servedBy}` : '';
    return {
      title: fit(
        `kapi explore · ${options.sourceLabel} · resources ${list.matches.length}/${state.resources.length} · Enter: fields · Esc: quit`,
      ),
      prompt: fit(`resource> ${terminalText(list.query)}`),
      body: [...rows.lines, fit(ruleLine(rule, width)), ...preview(state, resource, [], previewHeight, width)],
      highlighted: rows.highlighted,
    };
  }
  const list = state.fieldList;
  const resource = state.chosen as ExploreResource;
  const fields = chosenFields(state);
  const pathWidth = Math.min(Math.max(0, ...fields.map((field) => field.path.join('.').length)), Math.floor(width * 0.7));
  const rows = listRows(list, listHeight, (index) => {
    const field = fields[index];
    return field ? `${terminalText(field.path.join('.')).padEnd(pathWidth)}  <${terminalText(field.type)}>` : '';
  });
  const field = highlightedField(state);
  const schema = state.schemas[schemaKey(resource)];
  if (schema?.status === 'ready' && fields.length === 0) rows.lines[0] = '  (no fields)';
  const rule = `${explainPath(resource, field?.path ?? [])} · served by ${resource.servedBy}`;
  const cut = schema?.status === 'ready' ? schema.schemas.fieldsCut?.(resource) : undefined;
  const incomplete = cut ? ` (cut short at ${walkLimitText(cut)})` : '';
  return {
    title: fit(
      `kapi explore · ${terminalText(explainPath(resource, []))} · fields ${list.matches.length}/${fields.length}${incomplete} · Enter: print · Esc: back`,
    ),
    prompt: fit(`${terminalText(explainPath(resource, []))}> ${terminalText(list.query)}`),
    body: [...rows.lines.map(fit), fit(ruleLine(rule, width)), ...preview(state, resource, field?.path ?? [], previewHeight, width)],
    highlighted: rows.highlighted,
  };
}

/** The screen as the lines a terminal shows (for tests and the driver). */
export function screenLines(screen: Screen): string[] {
  return [screen.title, screen.prompt, ...screen.body];
}

function listRows(list: ListState, height: number, row: (index: number) => string): { lines: string[]; highlighted?: number } {
  if (list.matches.length === 0) return { lines: ['  (no match)', ...Array<string>(height - 1).fill('')] };
  const offset = Math.max(0, list.cursor - height + 1);
  const lines: string[] = [];
  for (let i = offset; i < offset + height; i++) {
    const index = list.matches[i];
    lines.push(index === undefined ? '' : `${i === list.cursor ? '>' : ' '} ${row(index)}`);
  }
  return { lines, highlighted: list.cursor - offset };
}

function resourceRow(resource: ExploreResource, all: ExploreResource[], width: number): string {
  const nameCell = (r: ExploreResource) => terminalText(r.shortNames.length > 0 ? `${r.name} (${r.shortNames.join(',')})` : r.name);
  const kindCell = (r: ExploreResource) => terminalText(r.kind);
  const versionCell = (r: ExploreResource) => terminalText(schemaKey(r));
  // No spread into Math.max: a cluster may serve thousands of resources.
  const column = (cell: (r: ExploreResource) => string, cap: number) => {
    const columnWidth = Math.min(
      cap,
      all.reduce((most, r) => Math.max(most, cell(r).length), 0),
    );
    return truncate(cell(resource), columnWidth).padEnd(columnWidth);
  };
  const cells = [column(nameCell, 28), column(kindCell, 22), column(versionCell, 28), terminalText(resource.servedBy.split(':')[0] ?? '')];
  return truncate(cells.join('  '), width - 2);
}

function ruleLine(label: string, width: number): string {
  const text = label === '' ? '' : `── ${terminalText(label, 'line')} `;
  return text + '─'.repeat(Math.max(0, width - [...text].length));
}

function preview(state: ExploreState, resource: ExploreResource | undefined, path: string[], height: number, width: number): string[] {
  if (!resource || height === 0) return [];
  const schema = state.schemas[schemaKey(resource)];
  let text: string;
  if (schema === undefined || schema.status === 'loading') text = 'loading the schema…';
  else if (schema.status === 'error') text = schema.message;
  else {
    try {
      text = schema.schemas.explain(resource, path);
    } catch (error) {
      if (!isKapiError(error)) throw error;
      text = error.message;
    }
  }
  const lines = terminalText(text, 'prose')
    .split('\n')
    .map((line) => truncate(expandTabs(line).trimEnd(), width));
  return lines.slice(0, height);
}

/** Tabs to spaces (to the next multiple of 8), as a terminal would, so truncation counts columns. */
function expandTabs(line: string): string {
  let out = '';
  for (const char of line) out += char === '\t' ? ' '.repeat(8 - (out.length % 8)) : char;
  return out;
}

function truncate(line: string, width: number): string {
  const chars = [...line];
  return chars.length <= width ? line : `${chars.slice(0, width - 1).join('')}…`;
}
