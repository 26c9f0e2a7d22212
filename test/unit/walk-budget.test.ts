import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WalkBudget, walkLimits } from '../../src/limits/walk-budget.ts';
import type { JsonSchema, OpenApiV3Document, SwaggerDocument } from '../../src/openapi/documents.ts';
import { v3FieldNames } from '../../src/openapi/explain.ts';
import { walkFields } from '../../src/openapi/field-index.ts';
import { findGroupVersionKind, findKindSchema, lookupField } from '../../src/openapi/v3.ts';
import { renderExplainDocument } from '../../src/render/explain-json.ts';
import { renderExplainMarkdown } from '../../src/render/explain-markdown.ts';
import { renderExplainV2 } from '../../src/render/explain-v2.ts';
import { renderExplainV3 } from '../../src/render/explain-v3.ts';
import { storedSchemas } from '../../src/snapshot/store.ts';
import { bombGroup, schemaBombDocument } from '../support/schema-bomb.ts';

/**
 * Issue 21 item 2: a schema whose $refs form a DAG (40 levels, each level's properties all pointing to
 * the next) describes 2^40 field paths in a few kilobytes. Every field walk stops at kapi's one walk
 * budget, says which limit it reached, and takes well under a second.
 */
const bomb = schemaBombDocument({ levels: 40, width: 2 }) as OpenApiV3Document;
const gvk = { group: bombGroup, version: 'v1', kind: 'Bomb' };
const kind = findKindSchema(bomb, gvk)?.schema as JsonSchema;
const target = { group: bombGroup, version: 'v1', resource: 'bombs', kind: 'Bomb', fieldPath: [] };

/** The same DAG in OpenAPI v2 (definitions), for explain --output plaintext-openapiv2. */
function swaggerBomb(levels: number, width: number): SwaggerDocument {
  const definitions: Record<string, JsonSchema> = { bottom: { type: 'string' } };
  for (let n = 0; n < levels; n++) {
    const properties: Record<string, JsonSchema> = {};
    for (let p = 0; p < width; p++) properties[`p${p}`] = { $ref: `#/definitions/${n + 1 === levels ? 'bottom' : `l${n + 1}`}` };
    definitions[`l${n}`] = { type: 'object', properties };
  }
  return { swagger: '2.0', definitions } as SwaggerDocument;
}

/** Runs a walk and fails the test if it takes longer than 5 s (the unbounded walk never ends). */
function quickly<T>(walk: () => T): T {
  const start = performance.now();
  const result = walk();
  assert.ok(performance.now() - start < 5_000, `the walk took ${Math.round(performance.now() - start)} ms`);
  return result;
}

describe('the walk budget', () => {
  it('counts fields, depth, expansions of one schema and output, and keeps the first limit reached', () => {
    const budget = new WalkBudget({ nodes: 2, depth: 3, repeats: 1, outputChars: 10 });
    assert.equal(budget.enter(1), true);
    assert.equal(budget.enter(4), false);
    assert.equal(budget.reached, 'depth');
    assert.equal(budget.enter(1), true);
    assert.equal(budget.enter(1), false);
    assert.equal(budget.expand('#/a'), true);
    assert.equal(budget.expand('#/b'), true);
    assert.equal(budget.expand('#/a'), false);
    assert.equal(budget.write(10), true);
    assert.equal(budget.write(1), false);
    assert.equal(budget.reached, 'depth');
    assert.equal(new WalkBudget().truncated, false);
  });

  it('sits far above real schemas: every kind of the bundled v1.36.3 walks whole', () => {
    const schemas = storedSchemas(new URL('../../snapshots/', import.meta.url).pathname, 'v1.36.3');
    let kinds = 0;
    for (const document of Object.values(schemas.openapiV3 ?? {}) as OpenApiV3Document[]) {
      for (const schema of Object.values(document.components?.schemas ?? {})) {
        if (!schema['x-kubernetes-group-version-kind']) continue;
        const budget = new WalkBudget();
        walkFields(document, schema, budget);
        assert.equal(budget.reached, undefined);
        kinds++;
      }
    }
    assert.ok(kinds > 100);
  });
});

describe('a schema bomb: 40 levels of $ref, two properties each', () => {
  it('search and explore (walkFields) stop at the budget', () => {
    const budget = new WalkBudget();
    const fields = quickly(() => walkFields(bomb, kind, budget));
    assert.ok(budget.reached);
    assert.ok(fields.length <= walkLimits.nodes + 1, `${fields.length} fields`);
    assert.ok(Math.max(...fields.map((field) => field.path.length)) <= walkLimits.depth);
    assert.deepEqual(
      fields.slice(0, 3).map((field) => field.path.join('.')),
      ['', 'spec', 'spec.p0'],
    );
  });

  it('explain --recursive (OpenAPI v3) ends its field list with a marked line', () => {
    const budget = new WalkBudget();
    const lookup = lookupField(bomb, kind, []);
    assert.ok(lookup);
    const text = quickly(() => renderExplainV3(bomb, gvk, lookup, { recursive: true, extras: false, budget }));
    assert.ok(budget.reached);
    assert.ok(text.length < walkLimits.outputChars + 10_000);
    assert.match(text, /\n {2}\.\.\. \(truncated: the walk budget of .+ was reached\)\n\n$/);
  });

  it('explain --recursive (OpenAPI v2) ends its field list with a marked line', () => {
    const swagger = swaggerBomb(40, 2);
    const budget = new WalkBudget();
    const text = quickly(() => renderExplainV2(swagger, gvk, '', swagger.definitions?.l0 as JsonSchema, { recursive: true, budget }));
    assert.ok(budget.reached);
    assert.match(text, /\n {3}\.\.\. \(truncated: the walk budget of .+ was reached\)\n$/);
  });

  it('explain -o markdown --recursive notes the cut under its table', () => {
    const budget = new WalkBudget();
    const lookup = lookupField(bomb, kind, []);
    assert.ok(lookup);
    const explained = { source: 'openapi/v3' as const, document: bomb, gvk, lookup };
    const text = quickly(() => renderExplainMarkdown(explained, target, { recursive: true, budget }));
    assert.ok(budget.reached);
    assert.match(text, /\n_\.\.\. \(truncated: the walk budget of .+ was reached\)_\n$/);
  });

  it('explain -o json --max-depth 40 cuts references past the budget and says so', () => {
    const lookup = lookupField(bomb, kind, []);
    assert.ok(lookup);
    const explained = { source: 'openapi/v3' as const, document: bomb, gvk, lookup };
    const document = quickly(() => renderExplainDocument(explained, target, { maxRefDepth: 40 }));
    assert.equal(document.truncated, 'repeats');
    assert.match(JSON.stringify(document.schema), /"x-kapi-cut":"budget"/);
    // Normal schemas carry no "truncated".
    assert.equal('truncated' in renderExplainDocument(explained, target, { maxRefDepth: 3 }), false);
  });

  it('completion (field names, lookups) through a DAG of allOf branches stays bounded', () => {
    const schemas: Record<string, JsonSchema> = { bottom: { type: 'object', properties: { leaf: { type: 'string' } } } };
    for (let n = 0; n < 40; n++) {
      const next = n + 1 === 40 ? 'bottom' : `l${n + 1}`;
      schemas[`l${n}`] = { allOf: [{ $ref: `#/components/schemas/${next}` }, { allOf: [{ $ref: `#/components/schemas/${next}` }] }] };
    }
    const document = { components: { schemas } };
    const root: JsonSchema = { $ref: '#/components/schemas/l0' };
    const names = quickly(() => v3FieldNames(root, document));
    assert.ok(names.length > 0 && names.every((name) => name === 'leaf'));
    assert.equal(
      quickly(() => lookupField(document, { properties: { spec: root } }, ['spec', 'missing'])),
      undefined,
    );
  });
});

describe('explain of a field whose allOf branches loop or form a DAG', () => {
  const document = (schemas: Record<string, JsonSchema>) =>
    ({
      components: { schemas: { ...schemas, kind: { type: 'object', properties: { spec: { $ref: '#/components/schemas/l0' } } } } },
    }) as OpenApiV3Document;
  const explainSpec = (doc: OpenApiV3Document) => {
    const lookup = lookupField(doc, doc.components?.schemas?.kind as JsonSchema, ['spec']);
    assert.ok(lookup);
    return renderExplainV3(doc, gvk, lookup, { recursive: false, extras: false });
  };

  it('a loop (l0 allOf l1, l1 allOf l0): each description once, no stack overflow', () => {
    const text = explainSpec(
      document({
        l0: { description: 'zero', allOf: [{ $ref: '#/components/schemas/l1' }] },
        l1: { description: 'one', allOf: [{ $ref: '#/components/schemas/l0' }] },
      }),
    );
    assert.match(text, /DESCRIPTION:\n {4}zero\n {4}one\n/);
  });

  it('a DAG of 40 levels of two allOf branches: bounded', () => {
    const schemas: Record<string, JsonSchema> = { l40: { type: 'object', properties: { leaf: { type: 'string' } } } };
    for (let n = 0; n < 40; n++) {
      const next = { $ref: `#/components/schemas/l${n + 1}` };
      schemas[`l${n}`] = { description: `level ${n}`, allOf: [next, next] };
    }
    const text = quickly(() => explainSpec(document(schemas)));
    assert.match(text, /\n {2}leaf\t<string>\n/);
    assert.match(text, /\.\.\. \(truncated: the walk budget of 256 expansions of one schema was reached\)/);
  });
});

describe('explain -o markdown --recursive of a recursive schema (JSONSchemaProps)', () => {
  it('stops where a reference repeats an ancestor, as the other printers do', () => {
    const schemas = storedSchemas(new URL('../../snapshots/', import.meta.url).pathname, 'v1.36.3');
    const document = schemas.openapiV3?.['/openapi/v3/apis/apiextensions.k8s.io/v1'] as OpenApiV3Document;
    const crdGvk = findGroupVersionKind(document, { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' });
    assert.ok(crdGvk);
    const crd = findKindSchema(document, crdGvk);
    assert.ok(crd);
    const lookup = lookupField(document, crd.schema, []);
    assert.ok(lookup);
    const explained = { source: 'openapi/v3' as const, document, gvk: crdGvk, lookup };
    const target = { ...crdGvk, resource: 'customresourcedefinitions', fieldPath: [] };
    const budget = new WalkBudget();
    const text = renderExplainMarkdown(explained, target, { recursive: true, budget });
    assert.equal(budget.reached, undefined);
    assert.match(text, /\| `spec\.versions\.schema\.openAPIV3Schema\.properties` \| `map\[string\]JSONSchemaProps` \|/);
    assert.doesNotMatch(text, /openAPIV3Schema\.properties\.properties/);
  });
});
