import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jsonSchemaSchema, openApiV3DocumentSchema, openApiV3IndexSchema, swaggerDocumentSchema } from '../../src/openapi/documents.ts';
import { readJsonSchema, readOpenApiV3Document, readOpenApiV3Index, readSwaggerDocument } from '../../src/openapi/well-formed.ts';
import { type Mutation, mutate, mutationsArbitrary, pathsOf } from '../support/mutate.ts';

const data = new URL('../data/', import.meta.url);
const json = (file: string): unknown => JSON.parse(readFileSync(new URL(file, data), 'utf8'));
const v3 = 'kube-v1.36.3/openapi/v3/';
const v3Files = [
  'api/v1.json',
  'apis.json',
  'apis/db.example.com/v1.json',
  'apis/wardle.example.com/v1alpha1.json',
  'apis/policy/v1.json',
  'apis/node.k8s.io/v1.json',
];
const k0sV2 = 'k0s-v1.21.0-capture/openapi/v2/index.json';

type Schema = { safeParse(value: unknown): { success: boolean; data?: unknown } };

/** The reader's answer is the schema's output to the byte (keys in the same order), or nothing. */
function agrees(read: (value: unknown) => unknown, schema: Schema, value: unknown, what: string): boolean {
  const fast = read(value);
  if (fast === undefined) return false;
  const parsed = schema.safeParse(value);
  assert.ok(parsed.success, `the schema refuses what the reader took: ${what}`);
  assert.equal(JSON.stringify(fast), JSON.stringify(parsed.data), what);
  assert.deepStrictEqual(fast, parsed.data, what);
  return true;
}

/** On `runs` mutations of the documents, every answer of the reader is the schema's; returns how many took the reader. */
function fuzz(documents: unknown[], read: (value: unknown) => unknown, schema: Schema, seed: number, runs: number): number {
  const paths = documents.map((document) => pathsOf(document));
  let fast = 0;
  fc.assert(
    fc.property(fc.nat(documents.length - 1), mutationsArbitrary, (index, mutations: Mutation[]) => {
      const mutated = mutate(documents[index], paths[index] ?? [], mutations);
      if (agrees(read, schema, mutated, JSON.stringify(mutations))) fast++;
    }),
    { seed, numRuns: runs },
  );
  return fast;
}

describe('the OpenAPI readers give what the zod schemas give, or leave the document to them', () => {
  it('read the real documents (v3 documents and index, v2 of two releases) to the schemas’ output', () => {
    for (const file of v3Files) assert.ok(agrees(readOpenApiV3Document, openApiV3DocumentSchema, json(v3 + file), file));
    assert.ok(agrees(readOpenApiV3Index, openApiV3IndexSchema, json(`${v3}index.json`), 'index'));
    assert.ok(agrees(readSwaggerDocument, swaggerDocumentSchema, json('kube-v1.36.3/openapi/v2.json'), 'v2'));
    assert.ok(agrees(readSwaggerDocument, swaggerDocumentSchema, json(k0sV2), k0sV2));
  });

  it('on 1,500 mutations of v3 documents: an answer is always the schema’s, and most take the reader', () => {
    const documents = v3Files.slice(2).map((file) => json(v3 + file));
    const fast = fuzz(documents, readOpenApiV3Document, openApiV3DocumentSchema, 20261203, 1500);
    assert.ok(fast > 300, `only ${fast} mutated documents took the reader`);
  });

  it('on 1,500 mutations of single schemas (a CRD’s, with CEL rules, and Pod’s): the same', () => {
    const crd = json(`${v3}apis/db.example.com/v1.json`) as { components: { schemas: Record<string, unknown> } };
    const core = json(`${v3}api/v1.json`) as { components: { schemas: Record<string, unknown> } };
    const schemas = [
      ...Object.values(crd.components.schemas).slice(0, 5),
      core.components.schemas['io.k8s.api.core.v1.PodSpec'],
      core.components.schemas['io.k8s.api.core.v1.Container'],
    ];
    const fast = fuzz(schemas, readJsonSchema, jsonSchemaSchema, 20261204, 1500);
    assert.ok(fast > 300, `only ${fast} mutated schemas took the reader`);
  });

  it('on 500 mutations of the v3 index: the same', () => {
    const fast = fuzz([json(`${v3}index.json`)], readOpenApiV3Index, openApiV3IndexSchema, 20261205, 500);
    assert.ok(fast > 30, `only ${fast} mutated indexes took the reader`);
  });

  const deep = (depth: number) => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < depth; i++) schema = { type: 'object', properties: { a: schema } };
    return { components: { schemas: { deep: schema } } };
  };
  const left: Array<[string, unknown]> = [
    ['required that is a string', { components: { schemas: { a: { required: 'x' } } } }],
    ['a property that is null', { components: { schemas: { a: { properties: { b: null } } } } }],
    ['an own __proto__ key', JSON.parse('{"components":{"schemas":{"a":{"properties":{"__proto__":{"type":"string"}}}}}}')],
    ['schemas that are an array', { components: { schemas: [] } }],
    ['a rule without its text', { components: { schemas: { a: { 'x-kubernetes-validations': [{ message: 'm' }] } } } }],
    ['nesting past the reader’s depth (zod decides, as before)', deep(150)],
  ];
  for (const [name, value] of left) {
    it(`${name}: left to the schema`, () => {
      assert.equal(readOpenApiV3Document(value), undefined);
    });
  }

  it('nesting within the reader’s depth is read', () => {
    assert.ok(agrees(readOpenApiV3Document, openApiV3DocumentSchema, deep(90), 'deep(90)'));
  });
});
