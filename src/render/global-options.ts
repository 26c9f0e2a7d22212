import { wrapParagraphs } from './explain-wrap.js';

/** What `kapi options` reads of a flag definition (oclif's flag objects have these fields). */
export interface OptionShape {
  type: 'boolean' | 'option';
  char?: string;
  description?: string;
  helpGroup?: string;
  default?: unknown;
  options?: readonly string[];
  multiple?: boolean;
  env?: string;
}

/**
 * `kapi options`: the flags every cluster-reading command takes, once, grouped as each command's help
 * grouped them (CONNECTION, SOURCE, TRACING), as kubectl prints its global flags in `kubectl options`.
 */
export function renderGlobalOptions(flags: Record<string, OptionShape>, commands: string): string {
  const groups = new Map<string, string[]>();
  for (const [name, flag] of Object.entries(flags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const group = `${flag.helpGroup ?? 'GLOBAL'} FLAGS`;
    groups.set(group, [...(groups.get(group) ?? []), ...optionLines(name, flag)]);
  }
  const sections = [...groups].map(([group, lines]) => [group, ...lines].join('\n'));
  return `The following flags can be passed to ${commands}:\n\n${sections.join('\n\n')}\n`;
}

function optionLines(name: string, flag: OptionShape): string[] {
  const value = flag.type === 'boolean' ? '' : flag.options ? `=${flag.options.join('|')}` : '=<value>';
  const spelling = `${flag.char ? `-${flag.char}, ` : ''}--${name}${value}${flag.multiple ? '...' : ''}`;
  const notes = [
    flag.default !== undefined && flag.default !== false ? `default: ${String(flag.default)}` : undefined,
    flag.env ? `env: ${flag.env}` : undefined,
  ].filter((note) => note !== undefined);
  const description = `${notes.length > 0 ? `[${notes.join(', ')}] ` : ''}${flag.description ?? ''}`;
  return [`  ${spelling}`, ...wrapParagraphs(description, 74).map((line) => `      ${line}`)];
}
