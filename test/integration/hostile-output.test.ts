import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { storedSchemas } from '../../src/snapshot/store.ts';
import { kapi } from '../support/run-cli.ts';

/**
 * Issue 21: what a hostile server or file puts in a name or a field name must stay inert in the
 * formats other programs read: CSV (a spreadsheet runs a cell starting with =) and Markdown (a
 * renderer shows raw HTML).
 */
const snapshotsDir = new URL('../../snapshots/', import.meta.url).pathname;

const formula = '=HYPERLINK("http://127.0.0.1/x","click")';
const htmlNames = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '<a href="javascript:alert(1)">x</a>'];

/** The bundled v1.36.3 snapshot with schemas, a resource named like a formula and ConfigMap fields named like formulas and HTML. */
function hostileSnapshot(dir: string): string {
  const snapshot = JSON.parse(readFileSync(join(snapshotsDir, 'v1.36.3.json'), 'utf8'));
  const schemas = JSON.parse(JSON.stringify(storedSchemas(snapshotsDir, 'v1.36.3')));
  const core = snapshot.surface.groups[0].versions[0];
  core.resources.push({
    ...core.resources.find((resource: { name: string }) => resource.name === 'configmaps'),
    name: `${formula}`,
    shortNames: ['+cmd'],
    kind: '@Evil',
  });
  const configMap = schemas.openapiV3['/openapi/v3/api/v1'].components.schemas['io.k8s.api.core.v1.ConfigMap'];
  configMap.properties[formula] = { type: 'string', description: 'formula' };
  for (const name of htmlNames) configMap.properties[name] = { type: 'string', description: `field ${name} & more` };
  const file = join(dir, 'hostile-output.json');
  writeFileSync(file, JSON.stringify({ ...snapshot, schemas }));
  return file;
}

describe('hostile names in CSV and Markdown', () => {
  let dir: string;
  let snapshot: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kapi-hostile-output-'));
    snapshot = hostileSnapshot(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('api-resources -o csv: a resource named like a formula is written with a leading quote', async () => {
    const result = await kapi(['api-resources', '-o', 'csv', '--snapshot', snapshot]);
    assert.equal(result.code, 0, result.stderr);
    const row = result.stdout.split('\n').find((line) => line.includes('HYPERLINK'));
    assert.equal(
      row,
      `"'=HYPERLINK(""http://127.0.0.1/x"",""click"")",'+cmd,,v1,true,'@Evil,create delete deletecollection get list patch update watch,,Local`,
    );
    assert.doesNotMatch(result.stdout, /^[=+@]|,[=+@]/m);
  });

  test('search -o csv: a field named like a formula is written with a leading quote', async () => {
    const result = await kapi(['search', '--api-group=', '--name', 'HYPERLINK', '-o', 'csv', '--snapshot', snapshot]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      `RESOURCE,GROUP,VERSION,KIND,FIELD,TYPE\nconfigmaps,,v1,ConfigMap,"'${formula.replaceAll('"', '""')}",string\n`,
    );
  });

  test('explain -o markdown: field names and descriptions carry no HTML', async () => {
    const result = await kapi(['explain', 'configmaps', '-o', 'markdown', '--snapshot', snapshot]);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /<(?!\/?code>)/);
    assert.match(
      result.stdout,
      /^\| <code>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/code> \| `string` \| {2}\| field &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; more \|$/m,
    );
    assert.match(result.stdout, /^\| <code>&lt;a href="javascript:alert\(1\)"&gt;x&lt;\/a&gt;<\/code> \|/m);
    assert.match(result.stdout, /^\| <code>&lt;img src=x onerror=alert\(1\)&gt;<\/code> \|/m);
  });

  test('api-resources -o markdown and diff -o markdown carry no HTML', async () => {
    for (const args of [
      ['api-resources', '-o', 'markdown', '--snapshot', snapshot],
      ['diff', 'builtin', snapshot, '-o', 'markdown'],
      ['diff', '--schemas', 'builtin', snapshot, '-o', 'markdown'],
    ]) {
      const result = await kapi(args);
      assert.ok(result.code === 0 || result.code === 11, result.stderr);
      assert.doesNotMatch(result.stdout, /<(?!\/?code>)/, args.join(' '));
    }
  });
});
