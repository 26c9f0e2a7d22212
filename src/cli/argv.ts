/**
 * kubectl accepts --flag=true and --flag=false for boolean flags; oclif accepts
 * only --flag (and --no-flag). Rewrites the kubectl spellings before parsing.
 */
export function normalizeBooleanFlags(argv: string[], booleanFlags: string[], triStateFlags: string[] = []): string[] {
  const result: string[] = [];
  for (const arg of argv) {
    if (arg === '--') {
      return result.concat(argv.slice(argv.indexOf(arg)));
    }
    const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    const name = match?.[1];
    const value = match?.[2];
    if (name && triStateFlags.includes(name)) {
      result.push(value === undefined ? `--${name}=true` : arg);
    } else if (name && booleanFlags.includes(name) && value !== undefined) {
      if (/^(true|1|t)$/i.test(value)) result.push(`--${name}`);
      else if (!/^(false|0|f)$/i.test(value)) result.push(arg);
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
  return normalizeBooleanFlags(argv, booleans, triState);
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
