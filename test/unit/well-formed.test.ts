import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  apiGroupDiscoveryListSchema,
  apiServiceSchema,
  customResourceDefinitionSchema,
  isWellFormedApiServiceList,
  isWellFormedCrdList,
  isWellFormedDiscoveryList,
  listOf,
} from '../../src/discovery/documents.ts';
import { snapshotSchema, surfaceSchema } from '../../src/snapshot/schema.ts';
import { toSnapshot } from '../../src/snapshot/snapshot.ts';
import { isWellFormedSnapshot, isWellFormedSurface } from '../../src/snapshot/well-formed.ts';
import { type Mutation, mutate, mutationsArbitrary, pathsOf } from '../support/mutate.ts';
import { captureSurface, readJson } from '../support/surfaces.ts';

const bundled = ['v1.21.0-k0s', 'v1.29.6', 'v1.36.3', 'v1.37.2'].map((name) =>
  JSON.parse(readFileSync(new URL(`../../snapshots/${name}.json`, import.meta.url), 'utf8')),
);
/** Snapshots with every part of the model: APIServices (one unavailable), CRDs, failures, servedBy of each type. */
const captured = (['kube-v1.36.3', 'metrics-server', 'k0s-v1.21.0'] as const).map((capture) =>
  JSON.parse(JSON.stringify(toSnapshot(captureSurface(capture), '0.1.0'))),
);
captured.push(JSON.parse(JSON.stringify(toSnapshot(captureSurface('kube-v1.36.3', { discovery: 'legacy' }), '0.1.0'))));
const snapshots = [...bundled, ...captured];

/** zod's copy differs from the value only by an own "__proto__" key (JSON.parse makes one; zod's copy assigns it as a prototype). */
const withoutProto = (value: unknown) => JSON.parse(JSON.stringify(value, (key, inner) => (key === '__proto__' ? undefined : inner)));

/**
 * On `runs` mutations of the documents: whenever the plain test accepts one, the schema accepts it
 * too, with the same value. Returns how many took the fast path.
 */
function agreesWithSchema(
  documents: unknown[],
  isWellFormed: (value: unknown) => boolean,
  schema: { safeParse(value: unknown): { success: boolean; data?: unknown } },
  seed: number,
  runs: number,
): number {
  const paths = documents.map((document) => pathsOf(document));
  let fast = 0;
  fc.assert(
    fc.property(fc.nat(documents.length - 1), mutationsArbitrary, (index, mutations: Mutation[]) => {
      const mutated = mutate(documents[index], paths[index] ?? [], mutations);
      if (!isWellFormed(mutated)) return;
      fast++;
      const parsed = schema.safeParse(mutated);
      assert.ok(parsed.success, JSON.stringify(mutations));
      assert.deepEqual(withoutProto(parsed.data), withoutProto(mutated));
    }),
    { seed, numRuns: runs },
  );
  return fast;
}

describe('isWellFormedSnapshot: zod is skipped only where zod would accept the snapshot as it is', () => {
  it('takes the bundled snapshots and snapshots of real captures (the fast path is the usual one)', () => {
    for (const snapshot of snapshots) {
      assert.ok(isWellFormedSnapshot(snapshot), snapshot.surface.source.origin ?? snapshot.surface.source.path);
      assert.ok(snapshotSchema.safeParse(snapshot).success);
    }
    assert.ok(captured.some((s) => (s.surface.apiServices ?? []).length > 0 && (s.surface.crds ?? []).length > 0));
  });

  it('on 3,000 mutations of real snapshots: true implies the schema accepts it, with the same value', () => {
    const fast = agreesWithSchema(snapshots, isWellFormedSnapshot, snapshotSchema, 20261203, 3000);
    assert.ok(fast > 100, `only ${fast} mutated snapshots took the fast path`);
  });

  const surface = () => structuredClone(captured[0].surface);
  const rejected: Array<[string, unknown]> = [
    ['a surface that is null', { apiVersion: 'kapi.dev/v1', kind: 'ApiSurfaceSnapshot', surface: null }],
    ['another apiVersion', { ...captured[0], apiVersion: 'kapi.dev/v2' }],
    [
      'an infinite port',
      (() => {
        const s = surface();
        s.apiServices[0].service = { namespace: 'a', name: 'b', port: Number.POSITIVE_INFINITY };
        return { ...captured[0], surface: s };
      })(),
    ],
    [
      'a servedBy of no known type',
      (() => {
        const s = surface();
        s.groups[0].versions[0].servedBy = { type: 'constructor' };
        return { ...captured[0], surface: s };
      })(),
    ],
    [
      'a servedBy that is aggregated without its service',
      (() => {
        const s = surface();
        s.groups[0].versions[0].servedBy = { type: 'aggregated', apiService: 'x' };
        return { ...captured[0], surface: s };
      })(),
    ],
    ['a null kapiVersion', { ...captured[0], kapiVersion: null }],
    ['openapiV3 that is an array', { ...captured[0], schemas: { openapiV3: [] } }],
    [
      'a freshness kubectl does not know',
      (() => {
        const s = surface();
        s.groups[0].versions[0].freshness = 'current';
        return { ...captured[0], surface: s };
      })(),
    ],
  ];
  for (const [name, value] of rejected) {
    it(`${name}: left to the schema, which rejects it`, () => {
      assert.equal(isWellFormedSnapshot(value), false);
      assert.equal(snapshotSchema.safeParse(value).success, false);
    });
  }
});

describe('isWellFormedSurface: the discovery cache’s surface', () => {
  it('agrees with surfaceSchema on 2,000 mutations of real surfaces', () => {
    agreesWithSchema(
      captured.map((snapshot) => snapshot.surface),
      isWellFormedSurface,
      surfaceSchema,
      20261204,
      2000,
    );
  });
});

describe('isWellFormedDiscoveryList: the outline of aggregated discovery, on every live run', () => {
  const documents = [
    'kube-v1.36.3/aggregated/apis.json',
    'kube-v1.36.3/aggregated/api.json',
    'kubernetes-v1.31-dev-aggregated/discovery/aggregated_v2.json',
  ].map((file) => readJson<unknown>(file));

  it('takes the real documents', () => {
    for (const document of documents) assert.ok(isWellFormedDiscoveryList(document));
  });

  it('on 2,000 mutations of real documents: true implies the schema accepts it, with the same value', () => {
    const fast = agreesWithSchema(documents, isWellFormedDiscoveryList, apiGroupDiscoveryListSchema, 20261205, 2000);
    assert.ok(fast > 100, `only ${fast} mutated documents took the fast path`);
  });

  for (const [name, value] of [
    ['an array', []],
    ['items of strings', { items: ['x'] }],
    ['a version without its name', { items: [{ versions: [{ freshness: 'Current' }] }] }],
    ['metadata that is a string', { items: [{ metadata: 'x', versions: [] }] }],
    ['a kind that is a number', { kind: 1, items: [] }],
  ] as Array<[string, unknown]>) {
    it(`${name}: left to the schema, which rejects it`, () => {
      assert.equal(isWellFormedDiscoveryList(value), false);
      assert.equal(apiGroupDiscoveryListSchema.safeParse(value).success, false);
    });
  }
});

describe('isWellFormedApiServiceList and isWellFormedCrdList: the registrations -o wide and -o json read', () => {
  const apiServiceLists = ['kube-v1.36.3/apiservices.json', 'doctor-v1.36.3/apiservices.json'].map((file) => readJson<unknown>(file));
  const crdLists = [readJson<unknown>('kube-v1.36.3/crds.json')];

  it('takes the real lists', () => {
    for (const list of apiServiceLists) assert.ok(isWellFormedApiServiceList(list));
    for (const list of crdLists) assert.ok(isWellFormedCrdList(list));
  });

  it('on 2,000 mutations of each: true implies the schema accepts it, with the same value', () => {
    const apiServices = agreesWithSchema(apiServiceLists, isWellFormedApiServiceList, listOf(apiServiceSchema), 20261206, 2000);
    const crds = agreesWithSchema(crdLists, isWellFormedCrdList, listOf(customResourceDefinitionSchema), 20261207, 2000);
    assert.ok(apiServices > 100 && crds > 100, `only ${apiServices} and ${crds} mutated lists took the fast path`);
  });

  for (const [name, value] of [
    ['items that are an object', { items: {} }],
    ['a port that is a string', { items: [{ metadata: { name: 'a' }, spec: { service: { namespace: 'n', name: 's', port: '443' } } }] }],
    ['a condition without its status', { items: [{ metadata: { name: 'a' }, spec: {}, status: { conditions: [{ type: 'Available' }] } }] }],
  ] as Array<[string, unknown]>) {
    it(`an APIService list with ${name}: left to the schema, which rejects it`, () => {
      assert.equal(isWellFormedApiServiceList(value), false);
      assert.equal(listOf(apiServiceSchema).safeParse(value).success, false);
    });
  }
  for (const [name, value] of [
    ['no names', { items: [{ metadata: { name: 'a' }, spec: { group: 'g', scope: 'Namespaced' } }] }],
    [
      'a version served "yes"',
      {
        items: [
          {
            metadata: { name: 'a' },
            spec: { group: 'g', scope: 'Cluster', names: { plural: 'p', kind: 'K' }, versions: [{ name: 'v1', served: 'yes' }] },
          },
        ],
      },
    ],
  ] as Array<[string, unknown]>) {
    it(`a CRD list with ${name}: left to the schema, which rejects it`, () => {
      assert.equal(isWellFormedCrdList(value), false);
      assert.equal(listOf(customResourceDefinitionSchema).safeParse(value).success, false);
    });
  }
});
