import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExitCode, isKapiError } from '../../src/errors.ts';
import { lifecycleData, loadLifecycle, parseRelease, parseTargetVersion } from '../../src/releases/lifecycle.ts';
import { parseKindSelector, selectKinds } from '../../src/releases/select.ts';
import { renderLifecycle } from '../../src/render/lifecycle.ts';

const usage = (message: RegExp) => (error: unknown) =>
  isKapiError(error) && error.exitCode === ExitCode.usage && message.test(error.message);

describe('parseTargetVersion', () => {
  const accepted: Array<[string, string]> = [
    ['1.32', '1.32'],
    ['v1.32', '1.32'],
    ['1.32.0', '1.32'],
    ['v1.29.15', '1.29'],
    [' 1.16 ', '1.16'],
    ['1.37', '1.37'],
  ];
  for (const [text, release] of accepted) test(`"${text}" -> ${release}`, () => assert.equal(parseTargetVersion(text, '1.37'), release));

  for (const text of ['', '1', '132', '2.1', '1.x', 'v1.32.0-rc.1', '1.032', 'latest', '1.32.0.1']) {
    test(`"${text}" is a usage error`, () =>
      assert.throws(() => parseTargetVersion(text, '1.37'), usage(/^--target-version must be a Kubernetes release such as 1\.32/)));
  }

  test('a release after the newest known is a usage error naming the newest', () => {
    assert.throws(
      () => parseTargetVersion('1.38', '1.37'),
      usage(/^--target-version 1\.38 is newer than the newest release kapi knows, 1\.37$/),
    );
    assert.throws(() => parseTargetVersion('v1.40.1', '1.37'), usage(/1\.40 is newer than .* 1\.37$/));
  });

  test('parseRelease names the flag and accepts planned releases', () => {
    assert.equal(parseRelease('1.41', '--removed-in'), '1.41');
    assert.throws(() => parseRelease('x', '--removed-in'), usage(/^--removed-in must be/));
  });
});

describe('parseKindSelector', () => {
  const table: Array<[string, ReturnType<typeof parseKindSelector>]> = [
    ['apps', { group: 'apps', version: undefined, kind: undefined }],
    ['apps/v1', { group: 'apps', version: 'v1', kind: undefined }],
    ['apps/v1/Deployment', { group: 'apps', version: 'v1', kind: 'Deployment' }],
    ['v1', { group: '', version: 'v1', kind: undefined }],
    ['v1/Pod', { group: '', version: 'v1', kind: 'Pod' }],
    ['core/v1/Pod', { group: '', version: 'v1', kind: 'Pod' }],
    ['Core', { group: '', version: undefined, kind: undefined }],
    ['Flowcontrol.apiserver.k8s.io/v1beta3', { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta3', kind: undefined }],
  ];
  for (const [text, expected] of table) test(text, () => assert.deepEqual(parseKindSelector(text), expected));

  for (const text of ['apps//v1', '/v1', 'a/b/c/d', 'apps/']) {
    test(`"${text}" is a usage error`, () => assert.throws(() => parseKindSelector(text), usage(/^expected GROUP\[\/VERSION\[\/KIND\]\]/)));
  }
});

describe('lifecycle data', async () => {
  const data = await loadLifecycle();

  test('is loaded once, indexed and sorted', async () => {
    assert.equal(await loadLifecycle(), data);
    assert.match(data.newestRelease, /^1\.\d+$/);
    assert.ok(data.kinds.length > 100);
    const keys = data.kinds.map((row) => `${row.group}\u0000${row.version}\u0000${row.kind}`);
    assert.deepEqual(keys, [...keys].sort());
    assert.equal(data.lifecycleOf('', 'v1', 'Pod')?.kind, 'Pod');
    assert.equal(data.lifecycleOf('', 'v1', 'PodList'), undefined, 'list kinds are left out');
    assert.equal(data.lifecycleOf('apps', 'v1', 'WatchEvent'), undefined, 'meta kinds are left out');
  });

  test('is read from every k8s.io/api minor, v0.20 to the newest (issue 17: "over every minor from v0.20 to v0.37")', () => {
    const minors = data.source.modules.map((module) => Number(/^k8s\.io\/api v0\.(\d+)\.\d+,/.exec(module)?.[1]));
    const newest = Number(data.newestRelease.split('.')[1]);
    assert.ok(newest >= 37);
    assert.deepEqual(
      minors,
      Array.from({ length: newest - 20 + 1 }, (_, index) => 20 + index),
    );
    // Kinds first declared by a minor that an earlier generation did not read: v0.33 declares networking.k8s.io/v1 IPAddress.
    assert.deepEqual(data.lifecycleOf('networking.k8s.io', 'v1', 'IPAddress')?.inModules, [
      'v0.33.13',
      data.source.modules.at(-1)?.split(/[ ,]/)[1],
    ]);
  });

  test('a damaged document is a config error naming the field', () => {
    const broken = { source: { generator: 'g', command: 'c', modules: [], newestRelease: '1.37' }, kinds: [{ group: 'apps' }] };
    assert.throws(
      () => lifecycleData(broken),
      (error: unknown) => isKapiError(error) && error.exitCode === ExitCode.config && /\.kinds\[0\]\.version/.test(error.message),
    );
    assert.throws(() => lifecycleData({ ...broken, kinds: [], source: { ...broken.source, newestRelease: 'latest' } }), /newestRelease/);
  });

  test('--removed-in and --deprecated-in select exact releases; a selector narrows', () => {
    const removed122 = selectKinds(data.kinds, { removedIn: '1.22' });
    assert.ok(removed122.length > 20);
    assert.ok(removed122.every((row) => row.removed === '1.22'));
    assert.ok(removed122.some((row) => row.group === 'extensions' && row.kind === 'Ingress'));
    const both = selectKinds(data.kinds, { removedIn: '1.16', deprecatedIn: '1.8', selector: parseKindSelector('apps/v1beta1') });
    assert.deepEqual(
      both.map((row) => row.kind),
      ['ControllerRevision', 'Deployment', 'DeploymentRollback', 'Scale', 'StatefulSet'],
    );
    assert.deepEqual(
      selectKinds(data.kinds, { selector: parseKindSelector('v1/pod') }).map((row) => row.kind),
      ['Pod'],
    );
    assert.deepEqual(selectKinds(data.kinds, { removedIn: '1.99' }), []);
  });

  test('the table and the JSON document', () => {
    const rows = selectKinds(data.kinds, { selector: parseKindSelector('apps/v1beta1/Deployment') });
    const context = { newestRelease: data.newestRelease, modules: data.source.modules };
    assert.equal(
      renderLifecycle(rows, context, { format: 'table', noHeaders: false }),
      `GROUP   VERSION   KIND         INTRODUCED   DEPRECATED   REMOVED   REPLACEMENT
apps    v1beta1   Deployment   1.6          1.8          1.16      apps/v1/Deployment
`,
    );
    const pod = selectKinds(data.kinds, { selector: parseKindSelector('v1/Pod') });
    assert.match(renderLifecycle(pod, context, { format: 'table', noHeaders: true }), /^core +v1 +Pod +(1\.0|-) +- +- +-\n$/);
    assert.equal(renderLifecycle([], context, { format: 'table', noHeaders: false }), '', 'no header when nothing matched');
    const document = JSON.parse(renderLifecycle(rows, context, { format: 'json', noHeaders: false }));
    assert.deepEqual(Object.keys(document), ['apiVersion', 'kind', 'newestRelease', 'modules', 'items']);
    assert.deepEqual(document.items, [
      {
        group: 'apps',
        version: 'v1beta1',
        kind: 'Deployment',
        introduced: '1.6',
        deprecated: '1.8',
        removed: '1.16',
        replacement: { group: 'apps', version: 'v1', kind: 'Deployment' },
      },
    ]);
  });
});
