import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonSchema } from '../../src/openapi/documents.ts';
import { embedSchemas } from '../../src/openapi/embed-schemas.ts';
import { loadResourceSchemas } from '../../src/openapi/resource-schemas.ts';
import { escapeHtml, jsonForScript, renderAtlasHtml } from '../../src/render/atlas-html.ts';
import { atlasModel } from '../../src/surface/atlas.ts';
import { allVersionResources } from '../../src/surface/query.ts';
import { k0sSchemaSource, kube1363SchemaSource } from '../support/capture-schemas.ts';
import { captureSurface } from '../support/surfaces.ts';

/** The atlas's data on the real v1.36.3 capture (CRDs, aggregated wardle, a stale APIService) and the k0s v1.21 one (v2). */
const surface = captureSurface('kube-v1.36.3');
const loaded = await loadResourceSchemas(kube1363SchemaSource(), allVersionResources(surface));
const embedded = embedSchemas(loaded.found);
const rootOf = (group: string, version: string, name: string) =>
  embedded.roots[loaded.found.findIndex((e) => e.resource.group === group && e.resource.version === version && e.resource.name === name)];

describe('embedSchemas', () => {
  it('embeds each reachable schema once, references rewritten to its key, every property typed as explain names it', () => {
    assert.equal(rootOf('apps', 'v1', 'deployments'), 'io.k8s.api.apps.v1.Deployment');
    const deployment = embedded.schemas['io.k8s.api.apps.v1.Deployment'] as JsonSchema;
    assert.deepEqual(deployment.properties?.metadata?.allOf, [{ $ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    assert.equal(deployment.properties?.metadata?.['x-kapi-type'], 'ObjectMeta');
    assert.equal(deployment['x-kubernetes-group-version-kind'], undefined);
    const spec = embedded.schemas['io.k8s.api.apps.v1.DeploymentSpec'] as JsonSchema;
    assert.equal(spec.properties?.replicas?.['x-kapi-type'], 'integer');
    const pod = embedded.schemas['io.k8s.api.core.v1.PodSpec'] as JsonSchema;
    assert.equal(pod.properties?.containers?.['x-kapi-type'], '[]Container');
    // ObjectMeta is in every group-version document, with the same content: embedded once.
    assert.equal(
      Object.keys(embedded.schemas).filter((key) => key.startsWith('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')).length,
      1,
    );
    // Every reference resolves inside the table.
    const refs = JSON.stringify(embedded.schemas).match(/"\$ref":"[^"]*"/g) ?? [];
    for (const ref of new Set(refs)) assert.ok(ref.slice(8, -1) in embedded.schemas, ref);
    assert.equal(rootOf('stable.example.com', 'v1', 'crontabs'), 'com.example.stable.v1.CronTab');
  });

  it('names a schema that differs under the same name apart, and stores repeated large inline subtrees once', () => {
    const crontab = loaded.found.find((e) => e.resource.name === 'crontabs' && e.resource.version === 'v1');
    assert.ok(crontab);
    const big: JsonSchema = {
      type: 'object',
      properties: Object.fromEntries(
        Array.from({ length: 30 }, (_, i) => [`field${i}`, { type: 'string', description: `The ${i}th field.` }]),
      ),
    };
    const variant = (copy: number) => {
      const document = structuredClone(crontab.document) as { components: { schemas: Record<string, JsonSchema> } };
      const schema = document.components.schemas['com.example.stable.v1.CronTab'] as JsonSchema;
      (schema.properties as Record<string, JsonSchema>).spec = {
        type: 'object',
        properties: { shared: structuredClone(big), own: { type: 'integer', description: `copy ${copy}` } },
      };
      return { ...crontab, document, schema } as typeof crontab;
    };
    const result = embedSchemas([variant(1), variant(2)]);
    assert.deepEqual(result.roots, ['com.example.stable.v1.CronTab', 'com.example.stable.v1.CronTab~2']);
    const shared = Object.keys(result.schemas).filter((key) => key.startsWith('~'));
    assert.equal(shared.length, 1);
    for (const root of result.roots) assert.deepEqual(result.schemas[root]?.properties?.spec?.properties?.shared, { $ref: shared[0] });
    assert.equal(result.schemas[shared[0] as string]?.properties?.field7?.['x-kapi-type'], 'string');
  });

  it('embeds OpenAPI v2 definitions the same way (k0s v1.21)', async () => {
    const v2 = await loadResourceSchemas(k0sSchemaSource(), allVersionResources(captureSurface('k0s-v1.21.0')));
    const result = embedSchemas(v2.found);
    const deployment = result.schemas['io.k8s.api.apps.v1.Deployment'] as JsonSchema;
    assert.deepEqual(deployment.properties?.spec, {
      $ref: 'io.k8s.api.apps.v1.DeploymentSpec',
      description: deployment.properties?.spec?.description,
      'x-kapi-type': 'DeploymentSpec',
    });
  });
});

describe('atlasModel', () => {
  const model = atlasModel({
    surface,
    title: 'atlas',
    source: 'test/data/kube-v1.36.3',
    schemaKey: (resource) => rootOf(resource.group, resource.version, resource.name) ?? null,
    schemas: embedded.schemas,
  });
  const version = (group: string, v: string) => model.groups.find((g) => g.name === group)?.versions.find((x) => x.version === v);

  it('labels who serves each version and whether it is available', () => {
    const cases: [string, string, string, string, string][] = [
      ['', 'v1', 'Local', '', 'Available'],
      ['stable.example.com', 'v1', 'CRD', 'crontabs.stable.example.com, freeforms.stable.example.com', 'Available'],
      ['wardle.example.com', 'v1alpha1', 'Aggregated', 'v1alpha1.wardle.example.com -> wardle/api:', 'Available'],
      ['broken.example.com', 'v1', 'Aggregated', 'v1.broken.example.com -> ', 'Stale'],
    ];
    for (const [group, v, servedBy, detail, availability] of cases) {
      const entry = version(group, v);
      assert.ok(entry, `${group}/${v}`);
      assert.equal(entry.servedBy, servedBy);
      assert.ok(entry.servedByDetail.startsWith(detail), entry.servedByDetail);
      assert.equal(entry.availability, availability);
    }
  });

  it("gives each resource kapi uri's collection path, its short names and its schema key", () => {
    const deployments = version('apps', 'v1')?.resources.find((r) => r.name === 'deployments');
    assert.deepEqual(
      [deployments?.path, deployments?.shortNames, deployments?.schema],
      ['/apis/apps/v1/namespaces/{namespace}/deployments', ['deploy'], 'io.k8s.api.apps.v1.Deployment'],
    );
    assert.equal(version('', 'v1')?.resources.find((r) => r.name === 'nodes')?.path, '/api/v1/nodes');
    assert.equal(
      version('stable.example.com', 'v1beta1')?.resources[0]?.path,
      '/apis/stable.example.com/v1beta1/namespaces/{namespace}/crontabs',
    );
  });

  it('renders one page whose embedded JSON cannot close its script element', () => {
    const hostile = { ...model, title: '</script><b>x</b>', source: '<!--' };
    const html = renderAtlasHtml(hostile);
    assert.equal(html.match(/<\/script>/g)?.length, 2);
    assert.ok(html.includes('<title>&#60;/script&#62;&#60;b&#62;x&#60;/b&#62;</title>'));
    const json = html.slice(html.indexOf('id="atlas-data">') + 16, html.indexOf('</script>'));
    assert.deepEqual(JSON.parse(json).title, '</script><b>x</b>');
  });
});

describe('escaping', () => {
  it('escapes HTML text and JSON for a script element', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    const value = { s: '</script><!-- & \u2028\u2029' };
    const text = jsonForScript(value);
    assert.equal(text, '{"s":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029"}');
    assert.deepEqual(JSON.parse(text), value);
  });
});
