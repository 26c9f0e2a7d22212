import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { OpenApiV3Document, SwaggerDocument } from '../../src/openapi/documents.js';
import { findV2Definition, lookupV2Field, v2TypeName } from '../../src/openapi/v2.js';
import { findGroupVersionKind, findKindSchema, lookupField, typeName } from '../../src/openapi/v3.js';
import { renderExplainDocument } from '../../src/render/explain-json.js';
import { renderExplainMarkdown } from '../../src/render/explain-markdown.js';
import { renderExplainV2 } from '../../src/render/explain-v2.js';
import { renderExplainV3 } from '../../src/render/explain-v3.js';
import { wordWrap, wrapParagraphs } from '../../src/render/explain-wrap.js';

const read = <T>(path: string) => JSON.parse(readFileSync(new URL(`../data/${path}`, import.meta.url), 'utf8')) as T;
const apps = read<OpenApiV3Document>('kube-v1.36.3/openapi/v3/apis/apps/v1.json');
const swagger = read<SwaggerDocument>('kubernetes-v1.36.0/openapi/v2/swagger.json');
const k0s = read<SwaggerDocument>('k0s-v1.21.0-capture/openapi/v2/index.json');

function explainV3(fieldPath: string[], extras = false, recursive = false) {
  const gvk = findGroupVersionKind(apps, { group: 'apps', version: 'v1', resource: 'deployments' });
  assert.ok(gvk);
  const kind = findKindSchema(apps, gvk);
  assert.ok(kind);
  const lookup = lookupField(apps, kind.schema, fieldPath);
  assert.ok(lookup);
  return { gvk, lookup, text: renderExplainV3(apps, gvk, lookup, { recursive, extras }) };
}

describe('OpenAPI v3 (v1.36.3 apps/v1 document)', () => {
  it('finds the kind from the resource paths', () => {
    assert.deepEqual(findGroupVersionKind(apps, { group: 'apps', version: 'v1', resource: 'deployments' }), {
      group: 'apps',
      kind: 'Deployment',
      version: 'v1',
    });
    assert.equal(findGroupVersionKind(apps, { group: 'apps', version: 'v1', resource: 'nothings' }), undefined);
  });

  it('names types as kubectl does', () => {
    const cases: [string[], string][] = [
      [['spec', 'strategy'], 'DeploymentStrategy'],
      [['spec', 'replicas'], 'integer'],
      [['spec', 'template', 'spec', 'containers'], '[]Container'],
      [['spec', 'template', 'metadata', 'labels'], 'map[string]string'],
      [['metadata'], 'ObjectMeta'],
      [['spec', 'strategy', 'rollingUpdate', 'maxSurge'], 'IntOrString'],
      [['spec', 'template', 'spec', 'containers', 'resources', 'limits'], 'map[string]Quantity'],
    ];
    for (const [path, expected] of cases) {
      const found = explainV3(path).lookup;
      assert.equal(typeName(found.fieldSchema ?? {}, apps), expected, path.join('.'));
    }
  });

  it('renders deployments.spec.strategy exactly', () => {
    assert.equal(
      explainV3(['spec', 'strategy']).text,
      'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: strategy <DeploymentStrategy>\n\n\nDESCRIPTION:\n' +
        '    The deployment strategy to use to replace existing pods with new ones.\n    DeploymentStrategy describes how to replace existing pods with new ones.\n    \n' +
        'FIELDS:\n  rollingUpdate\t<RollingUpdateDeployment>\n    Rolling update config params. Present only if DeploymentStrategyType =\n    RollingUpdate.\n\n' +
        '  type\t<string>\n  enum: Recreate, RollingUpdate\n    Type of deployment. Can be "Recreate" or "RollingUpdate". Default is\n    RollingUpdate.\n    \n' +
        '    Possible enum values:\n     - `"Recreate"` Kill all existing pods before creating new ones.\n' +
        '     - `"RollingUpdate"` Replace the old ReplicaSets by new one using rolling\n    update i.e gradually scale down the old ReplicaSets and scale up the new\n    one.\n\n\n',
    );
  });

  it('adds extra lines beyond kubectl', () => {
    const text = explainV3(['spec', 'replicas'], true).text;
    assert.ok(
      text.startsWith(
        'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\nformat: int32\n\nDESCRIPTION:\n',
      ),
      text,
    );
    const containers = explainV3(['spec', 'template', 'spec', 'containers'], true).text;
    assert.match(containers, /\n {2}ports\t<\[\]ContainerPort>\n {2}list-type: map, map-keys: containerPort, protocol\n/);
    assert.match(containers, /\n {2}imagePullPolicy\t<string>\n {2}enum: Always, IfNotPresent, Never\n/);
  });

  it('recursive prints the field tree, two spaces a level; --max-depth cuts it', () => {
    const { gvk, lookup } = explainV3(['spec', 'strategy']);
    assert.equal(
      renderExplainV3(apps, gvk, lookup, { recursive: true, extras: false }).split('FIELDS:\n')[1],
      '  rollingUpdate\t<RollingUpdateDeployment>\n    maxSurge\t<IntOrString>\n    maxUnavailable\t<IntOrString>\n  type\t<string>\n  enum: Recreate, RollingUpdate\n\n',
    );
    assert.equal(
      renderExplainV3(apps, gvk, lookup, { recursive: true, maxDepth: 1, extras: false }).split('FIELDS:\n')[1],
      '  rollingUpdate\t<RollingUpdateDeployment>\n  type\t<string>\n  enum: Recreate, RollingUpdate\n\n',
    );
  });

  it('-o json: refs inlined to a bounded depth, with their names', () => {
    const { gvk, lookup } = explainV3(['spec', 'strategy']);
    const explained = { source: 'openapi/v3' as const, document: apps, gvk, lookup };
    const target = { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', fieldPath: ['spec', 'strategy'] };
    const document = renderExplainDocument(explained, target, { maxRefDepth: 3 });
    // kapi's envelope; the explained resource and field under "target".
    assert.deepEqual(
      { apiVersion: document.apiVersion, kind: document.kind, target: document.target, source: document.source },
      {
        apiVersion: 'kapi.dev/v1',
        kind: 'FieldExplanation',
        target: { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', fieldPath: ['spec', 'strategy'] },
        source: 'openapi/v3',
      },
    );
    assert.equal(document.type, 'DeploymentStrategy');
    assert.equal(document.required, false);
    const strategy = document.schema.allOf?.[0] as Record<string, unknown>;
    assert.equal(strategy['x-kapi-ref'], 'io.k8s.api.apps.v1.DeploymentStrategy');
    const cut = renderExplainDocument(explained, target, { maxRefDepth: 0 }).schema.allOf?.[0];
    assert.deepEqual(cut, { $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy', 'x-kapi-cut': 'depth' });
    assert.equal(
      renderExplainMarkdown(explained, target, { recursive: false }),
      '## Deployment.spec.strategy (apps/v1)\n\nThe deployment strategy to use to replace existing pods with new ones.\n\n' +
        '| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n' +
        '| `rollingUpdate` | `RollingUpdateDeployment` |  | Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate. |\n' +
        '| `type` | `string` |  | Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate. |\n',
    );
  });
});

describe('OpenAPI v2 (v1.36.0 swagger.json and the k0s v1.21 capture)', () => {
  it('finds kinds and follows paths', () => {
    const pod = findV2Definition(swagger, { group: '', version: 'v1', kind: 'Pod' });
    assert.ok(pod);
    assert.equal(v2TypeName(lookupV2Field(swagger, pod, ['spec', 'containers']), swagger), '[]Object');
    assert.equal(v2TypeName(lookupV2Field(swagger, pod, ['metadata', 'labels']), swagger), 'map[string]string');
    assert.throws(() => lookupV2Field(swagger, pod, ['spec', 'nope']), /field "nope" does not exist/);
  });

  it('renders a primitive field as kubectl v2 does', () => {
    const pod = findV2Definition(k0s, { group: '', version: 'v1', kind: 'Pod' });
    assert.ok(pod);
    const leaf = lookupV2Field(k0s, pod, ['spec', 'containers', 'name']);
    assert.equal(
      renderExplainV2(k0s, { group: '', version: 'v1', kind: 'Pod' }, 'name', leaf, { recursive: false }),
      readFileSync(new URL('../data/explain-kubectl-v1.36.3/k0s-v2/pods.spec.containers.name.txt', import.meta.url), 'utf8'),
    );
  });
});

describe('wrapping', () => {
  it('wordWrap breaks at spaces and keeps long words whole (go-wordwrap)', () => {
    assert.equal(wordWrap('aaa bbb ccc', 7), 'aaa bbb\nccc');
    assert.equal(wordWrap('https://example.com/a/very/long/url tail', 10), 'https://example.com/a/very/long/url\ntail');
    assert.equal(wordWrap('a\n\nb', 5), 'a\n\nb');
  });
  it('wrapParagraphs keeps indented lines and starts bullets on new lines', () => {
    assert.deepEqual(wrapParagraphs('one two three\n- four\n    code', 9), ['one two', 'three', '- four', '    code']);
  });
});
