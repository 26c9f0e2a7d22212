import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonSchema, OpenApiV3Document } from '../../src/openapi/documents.ts';
import { walkFields } from '../../src/openapi/field-index.ts';
import { loadResourceSchemas, type ResourceSchema } from '../../src/openapi/resource-schemas.ts';
import { diffSchemas, fieldChanges, type SchemaSide } from '../../src/openapi/schema-diff.ts';
import { renderSchemaDiff, summaryText } from '../../src/render/schema-diff.ts';
import { allVersionResources } from '../../src/surface/query.ts';
import { k0sSchemaSource, kube1363SchemaSource } from '../support/capture-schemas.ts';
import { captureSurface } from '../support/surfaces.ts';

/** Schema diff on the real k0s v1.21 (OpenAPI v2) and v1.36.3 (v3) captures, and on edits of the real v3 documents. */
const side = async (
  label: string,
  source: typeof k0sSchemaSource | typeof kube1363SchemaSource,
  surface: ReturnType<typeof captureSurface>,
) => ({
  label,
  serverVersion: null,
  ...(await loadResourceSchemas(source(), allVersionResources(surface))),
});
const v121 = await side('v1.21', k0sSchemaSource, captureSurface('k0s-v1.21.0'));
const v136 = await side('v1.36', kube1363SchemaSource, captureSurface('kube-v1.36.3'));

const find = (s: SchemaSide, resource: string) => {
  const entry = s.found.find((e) => e.resource.name === resource && e.resource.version === 'v1');
  assert.ok(entry, resource);
  return entry;
};

/** A copy of a resource's schema with its document, edited by `edit` (the kind's schema is copied deeply). */
function edited(entry: ResourceSchema, edit: (kind: JsonSchema, document: OpenApiV3Document) => void): ResourceSchema {
  const document = structuredClone(entry.document) as OpenApiV3Document;
  const schema = document.components?.schemas?.[entry.schemaName] as JsonSchema;
  edit(schema, document);
  return { ...entry, document, schema };
}

describe('schema diff', () => {
  it('a release upgrade, v1.21 (OpenAPI v2) to v1.36.3 (v3): real additions, removals, renames and enums, no representation noise', () => {
    const diff = diffSchemas(v121, v136);
    const deployments = diff.resources.find((r) => r.resource === 'deployments' && r.group === 'apps');
    assert.ok(deployments);
    const byField = new Map(deployments.changes.map((c) => [c.field, c]));
    assert.deepEqual(byField.get('metadata.clusterName'), {
      change: 'removed',
      field: 'metadata.clusterName',
      type: 'string',
      attributes: [],
    });
    assert.deepEqual(byField.get('spec.template.spec.containers.resizePolicy'), {
      change: 'added',
      field: 'spec.template.spec.containers.resizePolicy',
      type: '[]ContainerResizePolicy',
      attributes: [],
    });
    assert.deepEqual(byField.get('spec.template.spec.containers.lifecycle.postStart')?.attributes, [
      { attribute: 'type', from: 'Handler', to: 'LifecycleHandler', added: [], removed: [] },
    ]);
    assert.deepEqual(byField.get('spec.strategy.type')?.attributes, [
      { attribute: 'enum', from: null, to: null, added: ['"Recreate"', '"RollingUpdate"'], removed: [] },
    ]);
    // Quantity and IntOrString are strings in v2 and named types in v3: not a change.
    assert.equal(byField.get('spec.strategy.rollingUpdate.maxSurge'), undefined);
    assert.equal(byField.get('spec.template.spec.containers.resources.limits'), undefined);
    // "" defaults written by OpenAPI v3 for non-pointer fields are not defaults.
    assert.equal(byField.get('spec.template.spec.containers.name'), undefined);
    assert.equal(
      byField.get('spec.template.spec.containers.ports.protocol')?.attributes.find((a) => a.attribute === 'default')?.to,
      '"TCP"',
    );
    assert.ok(
      diff.resources.some(
        (r) => r.resource === 'endpoints' && r.changes.some((c) => c.field === '.' && c.attributes[0]?.attribute === 'deprecated'),
      ),
    );
    assert.equal(diff.summary.resourcesCompared, 52);
    assert.equal(summaryText(diff.summary), '52 resources changed (of 52 compared): 1888 fields added, 72 removed, 928 changed');
    // Only resources both releases serve are compared; those only one serves are named, one note per side.
    assert.deepEqual(
      diff.notes.map((note) => note.split(':')[0]),
      ['served only by v1.21, not compared', 'served only by v1.36, not compared'],
    );
    assert.match(diff.notes[0] as string, /, policy\/v1beta1\/podsecuritypolicies, /);
    assert.equal(diff.summary.resourcesOnOneSide, 57);
  });

  it('the same schemas: no changes', () => {
    const diff = diffSchemas(v136, { ...v136, label: 'again' });
    assert.deepEqual(diff.resources, []);
    assert.equal(renderSchemaDiff(diff, { format: 'text' }), '');
    assert.equal(renderSchemaDiff(diff, { format: 'markdown' }), '');
  });

  it('each attribute of a field: type, format, required, enum, default, validation rules, deprecation', () => {
    const crontabs = find(v136, 'crontabs');
    const after = edited(crontabs, (kind) => {
      const spec = kind.properties?.spec as JsonSchema;
      const props = spec.properties as Record<string, JsonSchema>;
      props.replicas = {
        ...props.replicas,
        type: 'string',
        format: 'int-or-string',
        default: 1,
        'x-kubernetes-validations': [{ rule: 'self >= 0' }],
      };
      props.image = { ...props.image, enum: ['nginx', 'busybox'], description: 'Deprecated: use images.' };
      props.images = { type: 'array', items: { type: 'string' } };
      delete props.cronSpec;
      spec.required = ['image'];
    });
    const changes = fieldChanges(walkFields(crontabs.document, crontabs.schema), walkFields(after.document, after.schema));
    assert.deepEqual(changes, [
      { change: 'removed', field: 'spec.cronSpec', type: 'string', attributes: [] },
      {
        change: 'changed',
        field: 'spec.image',
        type: 'string',
        attributes: [
          { attribute: 'required', from: 'false', to: 'true', added: [], removed: [] },
          { attribute: 'enum', from: null, to: null, added: ['"nginx"', '"busybox"'], removed: [] },
          { attribute: 'deprecated', from: 'false', to: 'true', added: [], removed: [] },
        ],
      },
      { change: 'added', field: 'spec.images', type: '[]string', attributes: [] },
      {
        change: 'changed',
        field: 'spec.replicas',
        type: 'string',
        attributes: [
          { attribute: 'type', from: 'integer', to: 'string', added: [], removed: [] },
          { attribute: 'format', from: null, to: 'int-or-string', added: [], removed: [] },
          { attribute: 'default', from: null, to: '1', added: [], removed: [] },
          { attribute: 'validation', from: null, to: null, added: ['self >= 0'], removed: [] },
        ],
      },
    ]);
    const diff = diffSchemas(
      { label: 'before', serverVersion: 'v1.36.3', found: [crontabs], missing: [] },
      { label: 'after', serverVersion: null, found: [after], missing: [] },
    );
    assert.equal(
      renderSchemaDiff(diff, { format: 'text' }),
      [
        'crontabs.stable.example.com/v1 (CronTab)',
        '  - spec.cronSpec   string',
        '  ~ spec.image      required: false -> true; enum: +"nginx" +"busybox"; deprecated: false -> true',
        '  + spec.images     []string',
        '  ~ spec.replicas   type: integer -> string; format: <none> -> int-or-string; default: <none> -> 1; validation: +self >= 0',
        '',
        '1 resource changed (of 1 compared): 1 field added, 1 removed, 2 changed',
        '',
      ].join('\n'),
    );
    assert.equal(
      renderSchemaDiff(diff, { format: 'markdown' }),
      [
        'Schema changes from `before` (v1.36.3) to `after`: 1 resource changed (of 1 compared): 1 field added, 1 removed, 2 changed',
        '',
        '### crontabs.stable.example.com/v1 (CronTab)',
        '',
        '|  | Field | Change |',
        '| --- | --- | --- |',
        '| - | `spec.cronSpec` | string |',
        '| ~ | `spec.image` | required: false -&gt; true; enum: +"nginx" +"busybox"; deprecated: false -&gt; true |',
        '| + | `spec.images` | []string |',
        '| ~ | `spec.replicas` | type: integer -&gt; string; format: &lt;none&gt; -&gt; int-or-string; default: &lt;none&gt; -&gt; 1; validation: +self &gt;= 0 |',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(renderSchemaDiff(diff, { format: 'json' }));
    assert.deepEqual(Object.keys(json), ['apiVersion', 'kind', 'from', 'to', 'summary', 'resources', 'notes']);
    assert.deepEqual(json.from, { label: 'before', serverVersion: 'v1.36.3', schemaSource: 'openapi/v3' });
    assert.deepEqual(Object.keys(json.resources[0]), ['group', 'version', 'groupVersion', 'resource', 'kind', 'changes']);
  });

  it('names the resources it could not compare for want of a schema', () => {
    const pods = find(v136, 'pods');
    const diff = diffSchemas(
      { label: 'a', serverVersion: null, found: [], missing: [{ resource: pods.resource, reason: 'no schema' }] },
      { label: 'b', serverVersion: null, found: [pods], missing: [] },
    );
    assert.deepEqual(diff.notes, ['not compared, no schema in a: v1/pods']);
    assert.equal(diff.summary.resourcesCompared, 0);
  });

  it('names the resources only one side serves, and counts them (issue 21 item 24)', () => {
    const pods = find(v136, 'pods');
    const deployments = find(v136, 'deployments');
    const diff = diffSchemas(
      { label: 'a', serverVersion: null, found: [pods], missing: [] },
      { label: 'b', serverVersion: null, found: [pods, deployments], missing: [] },
    );
    assert.deepEqual(diff.resources, []);
    assert.deepEqual(diff.notes, ['served only by b, not compared: apps/v1/deployments']);
    assert.equal(diff.summary.resourcesCompared, 1);
    assert.equal(diff.summary.resourcesOnOneSide, 1);
  });
});
