/**
 * A fast reading of the YAML a kubeconfig is usually written in, for client-node's
 * KubeConfig.loadFromString (the build puts it in front of js-yaml there: scripts/narrow-client-node.mjs).
 * js-yaml costs ~15 ms of CPU to load and to run once on a 30-line kubeconfig, more than kapi's
 * own work on a live `api-resources`. This reads only block mappings and sequences of plain
 * ASCII strings, the booleans and nulls of YAML's core schema, quoted strings without escapes,
 * and empty `{}` and `[]`: what kubectl, kind and the cloud CLIs write. It answers undefined for
 * anything else (numbers, dates, anchors, tags, comments after a value, flow collections,
 * multi-line scalars, duplicate keys, tabs, non-ASCII text...), and js-yaml reads the text as before.
 * When it answers, the value is the one js-yaml gives (test/unit/kubeconfig-yaml.test.ts holds it to that).
 */

interface Line {
  indent: number;
  text: string;
}

/** Thrown inside the reader when the text is not in the subset; never leaves this module. */
const refused = Symbol('refused');

/** The mapping a kubeconfig's YAML holds, or undefined when js-yaml must read it. */
export function readKubeconfigYaml(source: string): Record<string, unknown> | undefined {
  // Printable ASCII and newlines only: no tabs, CR, BOM or characters js-yaml refuses.
  if (/[^\x20-\x7e\n]/.test(source)) return undefined;
  const lines: Line[] = [];
  for (const raw of source.split('\n')) {
    const text = raw.trimStart();
    if (text === '' || text.startsWith('#')) continue;
    lines.push({ indent: raw.length - text.length, text: text.trimEnd() });
  }
  const first = lines[0];
  if (!first || isItem(first.text)) return undefined;
  try {
    const reader = new Reader(lines);
    const value = reader.mapping(first.indent);
    return reader.done() ? value : undefined;
  } catch (error) {
    if (error === refused) return undefined;
    throw error;
  }
}

const isItem = (text: string) => text === '-' || text.startsWith('- ');
/** Keys kubeconfigs use; they stay strings whatever js-yaml's schema would make of them. */
const keyPattern = /^([A-Za-z_][A-Za-z0-9_./-]*):(?: +(.*))?$/;

class Reader {
  private next = 0;

  constructor(private readonly lines: Line[]) {}

  done(): boolean {
    return this.next === this.lines.length;
  }

  /** A block mapping whose keys are at `indent`. */
  mapping(indent: number): Record<string, unknown> {
    const value: Record<string, unknown> = {};
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      const match = keyPattern.exec(line.text);
      if (!match) throw refused;
      const [, key, rest] = match as unknown as [string, string, string | undefined];
      // js-yaml makes a key of true, False or NULL a boolean or null, then a string again ("true", "false", "null").
      if (key === '__proto__' || Object.hasOwn(value, key) || /^(?:null|true|false)$/i.test(key)) throw refused;
      this.next++;
      value[key] = rest === undefined ? this.nested(indent, true) : this.scalar(rest, indent);
    }
    this.ended(indent);
    return value;
  }

  /** A block sequence whose dashes are at `indent` (`compact`: at the indent of the key it is the value of). */
  private sequence(indent: number, compact: boolean): unknown[] {
    const value: unknown[] = [];
    for (let line = this.peek(); line && line.indent === indent && isItem(line.text); line = this.peek()) {
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        this.next++;
        value.push(this.nested(indent, false));
      } else if (keyPattern.test(rest)) {
        // "- name: x": a mapping whose keys line up with the first one's.
        this.lines[this.next] = { indent: indent + line.text.length - rest.length, text: rest };
        value.push(this.mapping(this.lines[this.next]?.indent as number));
      } else {
        this.next++;
        value.push(this.scalar(rest, indent));
      }
    }
    // The key's next sibling may follow a compact sequence at the same indent.
    this.ended(compact ? indent + 1 : indent);
    return value;
  }

  /** What follows "key:" or "-" on the next lines: a deeper block, a sequence at the key's own indent, or null. */
  private nested(indent: number, inMapping: boolean): unknown {
    const line = this.peek();
    if (line && line.indent > indent) return isItem(line.text) ? this.sequence(line.indent, false) : this.mapping(line.indent);
    if (inMapping && line && line.indent === indent && isItem(line.text)) return this.sequence(indent, true);
    return null;
  }

  /** A value on its key's or dash's line; the next line must not continue it. */
  private scalar(text: string, indent: number): unknown {
    const next = this.peek();
    if (next && next.indent > indent) throw refused;
    if (text === '{}') return {};
    if (text === '[]') return [];
    if (text.startsWith('"')) {
      const inner = text.slice(1, -1);
      if (text.length < 2 || !text.endsWith('"') || /["\\]/.test(inner)) throw refused;
      return inner;
    }
    if (text.startsWith("'")) {
      const inner = text.slice(1, -1);
      if (text.length < 2 || !text.endsWith("'") || inner.replaceAll("''", '').includes("'")) throw refused;
      return inner.replaceAll("''", "'");
    }
    return plain(text);
  }

  /** After a block: the next line is a parent's (less indented) or there is none. */
  private ended(indent: number): void {
    const line = this.peek();
    if (line && line.indent >= indent) throw refused;
  }

  private peek(): Line | undefined {
    return this.lines[this.next];
  }
}

/** A plain scalar as YAML's core schema resolves it, for the strings, booleans and nulls only. */
function plain(text: string): unknown {
  // Indicators, numbers, dates and .inf/.nan, comments and "key: value" pairs are left to js-yaml;
  // a command-line flag (--region, -v) is a string.
  const start = /^--?[A-Za-z]/.test(text) ? text.replace(/^-+/, '') : text;
  if (/^[-?:,[\]{}#&*!|>'"%@`+.0-9<=]/.test(start) || text.includes(': ') || text.includes(' #') || text.endsWith(':')) throw refused;
  if (/^(?:null|Null|NULL|~)$/.test(text)) return null;
  if (/^(?:true|True|TRUE)$/.test(text)) return true;
  if (/^(?:false|False|FALSE)$/.test(text)) return false;
  return text;
}
