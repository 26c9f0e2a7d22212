/**
 * kubectl accepts --flag=true and --flag=false for boolean flags; oclif accepts
 * only --flag (and --no-flag). Rewrites the kubectl spellings before parsing.
 */
export function normalizeBooleanFlags(argv: string[], booleanFlags: string[], triStateFlags: string[] = []): string[] {
  const result: string[] = [];
  for (const arg of argv) {
    if (arg === '--') {
      result.push(...argv.slice(argv.indexOf(arg)));
      break;
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
