/** Go's strconv.ParseBool, which kubectl's flags use: exactly these spellings, nothing else. */
const goTrue = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const goFalse = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** true or false for a Go boolean spelling, undefined for anything else. */
export function parseGoBool(text: string): boolean | undefined {
  return goTrue.has(text) ? true : goFalse.has(text) ? false : undefined;
}

/**
 * kubectl accepts --flag=true and --flag=false (any Go boolean spelling) for boolean flags; oclif
 * accepts only --flag (and --no-flag). Rewrites the kubectl spellings before parsing: a boolean flag
 * to --flag or nothing, a tri-state flag (--namespaced) to --flag=true or --flag=false. An empty
 * value of a list flag (--verbs=) adds nothing, as pflag reads it. Other values are left for the
 * parser to refuse.
 */
export function normalizeBooleanFlags(
  argv: string[],
  booleanFlags: string[],
  triStateFlags: string[] = [],
  listFlags: string[] = [],
): string[] {
  const result: string[] = [];
  for (const [index, arg] of argv.entries()) {
    if (arg === '--') {
      return result.concat(argv.slice(index));
    }
    const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    const name = match?.[1];
    const value = match?.[2];
    const bool = value === undefined ? undefined : parseGoBool(value);
    if (name && triStateFlags.includes(name)) {
      result.push(value === undefined ? `--${name}=true` : bool === undefined ? arg : `--${name}=${bool}`);
    } else if (name && booleanFlags.includes(name) && value !== undefined) {
      if (bool === true) result.push(`--${name}`);
      else if (bool === undefined) result.push(arg);
    } else if (name && listFlags.includes(name) && value === '') {
      // pflag's string slices read "" as no values.
    } else {
      result.push(arg);
    }
  }
  return result;
}

/** What kubectlArgv reads of a flag definition. */
interface FlagShape {
  type: 'boolean' | 'option';
  options?: readonly string[];
  multiple?: boolean;
  delimiter?: string;
}

/**
 * normalizeBooleanFlags for a command's own flag definitions: its boolean
 * flags, and its tri-state flags (a value of true or false, unset meaning
 * neither, like --namespaced), named from the definitions.
 */
export function kubectlArgv(argv: string[], flags: Record<string, FlagShape>): string[] {
  const entries = Object.entries(flags);
  const booleans = entries.filter(([, flag]) => flag.type === 'boolean').map(([name]) => name);
  const triState = entries.filter(([, flag]) => flag.options?.join() === 'true,false').map(([name]) => name);
  const lists = entries.filter(([, flag]) => flag.multiple === true && flag.delimiter === ',').map(([name]) => name);
  return normalizeBooleanFlags(argv, booleans, triState, lists);
}

/**
 * kubectl takes global flags before the command (`kubectl --context prod api-resources`);
 * oclif wants the command first. Moves the leading flags after the command name.
 * `valueFlags` are the flags that take a value as the next argument.
 */
export function hoistCommand(argv: string[], commandIds: string[], valueFlags: string[]): string[] {
  const leading: string[] = [];
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index] as string;
    if (!arg.startsWith('-') || arg === '-' || arg === '--') break;
    leading.push(arg);
    index++;
    if (!arg.includes('=') && valueFlags.includes(arg) && index < argv.length) leading.push(argv[index++] as string);
  }
  const command = argv[index];
  if (leading.length === 0 || command === undefined || !commandIds.includes(command)) return argv;
  return [command, ...leading, ...argv.slice(index + 1)];
}
