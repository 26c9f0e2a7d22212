import { Environment } from '@marcbachmann/cel-js';
import { compileRegex } from './regex.js';

/**
 * The CEL environment x-kubernetes-validations rules run in: @marcbachmann/cel-js
 * (standard functions, macros, optional types) plus the Kubernetes CEL
 * libraries rules use that it lacks (lists, strings; k8s.io/apiserver
 * pkg/cel/library). matches() goes through RE2, as in Go, so a hostile
 * pattern cannot hang kapi. A function neither has (find(), findAll(),
 * quantity(), url(), ip(), cidr(), format()...) makes the rule
 * "not evaluated" for the caller, never a failure.
 */

type Comparable = bigint | number | string | boolean;

function compare(a: Comparable, b: Comparable): number {
  if (typeof a === 'string' || typeof b === 'string') return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  return a < b ? -1 : a > b ? 1 : 0;
}

function regexOf(pattern: string) {
  const regex = compileRegex(pattern);
  if (!regex) throw new Error(`invalid regular expression ${JSON.stringify(pattern)}`);
  return regex;
}

function codePoints(text: string): string[] {
  return Array.from(text);
}

function replace(text: string, from: string, to: string, count: bigint): string {
  if (count < 0n) return text.split(from).join(to);
  let out = text;
  let at = 0;
  for (let n = 0n; n < count; n++) {
    const index = out.indexOf(from, at);
    if (index < 0) break;
    out = out.slice(0, index) + to + out.slice(index + from.length);
    at = index + to.length + (from === '' ? 1 : 0);
  }
  return out;
}

function quote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function sum(list: Comparable[]): bigint | number {
  if (list.length === 0) return 0n;
  if (list.every((item) => typeof item === 'bigint')) return (list as bigint[]).reduce((a, b) => a + b, 0n);
  return list.reduce<number>((a, b) => a + Number(b), 0);
}

function extreme(list: Comparable[], sign: 1 | -1): Comparable {
  if (list.length === 0) throw new Error('min/max of an empty list');
  let best = list[0] as Comparable;
  for (const item of list) if (compare(item, best) * sign > 0) best = item;
  return best;
}

function indexOfList(list: unknown[], value: unknown, last: boolean): bigint {
  const key = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  const keys = list.map((item) => JSON.stringify(item, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  return BigInt(last ? keys.lastIndexOf(key) : keys.indexOf(key));
}

/**
 * The rule with `.matches(` calls (outside string literals) renamed to the
 * RE2 version: the library's own matches() uses JavaScript's backtracking
 * RegExp, which a hostile pattern could stall.
 */
export function withRe2Matches(rule: string): string {
  let out = '';
  let i = 0;
  while (i < rule.length) {
    const ch = rule[i] as string;
    if (ch === '"' || ch === "'") {
      const triple = rule.startsWith(ch.repeat(3), i);
      const close = triple ? ch.repeat(3) : ch;
      let j = i + close.length;
      while (j < rule.length && !rule.startsWith(close, j)) j += rule[j] === '\\' ? 2 : 1;
      out += rule.slice(i, j + close.length);
      i = j + close.length;
      continue;
    }
    if (rule.startsWith('.matches(', i)) {
      out += '.re2Matches(';
      i += '.matches('.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

let environment: Environment | undefined;

export function celEnvironment(): Environment {
  if (environment) return environment;
  const env = new Environment({
    unlistedVariablesAreDyn: true,
    enableOptionalTypes: true,
    homogeneousAggregateLiterals: false,
    limits: { maxAstNodes: 10000, maxDepth: 100, maxListElements: 1000, maxMapEntries: 1000, maxCallArguments: 32 },
  });
  env
    .registerFunction('string.charAt(int): string', (text: string, index: bigint) => {
      const points = codePoints(text);
      if (index < 0n || index > BigInt(points.length)) throw new Error('index out of range');
      return points[Number(index)] ?? '';
    })
    .registerFunction('string.replace(string, string): string', (text: string, from: string, to: string) => replace(text, from, to, -1n))
    .registerFunction('string.replace(string, string, int): string', replace)
    // strings.quote(s): `strings` is bound to an empty map (celGlobals) whose quote() is this.
    .registerFunction('map.quote(string): string', (_namespace: unknown, text: string) => quote(text))
    .registerFunction('string.re2Matches(string): bool', (text: string, pattern: string) => regexOf(pattern).test(text))
    .registerFunction('list.isSorted(): bool', (list: Comparable[]) =>
      list.every((item, i) => i === 0 || compare(list[i - 1] as Comparable, item) <= 0),
    )
    .registerFunction('list.sum(): dyn', sum)
    .registerFunction('list.min(): dyn', (list: Comparable[]) => extreme(list, -1))
    .registerFunction('list.max(): dyn', (list: Comparable[]) => extreme(list, 1))
    .registerFunction('list.indexOf(dyn): int', (list: unknown[], value: unknown) => indexOfList(list, value, false))
    .registerFunction('list.lastIndexOf(dyn): int', (list: unknown[], value: unknown) => indexOfList(list, value, true));
  environment = env;
  return env;
}

/** Names rules may use besides self: the `strings` namespace of strings.quote(). */
export const celGlobals: Readonly<Record<string, unknown>> = Object.freeze({ strings: new Map() });
