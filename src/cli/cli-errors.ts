import { ExitCode, HttpError, type KapiError } from '../errors.js';
import { didYouMean } from '../suggest.js';

/**
 * A usage error, as oclif's CLIError: the message and the exit code (`oclif.exit`, 2 unless
 * given). The build makes oclif's parser throw this class (scripts/oclif-parser-only.mjs), so
 * commands do not load oclif's error handling.
 */
export class CLIError extends Error {
  oclif: { exit?: number | false };
  code?: string;
  suggestions?: string[];

  constructor(error: string | Error, options: { exit?: number | false; code?: string; suggestions?: string[] } = {}) {
    super(error instanceof Error ? error.message : error);
    this.oclif = { exit: options.exit === undefined ? ExitCode.usage : options.exit };
    this.code = options.code;
    this.suggestions = options.suggestions;
  }
}

/**
 * What a command's error line ends with when the cluster could not be reached at all (refused, DNS,
 * no answer within --request-timeout; not TLS): the way to work without it.
 */
export function offlineHint(error: KapiError): string {
  const unreachable = error instanceof HttpError && (error.code === 'unreachable' || error.code === 'timeout');
  return unreachable ? '; is the cluster running? use --snapshot builtin to work offline' : '';
}

/** What to print (nothing for oclif's exit request) and which code to exit with for an error that reached the top of the CLI. */
export interface TopLevelFailure {
  line?: string;
  exitCode: number;
}

/**
 * Parse errors (unknown flag, missing argument, bad option value) and oclif's own errors
 * (unknown command) as the README promises every error: one line, `error: …`, exit 2,
 * without oclif's ` ›   Error:` prefix or a help dump. oclif's exit request prints nothing and exits with its code.
 */
export function describeTopLevelError(error: unknown, bin = 'kapi', commandId?: string): TopLevelFailure {
  if (isExitRequest(error)) return { exitCode: typeof error.oclif.exit === 'number' ? error.oclif.exit : ExitCode.unexpected };
  if (!(error instanceof Error)) return { line: `error: unexpected: ${String(error)}`, exitCode: ExitCode.unexpected };
  if (!isUsageError(error)) return { line: `error: unexpected: ${oneLine(error.message)}`, exitCode: ExitCode.unexpected };
  // Some of oclif's errors (a value not among the options) carry no parse context: the launcher names the command.
  const command = (error as { parse?: { input?: { context?: { id?: string } } } }).parse?.input?.context?.id ?? commandId;
  // oclif appends a note about flags that take several values; it is not the error.
  const message = (error.message.split('\n\nNote:')[0] as string)
    .split('\n')
    .filter((line) => !/^See more help with --help$/.test(line.trim()))
    .join(' ');
  const text = missingArgs(error) ?? kapiWording(oneLine(message).replace(/:$/, ''));
  const suggestions = error instanceof CLIError ? (error.suggestions ?? []) : [];
  const help = suggestions.length > 0 ? didYouMean(suggestions) : command ? `; see '${bin} ${command} --help'` : `; see '${bin} --help'`;
  return { line: `error: ${lowerFirst(text)}${help}`, exitCode: ExitCode.usage };
}

/** kapi's CLIError, or one of oclif's: they carry `oclif.exit` (oclif's package is not loaded to ask). */
export function isUsageError(error: unknown): error is Error & { oclif: { exit?: number | false } } {
  return error instanceof CLIError || (error instanceof Error && (error as { oclif?: { exit?: unknown } }).oclif?.exit !== undefined);
}

/** oclif's ExitError (`this.exit()`): the code is the answer, there is nothing to print. */
function isExitRequest(error: unknown): error is Error & { oclif: { exit?: number | false } } {
  return isUsageError(error) && (error as { code?: string }).code === 'EEXIT';
}

/**
 * oclif's flag validation reads "The following error occurred: Missing required flag html"; kapi says
 * what is wrong in its own words: "missing required flag --html".
 */
function kapiWording(text: string): string {
  return text
    .replace(/^The following errors? occurred: /, '')
    .replace(/Missing required flag ([a-z][a-z0-9-]*)/g, 'missing required flag --$1');
}

/**
 * oclif's missing-arguments error lists each argument's name run into its description ("verb The verb: get, …
 * resource Resource type: …"); kapi names them as the usage line does: "missing 2 required args: VERB RESOURCE".
 */
function missingArgs(error: Error): string | undefined {
  const args = (error as { args?: unknown }).args;
  if (!/^Missing \d+ required arg/.test(error.message) || !Array.isArray(args)) return undefined;
  const names = args.map((arg: { name?: unknown }) => (typeof arg?.name === 'string' ? arg.name.toUpperCase() : '')).filter(Boolean);
  if (names.length === 0) return undefined;
  return `missing ${names.length} required arg${names.length === 1 ? '' : 's'}: ${names.join(' ')}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? `${text[0]?.toLowerCase()}${text.slice(1)}` : text;
}
