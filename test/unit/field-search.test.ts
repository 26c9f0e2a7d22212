import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/errors.ts';
import { fieldPathText, walkFields } from '../../src/openapi/field-index.ts';
import { compileFieldQuery, type FieldQuery, searchFields } from '../../src/openapi/field-search.ts';
import { loadResourceSchemas } from '../../src/openapi/resource-schemas.ts';
import { declaresDefault } from '../../src/openapi/schema.ts';
import { extraLines } from '../../src/render/explain-extras.ts';
import { renderFieldSearch, searchDocument } from '../../src/render/field-search.ts';
import { allVersionResources, preferredResources } from '../../src/surface/query.ts';
import { qualifiedName } from '../../src/surface/vocabulary.ts';
import { k0sSchemaSource, kube1363SchemaSource } from '../support/capture-schemas.ts';
import { captureSurface } from '../support/surfaces.ts';

/** Field walking and search on the real v1.36.3 capture (OpenAPI v3, CRDs, aggregated wardle) and the k0s v1.21 one (v2). */
const surface = captureSurface('kube-v1.36.3');
const v3 = await loadResourceSchemas(kube1363SchemaSource(), preferredResources(surface));
const v2 = await loadResourceSchemas(k0sSchemaSource(), preferredResources(captureSurface('k0s-v1.21.0')));

const schemaOf = (found: typeof v3, qualified: string) => {
  const entry = found.found.find((e) => qualifiedName(e.resource.name, e.resource.group) === qualified);
  assert.ok(entry, qualified);
  return entry;
};
const paths = (query: FieldQuery, found = v3) =>
  searchFields(found.found, compileFieldQuery(query)).map(
    ({ resource, field }) => `${qualifiedName(resource.name, resource.group)} ${fieldPathText(field.path)}`,
  );

describe('resource schemas', () => {
  it('finds every preferred resource of the v3 capture, reading each group-version document once', async () => {
    const source = kube1363SchemaSource();
    const loaded = await loadResourceSchemas(source, preferredResources(surface));
    assert.deepEqual(loaded.missing, []);
    assert.equal(new Set(source.reads).size, source.reads.length);
    assert.equal(schemaOf(loaded, 'deployments.apps').schemaName, 'io.k8s.api.apps.v1.Deployment');
    assert.equal(schemaOf(loaded, 'crontabs.stable.example.com').schemaName, 'com.example.stable.v1.CronTab');
    assert.equal(schemaOf(loaded, 'flunders.wardle.example.com').schemaName, 'io.k8s.sample-apiserver.pkg.apis.wardle.v1alpha1.Flunder');
  });

  it('reads OpenAPI v2 for servers without v3', () => {
    assert.deepEqual(v2.missing, []);
    const pods = schemaOf(v2, 'pods');
    assert.equal(pods.source, 'openapi/v2');
    assert.equal(pods.schemaName, 'io.k8s.api.core.v1.Pod');
  });

  it('lists a group-version the index does not have as missing, with the reason', async () => {
    const stale = allVersionResources(surface).filter((r) => r.group === 'broken.example.com');
    const loaded = await loadResourceSchemas(kube1363SchemaSource(), [...stale, { ...schemaOf(v3, 'pods').resource, version: 'v9' }]);
    assert.deepEqual(
      loaded.missing.map((m) => m.reason),
      ['/openapi/v3 does not list api/v9'],
    );
  });
});

describe('walkFields', () => {
  it('walks a kind depth first in name order, arrays and maps transparent, with explain’s type names', () => {
    const deployment = schemaOf(v3, 'deployments.apps');
    const fields = walkFields(deployment.document, deployment.schema);
    const byPath = new Map(fields.map((f) => [fieldPathText(f.path), f]));
    assert.deepEqual(
      fields.slice(0, 4).map((f) => fieldPathText(f.path)),
      ['.', 'apiVersion', 'kind', 'metadata'],
    );
    const cases: [string, string, string, string | null][] = [
      ['spec.replicas', 'integer', 'integer', 'int32'],
      ['spec.template.spec.containers', '[]Container', 'array', null],
      ['spec.template.spec.containers.image', 'string', 'string', null],
      ['spec.template.metadata.labels', 'map[string]string', 'object', null],
      ['spec.strategy.rollingUpdate.maxSurge', 'IntOrString', '', 'int-or-string'],
      ['metadata.creationTimestamp', 'string', 'string', 'date-time'],
      ['spec.template.spec.containers.resources.limits', 'map[string]Quantity', 'object', null],
    ];
    for (const [path, type, schemaType, format] of cases) {
      const field = byPath.get(path);
      assert.ok(field, path);
      assert.deepEqual([field.type, field.schemaType, field.format], [type, schemaType, format], path);
    }
    assert.equal(byPath.get('spec.selector')?.required, true);
    assert.equal(byPath.get('spec.replicas')?.required, false);
    assert.equal(byPath.get('spec.strategy.rollingUpdate.maxSurge')?.intOrString, true);
    assert.deepEqual(byPath.get('spec.template.spec.restartPolicy')?.enum, ['Always', 'Never', 'OnFailure']);
    assert.equal(byPath.get('spec.template.spec.containers.ports.protocol')?.default, 'TCP');
    assert.equal(fields.length, 1193);
  });

  it('stops where a reference repeats an ancestor (recursive JSONSchemaProps)', () => {
    const crds = schemaOf(v3, 'customresourcedefinitions.apiextensions.k8s.io');
    const fields = walkFields(crds.document, crds.schema);
    const cut = fields.filter((f) => f.cycle).map((f) => fieldPathText(f.path));
    assert.ok(cut.includes('spec.versions.schema.openAPIV3Schema.properties'));
    assert.ok(fields.every((f) => f.path.length <= 6));
  });

  it('walks a v2 document the same way (k0s v1.21)', () => {
    const deployment = schemaOf(v2, 'deployments.apps');
    const byPath = new Map(walkFields(deployment.document, deployment.schema).map((f) => [fieldPathText(f.path), f]));
    assert.equal(byPath.get('spec.template.spec.containers')?.type, '[]Container');
    assert.equal(byPath.get('spec.strategy.rollingUpdate.maxSurge')?.type, 'string');
    assert.equal(byPath.get('spec.strategy.rollingUpdate.maxSurge')?.intOrString, true);
    assert.equal(byPath.get('spec.template.spec.restartPolicy')?.enum.length, 0);
  });
});

describe('search', () => {
  it("answers 'which resources can run privileged containers'", () => {
    const found = paths({ glob: '*.securityContext.privileged' });
    const resources = [...new Set(found.map((line) => line.split(' ')[0]))];
    assert.deepEqual(resources, [
      'pods',
      'podtemplates',
      'replicationcontrollers',
      'daemonsets.apps',
      'deployments.apps',
      'replicasets.apps',
      'statefulsets.apps',
      'cronjobs.batch',
      'jobs.batch',
    ]);
    assert.ok(found.includes('cronjobs.batch spec.jobTemplate.spec.template.spec.containers.securityContext.privileged'));
  });

  it('globs: ** spans names, * stays in one, a leading "." anchors, braces choose, case does not matter', () => {
    const crontab = (query: FieldQuery) => paths(query).filter((line) => line.startsWith('crontabs.'));
    assert.deepEqual(crontab({ glob: 'spec.**.image' }), ['crontabs.stable.example.com spec.image']);
    assert.deepEqual(crontab({ glob: '.spec.*' }), [
      'crontabs.stable.example.com spec.cronSpec',
      'crontabs.stable.example.com spec.image',
      'crontabs.stable.example.com spec.replicas',
    ]);
    assert.deepEqual(crontab({ glob: 'spec.{image,replicas}' }), [
      'crontabs.stable.example.com spec.image',
      'crontabs.stable.example.com spec.replicas',
    ]);
    assert.deepEqual(crontab({ glob: 'CRONSPEC' }), ['crontabs.stable.example.com spec.cronSpec']);
    assert.deepEqual(paths({ glob: '.replicas' }), []);
    assert.ok(paths({ glob: 'spec.**.image' }).includes('deployments.apps spec.template.spec.containers.image'));
  });

  it('filters by name regex, type, format, int-or-string, has and description, combined with AND', () => {
    assert.deepEqual(paths({ name: '^cronSpec$' }), ['crontabs.stable.example.com spec.cronSpec']);
    const ints = paths({ type: 'int-or-string', glob: '.spec.strategy.**' }).filter((l) => l.startsWith('deployments.'));
    assert.deepEqual(ints, [
      'deployments.apps spec.strategy.rollingUpdate.maxSurge',
      'deployments.apps spec.strategy.rollingUpdate.maxUnavailable',
    ]);
    assert.deepEqual(
      paths({ type: 'date-time', glob: 'status.**' }).filter((l) => l.startsWith('jobs.')),
      [
        'jobs.batch status.completionTime',
        'jobs.batch status.conditions.lastProbeTime',
        'jobs.batch status.conditions.lastTransitionTime',
        'jobs.batch status.startTime',
      ],
    );
    assert.deepEqual(paths({ has: ['enum'], name: '^policyTypes$' }), ['networkpolicies.networking.k8s.io spec.policyTypes']);
    assert.deepEqual(paths({ has: ['default', 'enum'], glob: '.spec.template.spec.restartPolicy' }), []);
    assert.deepEqual(
      paths({ has: ['default'], glob: 'ports.protocol' }).filter((l) => l.startsWith('services')),
      // status...ports.protocol declares default "" (a zero value OpenAPI v3 writes for a non-pointer field): no default.
      ['services spec.ports.protocol'],
    );
    assert.deepEqual(paths({ description: 'how many copies run' }), ['crontabs.stable.example.com spec.replicas']);
    assert.deepEqual(paths({ type: 'boolean', glob: 'privileged' }, v2).slice(0, 1), ['pods spec.containers.securityContext.privileged']);
  });

  it('rejects a bad regex or an empty glob before any I/O', () => {
    assert.throws(() => compileFieldQuery({ name: '(' }), UsageError);
    assert.throws(() => compileFieldQuery({ glob: '' }), UsageError);
  });

  it('zero values are no defaults: --has default finds only real ones, shown in a DEFAULT column (issue 21, item 21)', () => {
    assert.deepEqual([undefined, null, '', 0, false, {}, [], 'TCP', 1, true, { a: 1 }, ['x']].map(declaresDefault), [
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
      true,
    ]);
    const matches = searchFields(v3.found, compileFieldQuery({ has: ['default'] }));
    const defaults = matches.map((m) => m.field.default);
    assert.ok(defaults.length > 50, `${defaults.length} defaults`);
    assert.ok(defaults.every(declaresDefault), 'no zero value among the defaults');
    assert.deepEqual(
      paths({ has: ['default'], glob: '.spec.containers.name' }).filter((l) => l.startsWith('pods ')),
      [],
      'pods.spec.containers.name declares default "" in OpenAPI v3',
    );
    const protocol = matches.filter((m) => m.resource.name === 'services' && fieldPathText(m.field.path) === 'spec.ports.protocol');
    assert.equal(
      renderFieldSearch(protocol, { format: 'table', versionColumn: false, defaultColumn: true, noHeaders: false }),
      'RESOURCE   FIELD                 TYPE     DEFAULT\nservices   spec.ports.protocol   string   "TCP"\n',
    );
    assert.deepEqual(extraLines({ type: 'string', default: '' }, {}), []);
    assert.deepEqual(extraLines({ type: 'string', default: 'TCP' }, {}), ['default: "TCP"']);
  });

  it('renders a kubectl-style table, CSV and the documented JSON entry', () => {
    const matches = searchFields(v3.found, compileFieldQuery({ glob: '.spec.{cronSpec,replicas}', description: 'c' })).filter((m) =>
      m.resource.group.endsWith('example.com'),
    );
    assert.equal(
      renderFieldSearch(matches, { format: 'table', versionColumn: false, noHeaders: false }),
      [
        'RESOURCE                      FIELD           TYPE',
        'databases.db.example.com      spec.replicas   integer',
        'crontabs.stable.example.com   spec.cronSpec   string',
        'crontabs.stable.example.com   spec.replicas   integer',
      ].join('\n') + '\n',
    );
    assert.equal(
      renderFieldSearch(matches.slice(0, 1), { format: 'table', versionColumn: true, noHeaders: true }),
      'databases.db.example.com   v1    spec.replicas   integer\n',
    );
    assert.equal(
      renderFieldSearch(matches.slice(1, 2), { format: 'csv', versionColumn: false, noHeaders: false }),
      'RESOURCE,GROUP,VERSION,KIND,FIELD,TYPE\ncrontabs.stable.example.com,stable.example.com,v1,CronTab,spec.cronSpec,string\n',
    );
    assert.deepEqual(searchDocument(matches.slice(2, 3)), {
      apiVersion: 'kapi.dev/v1',
      kind: 'FieldSearch',
      matches: [
        {
          group: 'stable.example.com',
          version: 'v1',
          resource: 'crontabs',
          kind: 'CronTab',
          field: 'spec.replicas',
          type: 'integer',
          format: null,
          required: false,
          default: null,
          enum: [],
          validations: [],
          intOrString: false,
          deprecated: false,
          description: 'Replicas is how many copies run at each tick.',
        },
      ],
    });
  });
});
