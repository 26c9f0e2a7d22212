/**
 * The one budget of every walk over a schema's fields: search, explain --recursive (text, Markdown
 * and the -o json|yaml document), explore, completion of field paths, diff --schemas and the atlas
 * page. A schema comes from a server or a file and is untrusted: a few kilobytes whose $refs form a
 * DAG (each level's properties pointing to the next, no cycle) describe 2^40 field paths. A walk
 * counts what it visits and stops when a limit is reached; the budget remembers which limit, so the
 * command can say that its answer is cut short (a warning on stderr, a marked line, a JSON field).
 *
 * The limits sit far above real schemas: in Kubernetes 1.29 to 1.37 the largest kind has 1,429
 * fields (PodList), the deepest path 13 names and the most often expanded named schema 32
 * expansions in one kind (IntOrString in a DaemonSet).
 */
export interface WalkLimits {
  /** Fields (schema nodes) one walk visits. */
  nodes: number;
  /** Names in a field path. */
  depth: number;
  /** Expansions of one named schema ($ref) in one walk: the same schema is never expanded without bound. */
  repeats: number;
  /** Characters of text one walk writes. */
  outputChars: number;
}

export const walkLimits: Readonly<WalkLimits> = Object.freeze({ nodes: 50_000, depth: 40, repeats: 256, outputChars: 16 * 1024 * 1024 });

export type WalkLimit = keyof WalkLimits;

export class WalkBudget {
  readonly limits: Readonly<WalkLimits>;
  /** The first limit the walk reached; undefined while the walk is complete. */
  reached: WalkLimit | undefined;
  #nodes = 0;
  #chars = 0;
  readonly #expansions = new Map<string, number>();

  constructor(limits: Partial<WalkLimits> = {}) {
    this.limits = { ...walkLimits, ...limits };
  }

  /** Whether a field at this depth (names in its path) may be visited; counts it when it may. */
  enter(depth: number): boolean {
    if (depth > this.limits.depth) return this.#stop('depth');
    if (this.#nodes >= this.limits.nodes) return this.#stop('nodes');
    this.#nodes++;
    return true;
  }

  /** Whether the named schema may be expanded once more; counts the expansion when it may. */
  expand(ref: string): boolean {
    const count = this.#expansions.get(ref) ?? 0;
    if (count >= this.limits.repeats) return this.#stop('repeats');
    this.#expansions.set(ref, count + 1);
    return true;
  }

  /** Whether text of this length may still be written; counts it when it may. */
  write(length: number): boolean {
    if (this.#chars + length > this.limits.outputChars) return this.#stop('outputChars');
    this.#chars += length;
    return true;
  }

  get truncated(): boolean {
    return this.reached !== undefined;
  }

  #stop(limit: WalkLimit): false {
    this.reached ??= limit;
    return false;
  }
}

/** What a reached limit means, for messages: "50000 fields", "a depth of 40 fields"... */
export function walkLimitText(limit: WalkLimit, limits: Readonly<WalkLimits> = walkLimits): string {
  switch (limit) {
    case 'nodes':
      return `${limits.nodes} fields`;
    case 'depth':
      return `a depth of ${limits.depth} fields`;
    case 'repeats':
      return `${limits.repeats} expansions of one schema`;
    case 'outputChars':
      return `${limits.outputChars} characters of output`;
  }
}

/** The stderr line of a walk cut short; `what` names the resource (and field) walked. */
export function walkCutWarning(what: string, limit: WalkLimit, limits: Readonly<WalkLimits> = walkLimits): string {
  return `Warning: the field walk of ${what} stopped at ${walkLimitText(limit, limits)} (kapi's walk budget): the output is incomplete`;
}

/** The line a text output carries where its walk stopped. */
export function walkCutLine(limit: WalkLimit, limits: Readonly<WalkLimits> = walkLimits): string {
  return `... (truncated: the walk budget of ${walkLimitText(limit, limits)} was reached)`;
}
