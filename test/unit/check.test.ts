// kapi check without a cluster: manifests read with their places (test/data/check-manifests),
// checked against the bundled v1.36.3 snapshot, and every report format.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type ManifestCheck, manifestCheck } from '../../src/check/findings.ts';
import { releaseData } from '../../src/check/release-source.ts';
import type { ReleaseData } from '../../src/check/releases.ts';
import { checkRead } from '../../src/check/run.ts';
import { quickValues } from '../../src/manifests/kubectl-yaml.ts';
import { defaultParseLimits, parseManifests } from '../../src/manifests/parse.ts';
import { readManifests, readManifestText } from '../../src/manifests/read.ts';
import { snapshotSchemaSource } from '../../src/openapi/load.ts';
import { loadResourceSchemas } from '../../src/openapi/resource-schemas.ts';
import { renderCheck } from '../../src/render/check.ts';
import { readSnapshot } from '../../src/snapshot/snapshot.ts';
import { sarifErrors, validateJunit } from '../support/report-schemas.ts';
import { dataDir } from '../support/surfaces.ts';

const corpus = join(dataDir, 'check-manifests');
const options = { ...defaultParseLimits, maxFileBytes: 1024 * 1024 };
const snapshot = await readSnapshot('builtin', { maxFileBytes: 256 * 1024 * 1024 });
const schemaSource = snapshotSchemaSource(snapshot.schemas, 'builtin');

async function check(paths: string[], extra: { releases?: ReleaseData; target?: { major: number; minor: number } } = {}) {
  const read = readManifests(paths, options);
  const findings = await checkRead({
    read,
    surface: snapshot.surface,
    loadSchemas: (resources) => loadResourceSchemas(schemaSource, resources),
    ...extra,
  });
  return { read, report: manifestCheck(snapshot.surface, findings, { failOn: 'error', objects: read.objects.length, files: 4 }) };
}

const line = (report: ManifestCheck) =>
  report.findings.map(
    (f) => `${f.file.slice(corpus.length + 1)}:${f.line}:${f.column} ${f.severity} ${f.check} ${f.field ?? '-'}: ${f.message}`,
  );

describe('reading manifests', () => {
  test('a directory: .yaml, .yml and .json files in name order, recursively; other files skipped', () => {
    const read = readManifests([corpus], options);
    assert.deepEqual([...new Set([...read.objects, ...read.problems].map((entry) => entry.file.slice(corpus.length + 1)))].sort(), [
      'app.yaml',
      'list.json',
      'nested/broken.yml',
      'problems.yaml',
    ]);
    assert.deepEqual(
      read.objects.map(
        (o) =>
          `${o.file.slice(corpus.length + 1)}#${o.documentIndex}${o.itemIndex === undefined ? '' : `.${o.itemIndex}`} ${o.apiVersion} ${o.kind}/${o.name} @${o.start.line}:${o.start.column}`,
      ),
      [
        'app.yaml#0 apps/v1 Deployment/web @2:1',
        'app.yaml#1 v1 Service/web @23:1',
        'list.json#0.0 v1 ConfigMap/one @5:5',
        'list.json#0.1 batch/v1beta1 CronJob/nightly @6:5',
        'problems.yaml#0 extensions/v1beta1 Ingress/legacy @1:1',
        'problems.yaml#1 v1 Namespace/tenant @6:1',
        'problems.yaml#2 v1 ConfigMap/settings @12:1',
        'problems.yaml#6 policy/v1beta1 PodSecurityPolicy/restricted @28:1',
      ],
    );
  });

  test('the place of a field: its key, the item of a list, the nearest enclosing key when missing', () => {
    const [deployment] = readManifests([join(corpus, 'app.yaml')], options).objects;
    assert.ok(deployment);
    assert.deepEqual(deployment.positionOf(['spec', 'template', 'spec', 'containers', 0, 'image']), { line: 19, column: 11 });
    assert.deepEqual(deployment.positionOf(['spec', 'template', 'spec', 'containers', 0]), { line: 18, column: 11 });
    assert.deepEqual(deployment.positionOf(['spec', 'strategy', 'type']), { line: 7, column: 1 });
    assert.deepEqual(deployment.positionOf([]), { line: 2, column: 1 });
  });

  test('YAML 1.1 as kubectl reads it: yes/on are booleans, merge keys work', () => {
    const read = readManifestText('x', 'apiVersion: v1\nkind: X\nbase: &b {a: 1}\nm:\n  <<: *b\n  on: yes\n');
    assert.deepEqual(read.objects[0]?.object, { apiVersion: 'v1', kind: 'X', base: { a: 1 }, m: { a: 1, true: true } });
  });

  test("scalars as kubectl's yaml.v2 reads them: timestamps and base-60 stay strings, Go's integer prefixes are numbers", () => {
    // Each value was sent with `kubectl create --dry-run=server --validate=strict` to the v1.36.3
    // control plane as a ConfigMap's data value: strings came back as written; numbers were refused
    // ("cannot unmarshal number"). The check corpus holds the same cases as end-to-end oracle tests.
    const values = ['2026-01-02', '2026-01-02T03:04:05Z', '2026-01-02 10:00:00', '2026-1-2', '1:20', '1:20:30.5', '.', '.e5', '-.'];
    const numbers: [string, number][] = [
      ['0o17', 15],
      ['0O17', 15],
      ['+0o1_7', 15],
      ['0X1f', 31],
      ['0B11', 3],
      ['017', 15],
      ['1_000', 1000],
      ['1e3', 1000],
      ['1.', 1],
      ['.5', 0.5],
    ];
    const text = `apiVersion: v1\nkind: X\n${[...values, ...numbers.map(([v]) => v)].map((v, i) => `k${i}: ${v}`).join('\n')}\n`;
    const object = readManifestText('x', text).objects[0]?.object as Record<string, unknown>;
    assert.deepEqual(
      [...values, ...numbers.map(([v]) => v)].map((_, i) => object[`k${i}`]),
      [...values, ...numbers.map(([, n]) => n)],
    );
  });

  test('the fast reader (js-yaml) and the yaml package give the same objects, problems and positions', () => {
    const snippets = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n',
      '---\napiVersion: v1\nkind: A\n---\n---\n# only a comment\n---\napiVersion: v1\nkind: B\n...\n',
      'base: &b {x: 1}\napiVersion: v1\nkind: M\nm:\n  <<: *b\n  y: 2\n',
      'apiVersion: v1\nkind: S\nv: &s scalar\nw: *s\n',
      'apiVersion: v1\nkind: T\nblock: |\n  line one\n  line two\nfolded: >-\n  a\n  b\n',
      '\ufeffapiVersion: v1\r\nkind: C\r\nmetadata:\r\n  name: crlf\r\n',
      'apiVersion: v1\nkind: K\n"quoted key": 1\n12: twelve\ntrue: yes\n? [complex]\n: value\n',
      'apiVersion: v1\nkind: Tags\na: !!str 12\nb: !!int "7"\nc: !!binary aGk=\n',
      'apiVersion: v1\nkind: Custom\na: !thing x\n',
      'apiVersion: v1\nkind: D\na: 1\na: 2\n',
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n- 7\n',
      '- just\n- a list\n',
      'apiVersion: v1\nkind: Bad\na: [unclosed\n',
      'apiVersion: v1\nkind: N\nn: [~, null, Null, NULL, , 0x1F, 0o17, 017, 08, 1_000, -.5, 1e3, .inf, -.INF, .nan, 1:20, 2026-01-02, ., y, NO, off]\n',
      '%YAML 1.1\n---\napiVersion: v1\nkind: Directive\n',
      'apiVersion: v1\nkind: Empty\nmetadata:\n',
    ];
    const casesDir = join(dataDir, 'check-corpus', 'cases');
    const files = readdirSync(casesDir).map((file) => [file, readFileSync(join(casesDir, file), 'utf8')] as const);
    const declined: string[] = [];
    for (const [name, text] of [...snippets.map((text, index) => [`snippet-${index}`, text] as const), ...files]) {
      if (!quickValues(text, defaultParseLimits.maxDepth)) declined.push(name);
      const plain = (read: ReturnType<typeof parseManifests>) => ({
        problems: read.problems,
        objects: read.objects.map(({ positionOf, ...object }) => ({
          ...object,
          start: object.start,
          positions: [['metadata', 'name'], ['apiVersion'], ['spec'], ['data', 'k']].map((path) => positionOf(path)),
        })),
      });
      assert.deepEqual(plain(parseManifests(name, text)), plain(parseManifests(name, text, defaultParseLimits, 'syntax')), name);
    }
    // The fast reader is the one used, on every case of the corpus; the yaml package reads a list
    // as a key, !!binary, an unknown tag, a repeated key, a syntax error and an empty flow entry.
    assert.deepEqual(declined, ['snippet-6', 'snippet-7', 'snippet-8', 'snippet-9', 'snippet-12', 'snippet-13']);
  });

  test('bounds: an alias bomb and deep nesting are problems, not crashes; the next document is still read', () => {
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 0, prev = 'a'; i < 8; i++, prev = `b${i - 1}`) bomb += `b${i}: &b${i} [${Array(9).fill(`*${prev}`).join(', ')}]\n`;
    const deep = `apiVersion: v1\nkind: X\nx: ${'['.repeat(600)}${']'.repeat(600)}\n`;
    const read = readManifestText('f', `${bomb}---\n${deep}---\napiVersion: v1\nkind: ConfigMap\n`);
    assert.deepEqual(
      read.problems.map((p) => `${p.reason} #${p.documentIndex} ${p.position.line}: ${p.message}`),
      [
        'unparsable #0 1: its aliases expand past 100 nodes (a YAML alias bomb): not read',
        'unparsable #1 11: nested deeper than 512 levels: not read',
      ],
    );
    assert.deepEqual(
      read.objects.map((o) => o.kind),
      ['ConfigMap'],
    );
  });

  test('unreadable files: missing, too large, binary; the others are still read', () => {
    const read = readManifests([join(corpus, 'missing.yaml'), join(corpus, 'app.yaml')], { ...options, maxFileBytes: 100 });
    assert.deepEqual(
      read.problems.map((p) => `${p.reason}: ${p.message}`),
      ['unreadable: no such file or directory', 'unreadable: not read: larger than 100 (--max-manifest-bytes)'],
    );
    const binary = readManifests(['-'], { ...options, readStdin: () => 'apiVersion: v1\u0000' });
    assert.deepEqual(
      binary.problems.map((p) => `${p.file} ${p.reason}: ${p.message}`),
      ['stdin unreadable: a binary file (it holds a NUL byte at offset 14), not YAML or JSON'],
    );
  });
});

describe('findings against the v1.36.3 snapshot', () => {
  test('each problem at its line, with what is served instead', async () => {
    const { report } = await check([corpus]);
    assert.deepEqual(line(report), [
      'list.json:6:7 error not-served apiVersion: batch/v1beta1 CronJob is not served by the cluster; CronJob is served as batch/v1',
      'nested/broken.yml:4:1 error parse-error -: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      'problems.yaml:1:1 error not-served apiVersion: extensions/v1beta1 Ingress is not served by the cluster; Ingress is served as networking.k8s.io/v1',
      'problems.yaml:10:3 warning cluster-scoped-namespace metadata.namespace: Namespace is cluster-scoped: the server ignores metadata.namespace',
      'problems.yaml:18:3 warning duplicate-key data.mode: duplicate key "mode": the server keeps the last value',
      'problems.yaml:20:1 error invalid-object -: the document is a list, not an object',
      'problems.yaml:23:1 error invalid-object -: the object has no apiVersion (a string)',
      'problems.yaml:28:1 error not-served apiVersion: policy/v1beta1 PodSecurityPolicy is not served by the cluster; no version of kind PodSecurityPolicy is served',
    ]);
  });

  test('release data: the removing release and replacement; deprecated; --target-version', async () => {
    const releases: ReleaseData = {
      lifecycleOf(group, version, kind) {
        if (group === 'extensions' && version === 'v1beta1' && kind === 'Ingress')
          return { introduced: '1.1', deprecated: '1.14', removed: '1.22', replacement: 'networking.k8s.io/v1 Ingress' };
        if (group === '' && version === 'v1' && kind === 'Service') return { introduced: '1.0', deprecated: '1.30', removed: '1.40' };
        if (group === 'apps' && version === 'v1' && kind === 'Deployment') return { introduced: '1.9' };
        return undefined;
      },
    };
    const { report } = await check([join(corpus, 'app.yaml'), join(corpus, 'problems.yaml')], {
      releases,
      target: { major: 1, minor: 40 },
    });
    assert.deepEqual(
      line(report).filter((text) => /not-served|deprecated|removed-in-target/.test(text)),
      [
        'app.yaml:23:1 warning deprecated apiVersion: v1 Service is deprecated since Kubernetes 1.30; Kubernetes 1.40 removes it',
        'app.yaml:23:1 error removed-in-target apiVersion: Kubernetes 1.40 does not serve v1 Service: removed in 1.40',
        'problems.yaml:1:1 error not-served apiVersion: extensions/v1beta1 Ingress is not served by the cluster; Kubernetes 1.22 removed it; its replacement networking.k8s.io/v1 is served',
        'problems.yaml:1:1 error removed-in-target apiVersion: Kubernetes 1.40 does not serve extensions/v1beta1 Ingress: removed in 1.22; use networking.k8s.io/v1 Ingress',
        'problems.yaml:28:1 error not-served apiVersion: policy/v1beta1 PodSecurityPolicy is not served by the cluster; no version of kind PodSecurityPolicy is served',
      ],
    );
  });

  test('a removed version whose replacement is served: the replacement named once, and the hint, even when an older version is served too', async () => {
    const read = readManifestText(
      'hpa.yaml',
      'apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n---\napiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\n',
    );
    const findings = await checkRead({
      read,
      surface: snapshot.surface,
      loadSchemas: async () => ({ found: [], missing: [] }),
      releases: await releaseData(),
    });
    assert.deepEqual(
      findings.filter((f) => f.check === 'not-served').map((f) => `${f.message} (${f.hint})`),
      [
        'autoscaling/v2beta2 HorizontalPodAutoscaler is not served by the cluster; Kubernetes 1.26 removed it; its replacement autoscaling/v2 is served (and autoscaling/v1) (change apiVersion to autoscaling/v2)',
        'batch/v1beta1 CronJob is not served by the cluster; Kubernetes 1.25 removed it; its replacement batch/v1 is served (change apiVersion to batch/v1)',
      ],
    );
  });

  test('a surface without schemas: schema-unavailable info, no error', async () => {
    const read = readManifests([join(corpus, 'app.yaml')], options);
    const findings = await checkRead({
      read,
      surface: snapshot.surface,
      loadSchemas: () => Promise.reject(new Error('snapshot x has no schemas')),
    });
    assert.deepEqual(
      findings.map((f) => `${f.severity} ${f.check}: ${f.message}`),
      [
        'info schema-unavailable: not validated: snapshot x has no schemas',
        'info schema-unavailable: not validated: snapshot x has no schemas',
      ],
    );
  });
});

describe('reports', async () => {
  const { read, report } = await check([corpus]);
  const objects = read.objects.map((o) => ({
    file: o.file,
    documentIndex: o.documentIndex,
    kind: o.kind,
    ...(o.name ? { name: o.name } : {}),
  }));
  const now = new Date('2026-12-03T12:00:00Z');

  test('the table: FILE:LINE KIND/NAME SEVERITY CHECK MESSAGE, terminal-safe', () => {
    const hostile = {
      ...report,
      findings: [{ ...(report.findings[0] as ManifestCheck['findings'][number]), name: 'x\u001b[2Jy', message: 'a\tb' }],
    };
    const text = renderCheck(hostile, { format: 'table' });
    assert.match(text, /^FILE:LINE +KIND\/NAME +SEVERITY +CHECK +MESSAGE\n/);
    assert.ok(text.includes('"CronJob/x\\x1b[2Jy"   error      not-served   "a\\tb"'), text);
    assert.doesNotMatch(text, /\u001b/);
  });

  test('-o junit validates against the Ant JUnit XSD: a suite per file, a case per object', () => {
    const xml = renderCheck(report, { format: 'junit', objects, now });
    validateJunit(xml);
    assert.equal([...xml.matchAll(/<testsuite /g)].length, 4);
    assert.ok(xml.includes('name="Deployment/web (document 0)" time="0"/>'));
    assert.ok(xml.includes('<failure type="not-served"'));
  });

  test('-o sarif validates against SARIF 2.1.0: one rule per check id, physical locations', () => {
    const sarif = JSON.parse(renderCheck(report, { format: 'sarif' }));
    assert.deepEqual(sarifErrors(sarif), []);
    const result = sarif.runs[0].results[0];
    assert.equal(result.ruleId, 'not-served');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 6, startColumn: 7 });
    assert.equal(sarif.runs[0].tool.driver.rules[result.ruleIndex].id, 'not-served');
  });

  test('-o markdown: the summary and a table', () => {
    const markdown = renderCheck(report, { format: 'markdown' });
    assert.match(markdown, /^8 objects in 4 files: 6 errors, 2 warnings, 0 info\n\n\| File:Line \| Kind\/Name \|/);
  });
});
