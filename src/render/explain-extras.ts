import type { JsonSchema } from '../openapi/documents.js';
import { declaresDefault, deprecationText, effectiveSchema, isSet } from '../openapi/schema.js';

/**
 * What kubectl explain leaves out, as short "name: value" lines: defaults,
 * the full enum when kubectl cuts it, format, bounds, pattern, nullable,
 * list and map semantics, preserve-unknown-fields, int-or-string, CEL
 * validation rules and deprecation. --kubectl-compat turns them off.
 */

export function extraLines(schema: JsonSchema, document: unknown, options: { enumShownLimit?: number } = {}): string[] {
  const s = effectiveSchema(schema, document);
  const lines: string[] = [];
  if (declaresDefault(s.default)) lines.push(`default: ${formatValue(s.default)}`);
  if (options.enumShownLimit !== undefined && Array.isArray(s.enum) && s.enum.length > options.enumShownLimit) {
    lines.push(`all enum values: ${s.enum.map(formatEnumValue).join(', ')}`);
  }
  if (isSet(s.format)) lines.push(`format: ${s.format}`);
  const bounds = [
    s.minimum !== undefined ? `minimum: ${s.minimum}${s.exclusiveMinimum === true ? ' (exclusive)' : ''}` : '',
    s.maximum !== undefined ? `maximum: ${s.maximum}${s.exclusiveMaximum === true ? ' (exclusive)' : ''}` : '',
    s.minLength !== undefined ? `minLength: ${s.minLength}` : '',
    s.maxLength !== undefined ? `maxLength: ${s.maxLength}` : '',
    s.minItems !== undefined ? `minItems: ${s.minItems}` : '',
    s.maxItems !== undefined ? `maxItems: ${s.maxItems}` : '',
    s.minProperties !== undefined ? `minProperties: ${s.minProperties}` : '',
    s.maxProperties !== undefined ? `maxProperties: ${s.maxProperties}` : '',
  ].filter(Boolean);
  if (bounds.length > 0) lines.push(bounds.join(', '));
  if (isSet(s.pattern)) lines.push(`pattern: ${s.pattern}`);
  if (s.nullable === true) lines.push('nullable: true');
  if (isSet(s['x-kubernetes-list-type'])) {
    const keys = s['x-kubernetes-list-map-keys'];
    lines.push(
      `list-type: ${s['x-kubernetes-list-type']}${Array.isArray(keys) && keys.length > 0 ? `, map-keys: ${keys.join(', ')}` : ''}`,
    );
  }
  if (isSet(s['x-kubernetes-map-type'])) lines.push(`map-type: ${s['x-kubernetes-map-type']}`);
  if (s['x-kubernetes-preserve-unknown-fields'] === true) lines.push('preserve-unknown-fields: true (fields not listed are kept)');
  if (s['x-kubernetes-int-or-string'] === true) lines.push('int-or-string: true');
  if (s['x-kubernetes-embedded-resource'] === true) lines.push('embedded-resource: true');
  for (const rule of s['x-kubernetes-validations'] ?? []) {
    const message = rule.message ?? rule.messageExpression;
    lines.push(`validation: ${rule.rule}${message ? ` (${message})` : ''}`);
  }
  const deprecation = deprecationText(s);
  if (deprecation) lines.push(`deprecated: ${deprecation}`);
  return lines;
}

/** True when a schema has no properties but keeps unknown fields: any fields are allowed. */
export function allowsAnyFields(schema: JsonSchema, document: unknown): boolean {
  const s = effectiveSchema(schema, document);
  return s['x-kubernetes-preserve-unknown-fields'] === true && !isSet(s.properties);
}

export const anyFieldsLine = 'This schema allows any fields (x-kubernetes-preserve-unknown-fields, no properties listed).';

function formatValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}

function formatEnumValue(value: unknown): string {
  return value === '' ? '""' : typeof value === 'string' ? value : JSON.stringify(value);
}
