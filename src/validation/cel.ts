import { celEnvironment, withRe2Matches } from './cel-library.js';
import type { SchemaCompiler, SchemaNode, ValidationRuleSpec } from './compile.js';
import { isRfc3339 } from './formats.js';
import type { SchemaIssue } from './issue.js';
import { type FieldPath, quoteValue } from './paths.js';

/**
 * x-kubernetes-validations evaluated as the apiserver does on create: `self`
 * is the node's value after structural defaulting, typed from the schema
 * (integer -> int, number -> double, date-time strings -> timestamp, property
 * names escaped as Kubernetes escapes them); transition rules (oldSelf) are
 * skipped, as on create. A rule that is false is an error with the rule's
 * message (messageExpression, reason and fieldPath honoured). A rule kapi
 * cannot parse or evaluate (a function its CEL library lacks, an evaluation
 * error such as a missing key) is `info` "not evaluated: …", never an error.
 */

type Program = ((context: Record<string, unknown>) => unknown) | Error;

const programs = new Map<string, Program>();
const maxPrograms = 4096;

function program(expression: string): Program {
  let compiled = programs.get(expression);
  if (compiled === undefined) {
    try {
      compiled = celEnvironment().parse(withRe2Matches(expression)) as Program;
    } catch (error) {
      compiled = error instanceof Error ? error : new Error(String(error));
    }
    if (programs.size >= maxPrograms) programs.clear();
    programs.set(expression, compiled);
  }
  return compiled;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

const reasons: Record<string, string> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueForbidden: 'Forbidden',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
};

/** ".spec.x", "['a.b'].c", ".list[0]" -> path parts; undefined when kapi cannot read it. */
export function parseFieldPath(text: string): Array<string | number> | undefined {
  const out: Array<string | number> = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[(\d+)\]/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(m[2].replace(/\\(.)/g, '$1'));
    else if (m[3] !== undefined) out.push(m[3].replace(/\\(.)/g, '$1'));
    else out.push(Number(m[4]));
    at = re.lastIndex;
  }
  return out;
}

const celReserved = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

/** A property name as Kubernetes CEL exposes it: x-y -> x__dash__y, a.b -> a__dot__b, if -> __if__. */
export function escapePropertyName(name: string): string {
  if (celReserved.has(name)) return `__${name}__`;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !name.includes('__')) return name;
  return name.replace(/__|[.\-/]/g, (token) =>
    token === '__' ? '__underscores__' : token === '.' ? '__dot__' : token === '-' ? '__dash__' : '__slash__',
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as CEL sees it, typed by its schema (bounded by the walk that produced it). */
export function toCel(value: unknown, node: SchemaNode | undefined, compiler: SchemaCompiler, depth = 0): unknown {
  if (depth > 100) return value;
  if (typeof value === 'number') {
    if (node?.type === 'number') return value;
    return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? BigInt(value) : value;
  }
  if (typeof value === 'string') {
    if (node?.format === 'date-time' && isRfc3339(value, true)) return new Date(value);
    return value;
  }
  if (Array.isArray(value)) {
    const items = node?.items === undefined ? undefined : compiler.compile(node.items);
    return value.map((item) => toCel(item, items, compiler, depth + 1));
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      const property = node?.properties?.get(key);
      if (property !== undefined) out[escapePropertyName(key)] = toCel(entry, compiler.compile(property), compiler, depth + 1);
      else {
        const additional = node?.additionalProperties;
        const child = additional !== undefined && additional !== true ? compiler.compile(additional) : undefined;
        out[key] = toCel(entry, child, compiler, depth + 1);
      }
    }
    return out;
  }
  return value;
}

export function celRuleEvaluator(compiler: SchemaCompiler) {
  return (node: SchemaNode, value: unknown, path: FieldPath, report: (issue: SchemaIssue) => void): void => {
    let context: Record<string, unknown> | undefined;
    for (const rule of node.validations) {
      // Transition rules compare with the stored object: not evaluated on create.
      if (/\boldSelf\b/.test(rule.rule)) continue;
      context ??= { self: toCel(value, node, compiler), strings: {} };
      // The apiserver shows the value in the error unless the schema's type is object or array.
      const shown = node.type === 'object' || node.type === 'array' ? undefined : quoteValue(value);
      evaluateRule(rule, context, path, shown, report);
    }
  };
}

function evaluateRule(
  rule: ValidationRuleSpec,
  context: Record<string, unknown>,
  path: FieldPath,
  shown: string | undefined,
  report: (issue: SchemaIssue) => void,
) {
  const compiled = program(rule.rule);
  const notEvaluated = (why: string) =>
    report({ path, rule: 'cel', severity: 'info', message: `not evaluated: ${JSON.stringify(rule.rule)}: ${why}` });
  if (compiled instanceof Error) return notEvaluated(firstLine(compiled));
  let result: unknown;
  try {
    result = compiled(context);
  } catch (error) {
    return notEvaluated(firstLine(error));
  }
  if (typeof result !== 'boolean') return notEvaluated(`the rule gives ${typeof result}, not a bool`);
  if (result) return;
  let message = rule.message !== undefined && rule.message.trim() !== '' ? rule.message : `failed rule: ${rule.rule}`;
  if (rule.messageExpression !== undefined) {
    const expression = program(rule.messageExpression);
    try {
      const text = expression instanceof Error ? undefined : expression(context);
      if (typeof text === 'string' && text.trim() !== '' && !text.includes('\n')) message = text;
    } catch {
      // The apiserver falls back to message (or the rule) when messageExpression fails.
    }
  }
  const where = rule.fieldPath === undefined ? path : [...path, ...(parseFieldPath(rule.fieldPath) ?? [])];
  const prefix = reasons[rule.reason ?? 'FieldValueInvalid'] ?? 'Invalid value';
  // As field.Error prints them: Invalid and Duplicate carry the value (Duplicate no message), the others the message.
  const text =
    prefix === 'Duplicate value'
      ? shown === undefined
        ? prefix
        : `${prefix}: ${shown}`
      : prefix === 'Invalid value' && shown !== undefined
        ? `${prefix}: ${shown}: ${message}`
        : `${prefix}: ${message}`;
  report({ path: where, rule: 'cel', severity: 'error', message: text });
}
