import { Errors } from '@oclif/core';
import { ExitCode } from '../errors.js';

/** What to print and which code to exit with for an error that reached the top of the CLI. */
export interface TopLevelFailure {
  line: string;
  exitCode: number;
}

/**
 * oclif's own errors (unknown flag, missing argument, bad option value, unknown
 * command) as the README promises every error: one line, `error: …`, exit 2,
 * without oclif's ` ›   Error:` prefix or a help dump.
 */
export function describeTopLevelError(error: unknown, bin = 'kapi'): TopLevelFailure | undefined {
  if (error instanceof Errors.ExitError) return undefined;
  if (!(error instanceof Error)) return { line: `error: unexpected: ${String(error)}`, exitCode: ExitCode.unexpected };
  const oclifExit = (error as { oclif?: { exit?: number } }).oclif?.exit;
  if (!(error instanceof Errors.CLIError) && oclifExit === undefined) {
    return { line: `error: unexpected: ${oneLine(error.message)}`, exitCode: ExitCode.unexpected };
  }
  const command = (error as { parse?: { input?: { context?: { id?: string } } } }).parse?.input?.context?.id;
  // oclif appends a note about flags that take several values; it is not the error.
  const message = (error.message.split('\n\nNote:')[0] as string)
    .split('\n')
    .filter((line) => !/^See more help with --help$/.test(line.trim()))
    .join(' ');
  const text = oneLine(message).replace(/:$/, '');
  const help = command ? `; see '${bin} ${command} --help'` : `; see '${bin} --help'`;
  return { line: `error: ${lowerFirst(text)}${help}`, exitCode: ExitCode.usage };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? `${text[0]?.toLowerCase()}${text.slice(1)}` : text;
}
