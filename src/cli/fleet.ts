import { listContexts } from '../cluster/connection.js';
import { Semaphore } from '../cluster/semaphore.js';
import type { GlobalFlagValues } from './flags.js';
import { Flags } from './parser.js';
import { Session } from './session.js';

/** --context (repeatable) and --all-contexts, for the commands that work on a fleet: audit, doctor and snapshot. */
export const fleetFlags = {
  context: Flags.string({
    description: 'The name of the kubeconfig context to use; repeat it to check several clusters.',
    multiple: true,
    helpGroup: 'CONNECTION',
  }),
  'all-contexts': Flags.boolean({
    description: 'Check every context of the kubeconfig, concurrently (at most 4 at a time), with a matrix summary.',
    helpGroup: 'CONNECTION',
  }),
};

/** How many clusters are checked at once. */
export const fleetConcurrency = 4;

export type FleetFlagValues = Omit<GlobalFlagValues, 'context'> & { context?: string[]; 'all-contexts': boolean };

/** The contexts to check as a fleet, or undefined for the usual single-cluster run (no flag or one --context). */
export async function fleetContexts(flags: FleetFlagValues): Promise<string[] | undefined> {
  if (flags['all-contexts']) return listContexts({ kubeconfig: flags.kubeconfig });
  const named = [...new Set(flags.context ?? [])];
  if (named.length > 1) return named;
  return undefined;
}

/** The flags of a single-cluster run. */
export function singleContextFlags(flags: FleetFlagValues): GlobalFlagValues {
  return { ...flags, context: flags.context?.[0] };
}

/** A context that could not be checked keeps the server its kubeconfig names, when that much resolved. */
export type ContextOutcome<T> = { context: string; result: T } | { context: string; error: string; server?: string };

/** Runs `check` on every context with its own session, a few at a time. A cluster that fails is an outcome, never an abort. */
export async function checkFleet<T>(
  flags: FleetFlagValues,
  contexts: string[],
  check: (session: Session) => Promise<T>,
): Promise<Array<ContextOutcome<T>>> {
  const semaphore = new Semaphore(fleetConcurrency);
  return Promise.all(
    contexts.map((context) =>
      semaphore.run(async () => {
        const session = new Session({ ...singleContextFlags(flags), context });
        try {
          return { context, result: await check(session) };
        } catch (error) {
          const server = await session.resolvedServer();
          return { context, error: error instanceof Error ? error.message : String(error), ...(server ? { server } : {}) };
        } finally {
          await session.close();
        }
      }),
    ),
  );
}
