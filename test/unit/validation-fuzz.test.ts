// Property-based fuzzing of src/validation: hostile objects (mutations of real
// manifests, arbitrary JSON, very deep nesting) against real schemas, and
// hostile schemas ($ref cycles, allOf loops, junk keywords, CEL rules that do
// not parse or evaluate) against arbitrary objects. The property: validate()
// never throws, returns at most the issue limit, and every issue has the
// contract's shape. Fixed seeds, so a failure replays exactly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileSchema, type SchemaIssue } from '../../src/validation/index.ts';
import { walkLimits } from '../../src/validation/walk.ts';
import { mutate, mutationsArbitrary, pathsOf } from '../support/mutate.ts';
import { corpus } from '../support/validation-corpus.ts';

const seed = 20261203;
const settings = { seed, numRuns: 500, interruptAfterTimeLimit: 120_000, markInterruptAsFailure: true };
const rules = new Set(['unknown-field', 'type', 'required', 'enum', 'format', 'bounds', 'pattern', 'list-set', 'list-map', 'cel', 'null']);

type Doc = { components: { schemas: Record<string, unknown> } };
const read = (path: string) => JSON.parse(readFileSync(new URL(`../data/${path}`, import.meta.url), 'utf8')) as Doc;
const apps = read('kube-v1.36.3/openapi/v3/apis/apps/v1.json');
const probes = read('validation/probe-openapi-v3.json');

function wellFormed(issues: SchemaIssue[]): void {
  assert.ok(issues.length <= walkLimits.maxIssues + 1);
  for (const issue of issues) {
    assert.ok(Array.isArray(issue.path) && issue.path.every((part) => typeof part === 'string' || typeof part === 'number'));
    assert.ok(rules.has(issue.rule), issue.rule);
    assert.ok(issue.severity === 'error' || issue.severity === 'info');
    assert.equal(typeof issue.message, 'string');
  }
}

function nest(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { spec: value, template: value === leaf ? value : undefined };
  return value;
}

describe('validation fuzz', () => {
  const deployments = compileSchema({
    document: apps,
    schema: apps.components.schemas['io.k8s.api.apps.v1.Deployment'],
    source: 'openapi/v3',
  });
  const probe = compileSchema({ document: probes, schema: probes.components.schemas['com.example.val.v1.Probe'], source: 'openapi/v3' });

  it('mutated corpus objects against their real schemas', () => {
    for (const [compiled, schema] of [
      [deployments, 'Deployment'],
      [probe, 'Probe'],
    ] as const) {
      const bases = corpus.filter((entry) => entry.schema === schema).map((entry) => entry.object);
      fc.assert(
        fc.property(fc.nat(bases.length - 1), mutationsArbitrary, (index, mutations) => {
          const base = bases[index];
          wellFormed(compiled.validate(mutate(base, pathsOf(base), mutations)));
        }),
        settings,
      );
    }
  });

  it('arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 4 }), (value, spec) => {
        wellFormed(deployments.validate(value));
        wellFormed(probe.validate({ apiVersion: 'val.example.com/v1', kind: 'Probe', spec }));
      }),
      settings,
    );
  });

  it('objects nested far past the depth limit stop with an info issue', () => {
    for (const asArray of [true, false]) {
      const deep = { apiVersion: 'val.example.com/v1', kind: 'Probe', spec: { template: nest(20_000, 1, asArray) } };
      const issues = probe.validate(deep);
      wellFormed(issues);
    }
    // Deep values where the walk compares them: list-set items, list-map keys, enums, CEL's self.
    const deep = nest(100_000, 1, true);
    for (const spec of [
      { tags: [deep, deep] },
      { mode: deep },
      { ports: [{ name: deep }, { name: deep }] },
      { items: [{ v: 'a', w: deep }] },
    ]) {
      const found = probe.validate({ apiVersion: 'val.example.com/v1', kind: 'Probe', spec });
      wellFormed(found);
      assert.ok(!found.some((issue) => issue.message.startsWith('not evaluated: Maximum call stack')), JSON.stringify(found));
    }
    const wide = { apiVersion: 'apps/v1', kind: 'Deployment', spec: { foo: Array.from({ length: 5000 }, (_, i) => ({ [`k${i}`]: i })) } };
    wellFormed(deployments.validate(wide));
    const manyUnknown = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const issues = deployments.validate({ ...manyUnknown, apiVersion: 'apps/v1' });
    assert.equal(issues.length, walkLimits.maxIssues);
  });

  it('hostile schemas: reference cycles, allOf loops, junk keywords, rules that do not parse', () => {
    const keyword = fc.constantFrom(
      'type',
      'properties',
      'items',
      'additionalProperties',
      'allOf',
      'anyOf',
      'oneOf',
      'not',
      'required',
      'enum',
      'default',
      'pattern',
      'minimum',
      'maxLength',
      'x-kubernetes-list-type',
      'x-kubernetes-list-map-keys',
      'x-kubernetes-validations',
      'x-kubernetes-preserve-unknown-fields',
      'x-kubernetes-int-or-string',
      'x-kubernetes-embedded-resource',
      'nullable',
      'format',
      '$ref',
    );
    const refs = fc.constantFrom(
      '#/components/schemas/A',
      '#/components/schemas/B',
      '#/components/schemas/missing',
      '#/definitions/A',
      'http://x',
    );
    const junk = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      refs,
      fc.constantFrom('object', 'array', 'string', 'integer', 'number', 'boolean', '(a+)+$', '[', 'date-time', 'int32', 'set', 'map'),
      fc.constant([{ rule: 'self.x.y.z > 1' }, { rule: '((((' }, { rule: 'self.unknownFn()' }, { rule: 'oldSelf == self' }]),
    );
    const schema: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.record({ $ref: refs }),
        fc.dictionary(
          keyword,
          fc.oneof(junk, tie('node'), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 3 })),
          {
            maxKeys: 5,
          },
        ),
      ),
    })).node;
    fc.assert(
      fc.property(schema, schema, fc.jsonValue({ maxDepth: 5 }), fc.boolean(), (a, b, value, crd) => {
        const document = { components: { schemas: { A: { allOf: [{ $ref: '#/components/schemas/B' }], properties: { a: a } }, B: b } } };
        const compiled = compileSchema({
          document,
          schema: document.components.schemas.A,
          source: 'openapi/v3',
          servedBy: crd ? 'crd' : 'native',
        });
        wellFormed(compiled.validate(value));
        wellFormed(compiled.validate({ a: value, b: [value, value] }));
      }),
      settings,
    );
  });
});
