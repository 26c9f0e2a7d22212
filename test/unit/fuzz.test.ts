// Property-based fuzzing of every reader of server and file documents, in-process,
// starting from the real documents in test/data (see each folder's SOURCE.md) and
// mutating them (types, nulls, deletions, huge and empty arrays, hostile strings and
// keys). Each property runs 1,000 mutated documents from a fixed seed, so a failure
// replays exactly; a run that passes its time limit fails rather than silently running
// fewer documents. The property: a reader returns a value or a typed KapiError, never
// anything else (no TypeError, RangeError or stack overflow), and what the renderers
// then print holds no raw control character.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatFailureWarnings } from '../../src/cli/warnings.ts';
import { groupsFromAggregated } from '../../src/discovery/aggregated.ts';
import { readDiscoveryCache, writeDiscoveryCache } from '../../src/discovery/cache.ts';
import {
  apiGroupDiscoveryListSchema,
  apiGroupListSchema,
  apiResourceListSchema,
  apiVersionsSchema,
} from '../../src/discovery/documents.ts';
import { groupsFromLegacy } from '../../src/discovery/legacy.ts';
import { ExitCode, isKapiError, KapiError } from '../../src/errors.ts';
import type { JsonSchema, SwaggerDocument } from '../../src/openapi/documents.ts';
import { openApiV3DocumentSchema, openApiV3IndexSchema, swaggerDocumentSchema } from '../../src/openapi/documents.ts';
import { explainSchema } from '../../src/openapi/explain.ts';
import type { SchemaSource } from '../../src/openapi/load.ts';
import { renderApiResources } from '../../src/render/api-resources.ts';
import { renderExplainV2 } from '../../src/render/explain-v2.ts';
import { renderExplainV3 } from '../../src/render/explain-v3.ts';
import { terminalText } from '../../src/render/terminal-text.ts';
import { checkShape } from '../../src/shape/check.ts';
import { parseSnapshot } from '../../src/snapshot/snapshot.ts';
import type { ApiSurface } from '../../src/surface/model.ts';
import { preferredResources } from '../../src/surface/query.ts';
import { type Mutation, mutate, mutationsArbitrary, pathsOf } from '../support/mutate.ts';
import { rawControl } from '../support/raw-control.ts';
import { readJson } from '../support/surfaces.ts';

const runs = 1000;
const seed = 20261124;
const settings = { seed, numRuns: runs, interruptAfterTimeLimit: 300_000, markInterruptAsFailure: true };

/** Runs `read` on `runs` mutations of a real document; returns how many were accepted. */
async function fuzz(document: unknown, read: (mutated: unknown) => unknown, options: { wrapper?: boolean } = {}): Promise<number> {
  // A wrapper object only groups several documents: it is never mutated itself.
  const paths = options.wrapper ? pathsOf(document).slice(1) : pathsOf(document);
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(mutationsArbitrary, async (mutations: Mutation[]) => {
      try {
        await read(mutate(document, paths, mutations));
        accepted++;
      } catch (error) {
        if (!isKapiError(error)) throw error;
        assert.doesNotMatch(error.message, /\n/, 'one line');
      }
    }),
    settings,
  );
  return accepted;
}

function surfaceOf(groups: ApiSurface['groups'], failures: ApiSurface['failures']): ApiSurface {
  return { source: { kind: 'snapshot' }, discovery: 'aggregated', groups, failures };
}

/** What a terminal would be shown: the wide table and the warnings, escaped as on stderr. */
function assertTerminalSafe(surface: ApiSurface): void {
  const rows = preferredResources(surface).map((resource) => ({ resource, servedBy: { type: 'unknown' as const } }));
  const table = renderApiResources(rows, { format: 'wide', noHeaders: false, subresources: true, kubectlCompat: false });
  assert.doesNotMatch(table, rawControl);
  for (const line of formatFailureWarnings(surface.failures)) assert.doesNotMatch(terminalText(line, 'line'), rawControl);
}

/** A shape problem is reported as a typed error, as readDocument does. */
function checked<T>(schema: Parameters<typeof checkShape>[0], value: unknown): T {
  const result = checkShape(schema, value);
  if (!result.ok) {
    assert.doesNotMatch(result.problem, rawControl, 'the problem names fields safely');
    throw new KapiError('malformed', result.problem, ExitCode.server);
  }
  return result.value as T;
}

describe(`fuzz: ${runs} mutated documents per kind, seed ${seed}`, () => {
  it('aggregated discovery (APIGroupDiscoveryList, kube-apiserver v1.36.3 /apis)', async () => {
    await fuzz(readJson('kube-v1.36.3/aggregated/apis.json'), (document) => {
      const shape = checkShape(apiGroupDiscoveryListSchema, document);
      if (!shape.ok) return;
      const discovered = groupsFromAggregated(shape.value);
      assertTerminalSafe(surfaceOf(discovered.groups, discovered.failures));
    });
  });

  it('legacy discovery (APIVersions, APIGroupList and an APIResourceList, k0s v1.21)', async () => {
    const documents = {
      core: readJson('k0s-v1.21.0-capture/api/index.json'),
      named: readJson('k0s-v1.21.0-capture/apis/index.json'),
      list: readJson('k0s-v1.21.0-capture/apis/apps/v1/index.json'),
    };
    await fuzz(
      documents,
      (mutated) => {
        const { core, named, list } = mutated as Record<string, unknown>;
        const coreVersions = checkShape(apiVersionsSchema, core);
        const groupList = checkShape(apiGroupListSchema, named);
        const resourceList = checkShape(apiResourceListSchema, list);
        const discovered = groupsFromLegacy({
          coreVersions: coreVersions.ok ? coreVersions.value : undefined,
          groupList: groupList.ok ? groupList.value : undefined,
          resourceLists: new Map(resourceList.ok ? [['apps/v1', resourceList.value]] : []),
          failures: [],
        });
        assertTerminalSafe(surfaceOf(discovered.groups, discovered.failures));
      },
      { wrapper: true },
    );
  });

  it('the OpenAPI v3 walker: explain on a CRD group-version document (stable.example.com/v1)', async () => {
    // CRD schemas are written by anyone, so explain walks the least trusted schemas here.
    const index = readJson('kube-v1.36.3/openapi/v3/index.json');
    const document = readJson('kube-v1.36.3/openapi/v3/apis/stable.example.com/v1.json');
    await fuzz(
      { index, document },
      async (mutated) => {
        const parts = mutated as { index: unknown; document: unknown };
        const source: SchemaSource = {
          v3Index: async () => checked(openApiV3IndexSchema, parts.index),
          v3Document: async () => checked(openApiV3DocumentSchema, parts.document),
          v2Document: async () => ({}),
        };
        for (const fieldPath of [[], ['spec'], ['spec', 'cronSpec'], ['metadata', 'labels']]) {
          const target = { group: 'stable.example.com', version: 'v1', resource: 'crontabs', kind: 'CronTab', fieldPath };
          const explained = await explainSchema(source, target, { preferV2: false });
          if (explained.source !== 'openapi/v3') continue;
          const text = renderExplainV3(explained.document, explained.gvk, explained.lookup, {
            recursive: fieldPath.length === 1,
            extras: true,
          });
          assert.doesNotMatch(text, rawControl);
        }
      },
      { wrapper: true },
    );
  });

  it('the OpenAPI v2 walker: explain deployments on the v1.36.3 /openapi/v2 (Deployment and the definitions it uses)', async () => {
    const full = readJson<SwaggerDocument>('kube-v1.36.3/openapi/v2.json');
    const document = { swagger: '2.0', definitions: reachableDefinitions(full, 'io.k8s.api.apps.v1.Deployment') };
    await fuzz(document, async (mutated) => {
      const source: SchemaSource = {
        v3Index: async () => undefined,
        v3Document: async () => undefined,
        v2Document: async () => checked(swaggerDocumentSchema, mutated),
      };
      for (const fieldPath of [[], ['spec'], ['spec', 'template', 'spec', 'containers']]) {
        const target = { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', fieldPath };
        const explained = await explainSchema(source, target, { preferV2: true });
        if (explained.source !== 'openapi/v2') continue;
        const text = renderExplainV2(explained.document, explained.gvk, explained.fieldName, explained.leaf, { recursive: false });
        assert.doesNotMatch(text, rawControl);
      }
    });
  });

  it('snapshot files (the bundled k0s v1.21 snapshot)', async () => {
    const snapshot = readJson('../../snapshots/v1.21.0-k0s.json');
    await fuzz(snapshot, async (mutated) => {
      const document = await parseSnapshot(JSON.stringify(mutated), 'fuzz.json');
      assertTerminalSafe(document.surface);
    });
  });

  it('discovery cache files (a cache entry holding the k0s v1.21 surface)', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kapi-fuzz-cache-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'surface.json');
    const server = 'https://example.test:6443';
    writeDiscoveryCache(file, server, readJson<{ surface: ApiSurface }>('../../snapshots/v1.21.0-k0s.json').surface);
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    await fuzz(entry, (mutated) => {
      writeFileSync(file, JSON.stringify(mutated) ?? '');
      const read = readDiscoveryCache(file, server);
      if (read) assertTerminalSafe(read.surface);
    });
  });
});

/** The definitions one definition reaches through $ref, so the v2 fuzz works on a real but small document. */
function reachableDefinitions(document: SwaggerDocument, root: string): Record<string, JsonSchema> {
  const definitions = document.definitions ?? {};
  const kept: Record<string, JsonSchema> = {};
  const pending = [root];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (kept[name] || !definitions[name]) continue;
    kept[name] = definitions[name];
    for (const match of JSON.stringify(definitions[name]).matchAll(/"#\/definitions\/([^"]+)"/g)) pending.push(match[1] as string);
  }
  return kept;
}
