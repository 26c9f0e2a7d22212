import type { ArgInput, FlagInput, Input, ParserOutput } from '@oclif/core/interfaces';
import { ExitCode, isKapiError } from '../errors.js';
import type { ApiSurface } from '../surface/model.js';
import { CLIError, isUsageError, offlineHint } from './cli-errors.js';
import type { GlobalFlagValues } from './flags.js';
import { parse } from './parser.js';
import { Session } from './session.js';
import { writeStderrLine, writeStderrText } from './stderr.js';
import { partialAnswerLines } from './warnings.js';

/** What a command reads of the CLI's configuration: oclif's Config, or the launcher's few fields. */
export interface CommandConfig {
  bin: string;
  /** The package folder (or a file URL in it), where oclif finds the manifest: for `kapi help`. */
  root?: string;
}

type Values = Record<string, unknown>;
type ParserContext = NonNullable<Input<Values, Values, Values>['context']>;

export type CommandExample = { command: string; description: string } | string;

/**
 * What every kapi command shares: a session over a cluster or snapshot,
 * tracing on stderr, warnings for partial answers, and one-line errors with
 * documented exit codes instead of stack traces.
 *
 * Shaped like oclif's Command (static flags and args for the manifest and help, `this.parse`,
 * `this.argv`), but not one: running a command this way needs only oclif's parser, not its
 * config, plugins and hooks (src/launch/run.ts).
 */
export abstract class KapiCommand {
  static id: string;
  static summary?: string;
  static description: string | undefined;
  static examples?: CommandExample[];
  static flags: FlagInput = {};
  static args: ArgInput = {};
  static strict = true;
  static hidden?: boolean;
  static aliases: string[] = [];

  readonly id: string;
  private session?: Session;
  /**
   * --kubectl-compat on api-versions, api-resources and explain: exit as kubectl does (1 for any error,
   * 0 for a partial answer unless the command says otherwise), not with kapi's codes.
   */
  protected kubectlExitCodes = false;

  constructor(
    public argv: string[],
    public readonly config: CommandConfig,
  ) {
    this.id = (this.constructor as typeof KapiCommand).id;
  }

  /** Instantiates the command and runs it: parse errors and oclif's exit requests are thrown, everything else is handled by catch. */
  static async run(this: KapiCommandClass, argv: string[], config: CommandConfig): Promise<void> {
    const command = new this(argv, config);
    let failure: Error | undefined;
    try {
      await command.run();
    } catch (error) {
      failure = error as Error;
      await command.catch(failure);
    } finally {
      await command.finally(failure);
    }
  }

  abstract run(): Promise<void>;

  /** oclif's parser, as oclif's Command.parse calls it: the command is the context of its errors. */
  protected async parse<F extends Values, B extends Values, A extends Values>(
    options: Input<F, B, A>,
    argv: string[] = this.argv,
  ): Promise<ParserOutput<F, B, A>> {
    this.argv = [...argv];
    // The parser reads only the command's id from its context (for the error's help hint).
    const context = this as unknown as ParserContext;
    return parse(argv, { context, ...options, flags: { ...options.baseFlags, ...options.flags } as FlagInput<F> });
  }

  /** A usage error (exit 2 unless given), printed by the launcher as one line. */
  protected error(message: string, options: { exit?: number } = {}): never {
    throw new CLIError(message, options);
  }

  /** The command's session; it traces requests when the flags ask for it and is closed after the command. */
  protected openSession(flags: GlobalFlagValues): Session {
    this.session = Session.open(flags, writeStderrText);
    return this.session;
  }

  /** Prints one warning per group-version that failed, and the served-by notice; marks the run partial. */
  protected reportPartial(surface: ApiSurface, options: { servedBy: boolean } = { servedBy: false }): void {
    for (const line of partialAnswerLines(surface, options)) writeStderrLine(line);
    if (surface.failures.length > 0 && !this.kubectlExitCodes) process.exitCode = ExitCode.partial;
  }

  protected write(text: string): void {
    process.stdout.write(text);
  }

  protected async catch(error: Error & { exitCode?: number }): Promise<void> {
    if (isKapiError(error)) {
      writeStderrLine(`error: ${error.message}${offlineHint(error)}`);
      process.exitCode = this.kubectlExitCodes ? ExitCode.unexpected : error.exitCode;
      return;
    }
    if (isUsageError(error) || error.exitCode !== undefined) throw error;
    writeStderrLine(`error: unexpected: ${error.message}`);
    if (process.env.KAPI_DEBUG) writeStderrText(`${error.stack}\n`);
    process.exitCode = ExitCode.unexpected;
  }

  protected async finally(_error: Error | undefined): Promise<void> {
    await this.session?.close();
  }
}

/** A command class as the launcher and oclif see it. */
export type KapiCommandClass = (new (argv: string[], config: CommandConfig) => KapiCommand) & typeof KapiCommand;
