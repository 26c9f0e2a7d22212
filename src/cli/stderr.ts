import { terminalText } from '../render/terminal-text.js';

/**
 * The one printer of warnings, notices and errors: each is one line on stderr.
 * Messages carry text from the server (names, Status messages), so control
 * characters, escape sequences and newlines are shown escaped, never interpreted.
 */
export function writeStderrLine(line: string): void {
  process.stderr.write(`${terminalText(line, 'line')}\n`);
}

/** Trace output keeps its line structure; anything else a terminal would act on is escaped. */
export function writeStderrText(text: string): void {
  process.stderr.write(terminalText(text, 'prose'));
}
