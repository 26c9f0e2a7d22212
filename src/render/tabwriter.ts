import { terminalText } from './terminal-text.js';

/**
 * Aligns tab-separated text exactly as Go's text/tabwriter does with kubectl's
 * settings (minwidth 6, padding 3, padchar ' ', no flags): cells end at a tab,
 * the text after a line's last tab is not aligned, and column widths are
 * computed per block of consecutive lines that share that column.
 */
/**
 * A table from rows of cells, aligned by tabwrite. Every cell is made safe for
 * the terminal first, so a tab, a newline or an escape sequence in a value
 * from the server can neither add a column or a row nor reach the terminal.
 */
export function tabwriteRows(rows: string[][]): string {
  if (rows.length === 0) return '';
  return tabwrite(`${rows.map((cells) => cells.map((cell) => terminalText(cell)).join('\t')).join('\n')}\n`);
}

export function tabwrite(text: string, minWidth = 6, padding = 3): string {
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n').map((line) => line.split('\t'));
  const out: string[] = new Array(lines.length).fill('');
  formatColumns(lines, out, 0, lines.length, [], minWidth, padding);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}

function formatColumns(
  lines: string[][],
  out: string[],
  from: number,
  to: number,
  widths: number[],
  minWidth: number,
  padding: number,
): void {
  const column = widths.length;
  let blockStart = from;
  let line = from;
  while (line < to) {
    if (column >= (lines[line] as string[]).length - 1) {
      line++;
      continue;
    }
    writeLines(lines, out, blockStart, line, widths);
    blockStart = line;
    let width = minWidth;
    for (; line < to && column < (lines[line] as string[]).length - 1; line++) {
      width = Math.max(width, textWidth((lines[line] as string[])[column] as string) + padding);
    }
    formatColumns(lines, out, blockStart, line, [...widths, width], minWidth, padding);
    blockStart = line;
  }
  writeLines(lines, out, blockStart, to, widths);
}

function writeLines(lines: string[][], out: string[], from: number, to: number, widths: number[]): void {
  for (let index = from; index < to; index++) {
    const cells = lines[index] as string[];
    out[index] = cells
      .map((cell, column) =>
        column < widths.length && column < cells.length - 1
          ? cell.padEnd((widths[column] as number) - textWidth(cell) + cell.length)
          : cell,
      )
      .join('');
  }
}

function textWidth(text: string): number {
  return [...text].length;
}
