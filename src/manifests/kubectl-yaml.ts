import { FAILSAFE_SCHEMA, loadAll, type Schema, Type } from 'js-yaml';
import type { ScalarTag, Tags } from 'yaml';

/**
 * YAML as kubectl reads it before the apiserver sees it: Go's yaml.v2 decoding into interface{},
 * then JSON. Its plain scalars differ from YAML 1.1 as the spec (and the yaml package) has it:
 * timestamps stay the strings they were written as, base-60 numbers (1:20) are strings, an
 * integer takes Go's strconv prefixes (0o17, 0X1F, 0B11) with underscores anywhere, and a float
 * needs a digit ("." and ".e5" are strings). Each value here was checked against kubectl and the
 * v1.36.3 apiserver (test/unit/check.test.ts, and the check corpus's oracle cases).
 *
 * Two readers share these rules: the yaml package, which knows where every key is, and js-yaml,
 * about fifteen times faster on many small documents, which gives values only.
 */

const integerPattern = /^[-+]?(?:0[bB][01_]+|0[oO][0-7_]+|0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const floatPattern = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?$/;
const infinityOrNaN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const truePattern = /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const falsePattern = /^(?:n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/;

function toInteger(source: string): number {
  const text = source.replaceAll('_', '');
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.replace(/^[-+]/, '');
  const prefix = /^0[bBoOxX]/.test(digits) ? digits[1]?.toLowerCase() : undefined;
  if (prefix) return sign * Number.parseInt(digits.slice(2), prefix === 'b' ? 2 : prefix === 'o' ? 8 : 16);
  // A leading zero is octal to strconv.ParseInt(s, 0, 64); 08 is not octal, and Go then reads it as the float 8.
  if (/^0[0-7]+$/.test(digits)) return sign * Number.parseInt(digits, 8);
  return sign * Number.parseInt(digits, 10);
}

function toFloat(source: string): number {
  if (infinityOrNaN.test(source)) {
    if (/nan/i.test(source)) return Number.NaN;
    return source.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return Number.parseFloat(source.replaceAll('_', ''));
}

const intTag = 'tag:yaml.org,2002:int';
const floatTag = 'tag:yaml.org,2002:float';

/** The yaml package's YAML 1.1 tags with the numbers and timestamps replaced by kubectl's (.inf and .nan stay). */
export function kubectlScalarTags(tags: Tags): Tags {
  const kept = tags.filter(
    (tag) =>
      typeof tag === 'string' ||
      !(tag.tag === 'tag:yaml.org,2002:timestamp' || tag.tag === intTag || (tag.tag === floatTag && !matches(tag, '.inf'))),
  );
  const integer: ScalarTag = { tag: intTag, default: true, test: integerPattern, resolve: toInteger };
  const float: ScalarTag = { tag: floatTag, default: true, test: floatPattern, resolve: toFloat };
  return [integer, ...kept, float];
}

function matches(tag: Exclude<Tags[number], string>, text: string): boolean {
  return 'test' in tag && tag.test instanceof RegExp && tag.test.test(text);
}

const scalar = (tag: string, pattern: RegExp | ((text: string) => boolean), construct: (text: string) => unknown) =>
  new Type(tag, {
    kind: 'scalar',
    resolve: (text: unknown) => typeof text === 'string' && (typeof pattern === 'function' ? pattern(text) : pattern.test(text)),
    construct,
  });

/** js-yaml's schema for the same rules: strings, lists and maps, then null, booleans, numbers and merge keys. */
let schema: Schema | undefined;
function kubectlSchema(): Schema {
  schema ??= FAILSAFE_SCHEMA.extend({
    implicit: [
      scalar('tag:yaml.org,2002:null', /^(?:~|null|Null|NULL|)$/, () => null),
      scalar(
        'tag:yaml.org,2002:bool',
        (text) => truePattern.test(text) || falsePattern.test(text),
        (text) => truePattern.test(text),
      ),
      scalar(intTag, integerPattern, toInteger),
      scalar(floatTag, (text) => floatPattern.test(text) || infinityOrNaN.test(text), toFloat),
      scalar('tag:yaml.org,2002:merge', /^<<$/, (text) => text),
    ],
  });
  return schema;
}

const explicitKey = /^[ \t-]*\?(?:[ \t]|$)/m;
const collectionKey = /[\]}][ \t]*:(?:[ \t]|$)/m;

/**
 * The documents' values, read fast, or undefined when the fast reader cannot be trusted to give
 * what the yaml package would: a syntax error, a repeated key, an explicit tag it does not know,
 * a collection reached twice (an alias: the yaml package counts what aliases expand to),
 * a list or map as a key, or nesting deeper than maxDepth. The caller then reads the text with the yaml package.
 */
export function quickValues(text: string, maxDepth: number): unknown[] | undefined {
  // A key that is a list or a map: the two readers name it differently. Declined on sight (a
  // false alarm in a quoted string only costs speed).
  if (explicitKey.test(text) || collectionKey.test(text)) return undefined;
  let values: unknown[];
  try {
    values = loadAll(text, null, { schema: kubectlSchema() });
  } catch {
    return undefined;
  }
  const seen = new Set<object>();
  const stack: Array<[unknown, number]> = values.map((value) => [value, 1]);
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    if (seen.has(value) || depth > maxDepth) return undefined;
    seen.add(value);
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, depth + 1]);
  }
  return values;
}
