// Validates a document against its checked-in schema (schemas/<name>.schema.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import type { jsonOutputs } from '../../scripts/json-schemas.ts';

export type OutputName = (typeof jsonOutputs)[number]['name'];

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<OutputName, ValidateFunction>();

export function schemaPath(name: OutputName): string {
  return new URL(`../../schemas/${name}.schema.json`, import.meta.url).pathname;
}

export function assertMatchesSchema(name: OutputName, document: unknown): void {
  let validate = validators.get(name);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(schemaPath(name), 'utf8')));
    validators.set(name, validate);
  }
  assert.ok(validate(document), `${name}: ${ajv.errorsText(validate.errors)}`);
}
