import { Command, Errors } from '@oclif/core';
import { ExitCode, isKapiError } from '../errors.js';
import type { ApiSurface } from '../surface/model.js';
import type { GlobalFlagValues } from './flags.js';
import { Session } from './session.js';
import { writeStderrLine, writeStderrText } from './stderr.js';
import { formatFailureWarnings } from './warnings.js';

/**
 * What every kapi command shares: a session over a cluster or snapshot,
 * tracing on stderr, warnings for partial answers, and one-line errors with
 * documented exit codes instead of stack traces.
 */
export abstract class KapiCommand extends Command {
  private session?: Session;

  /** The command's session; it traces requests when the flags ask for it and is closed after the command. */
  protected openSession(flags: GlobalFlagValues): Session {
    this.session = Session.open(flags, writeStderrText);
    return this.session;
  }

  /** Prints one warning per group-version that failed, and the served-by notice; marks the run partial. */
  protected reportPartial(surface: ApiSurface, options: { servedBy: boolean } = { servedBy: false }): void {
    for (const line of formatFailureWarnings(surface.failures)) writeStderrLine(line);
    if (options.servedBy && surface.servedByNotice) writeStderrLine(`Notice: ${surface.servedByNotice}`);
    if (surface.failures.length > 0) process.exitCode = ExitCode.partial;
  }

  protected write(text: string): void {
    process.stdout.write(text);
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<void> {
    if (isKapiError(error)) {
      writeStderrLine(`error: ${error.message}`);
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof Errors.CLIError || error.exitCode !== undefined) throw error;
    writeStderrLine(`error: unexpected: ${error.message}`);
    if (process.env.KAPI_DEBUG) writeStderrText(`${error.stack}\n`);
    process.exitCode = ExitCode.unexpected;
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    await this.session?.close();
    return super.finally(error);
  }
}
