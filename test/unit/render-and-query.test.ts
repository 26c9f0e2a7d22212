import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hoistCommand, normalizeBooleanFlags } from '../../src/cli/argv.ts';
import { formatGoDuration, parseGoDuration } from '../../src/cluster/go-duration.ts';
import { renderApiResources } from '../../src/render/api-resources.ts';
import { toCsv, toMarkdown } from '../../src/render/formats.ts';
import { tabwrite } from '../../src/render/tabwriter.ts';
import { filterResources, groupVersionStrings, preferredResources, sortResources } from '../../src/surface/query.ts';
import { captureSurface } from '../support/surfaces.ts';

// Expected outputs were produced by Go's text/tabwriter (minwidth 6, tabwidth 4, padding 3, ' ').
describe('tabwrite matches Go text/tabwriter with kubectl settings', () => {
  const cases: Array<[string, string, string]> = [
    ['pads to the widest cell plus 3', 'A\tBB\tC\nAAAA\tB\tC\n', 'A      BB    C\nAAAA   B     C\n'],
    ['the trailing cell is never padded', 'NAME\tKIND\nx\ty\n', 'NAME   KIND\nx      y\n'],
    ['empty cells still take the minimum width', 'a\t\tb\n', 'a           b\n'],
    ['a line without tabs ends a column block', 'aaaaaaa\tb\nline\nc\td\n', 'aaaaaaa   b\nline\nc     d\n'],
    ['widths count characters, not bytes', 'é\tx\nab\ty\n', 'é     x\nab    y\n'],
  ];
  for (const [name, input, expected] of cases) test(name, () => assert.equal(tabwrite(input), expected));
});

describe('Go durations', () => {
  const cases: Array<[number, string]> = [
    [32_000, '32s'],
    [1_500, '1.5s'],
    [90_000, '1m30s'],
    [3_600_000, '1h0m0s'],
    [500, '500ms'],
    [0, '0s'],
  ];
  for (const [ms, text] of cases) test(`${ms}ms is ${text}`, () => assert.equal(formatGoDuration(ms), text));
  test('parses kubectl --request-timeout values', () => {
    assert.deepEqual(['0', '5', '5s', '1m30s', '250ms', 'soon'].map(parseGoDuration), [0, 5000, 5000, 90000, 250, undefined]);
  });
});

test('kubectl spellings of boolean flags are accepted', () => {
  assert.deepEqual(
    normalizeBooleanFlags(['--no-headers=true', '--cached=false', '--namespaced', '-o', 'wide'], ['no-headers', 'cached'], ['namespaced']),
    ['--no-headers', '--namespaced=true', '-o', 'wide'],
  );
});

test("Go's boolean spellings and empty list values, as kubectl's flags read them (issue 21, item 15)", () => {
  const spellings = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False', 'tRuE', 'yes', ''];
  assert.deepEqual(
    spellings.map((value) => normalizeBooleanFlags([`--namespaced=${value}`], [], ['namespaced']).join(' ')),
    [
      ...Array(6).fill('--namespaced=true'),
      ...Array(6).fill('--namespaced=false'),
      '--namespaced=tRuE',
      '--namespaced=yes',
      '--namespaced=',
    ],
  );
  assert.deepEqual(
    spellings.map((value) => normalizeBooleanFlags([`--cached=${value}`], ['cached']).join(' ')),
    [...Array(6).fill('--cached'), ...Array(6).fill(''), '--cached=tRuE', '--cached=yes', '--cached='],
  );
  assert.deepEqual(normalizeBooleanFlags(['--verbs=', '--categories=', '--verbs=list'], [], [], ['verbs', 'categories']), ['--verbs=list']);
});

describe('queries on the k0s capture', () => {
  const surface = captureSurface('k0s-v1.21.0');

  test('preferred resources: one per group and name, in the preferred version, or the only version serving it', () => {
    const resources = preferredResources(surface);
    const versionOf = (group: string, name: string) => resources.filter((r) => r.group === group && r.name === name).map((r) => r.version);
    assert.deepEqual(versionOf('batch', 'jobs'), ['v1']);
    assert.deepEqual(versionOf('batch', 'cronjobs'), ['v1']);
    assert.deepEqual(versionOf('storage.k8s.io', 'csistoragecapacities'), ['v1beta1']);
    assert.deepEqual(versionOf('events.k8s.io', 'events'), ['v1']);
    assert.equal(resources.length, 57);
  });

  test('kubectl sort: group then name; ties on kind keep server order (core events before events.k8s.io)', () => {
    const sorted = sortResources(filterResources(preferredResources(surface), { verbs: [], categories: [] }), 'kind');
    const events = sorted.filter((r) => r.kind === 'Event').map((r) => r.group);
    assert.deepEqual(events, ['', 'events.k8s.io']);
  });

  test('api-versions strings sort byte-wise, core as v1', () => {
    const versions = groupVersionStrings(surface, { preferredOnly: false });
    assert.equal(versions.at(-1), 'v1');
    assert.equal(versions[0], 'admissionregistration.k8s.io/v1');
    assert.equal(versions.length, 39);
    assert.equal(groupVersionStrings(surface, { preferredOnly: true }).length, 21);
  });

  test('csv and markdown rows', () => {
    const apps = sortResources(
      filterResources(preferredResources(surface), { apiGroup: 'apps', verbs: [], categories: [] }),
      'group',
    ).slice(0, 2);
    const rows = apps.map((resource) => ({ resource, servedBy: { type: 'local' as const } }));
    const options = { noHeaders: false, subresources: true, kubectlCompat: false };
    assert.equal(
      renderApiResources(rows, { ...options, format: 'csv' }),
      'name,shortNames,group,version,namespaced,kind,verbs,categories,servedBy,subresources\n' +
        'controllerrevisions,,apps,v1,true,ControllerRevision,create delete deletecollection get list patch update watch,,Local,\n' +
        'daemonsets,ds,apps,v1,true,DaemonSet,create delete deletecollection get list patch update watch,all,Local,status\n',
    );
    assert.equal(toMarkdown(['a', 'b'], [['x|y', 'z']]), '| a | b |\n| --- | --- |\n| x\\|y | z |\n');
    assert.equal(toCsv(['a'], [['say "hi", twice']]), 'a\n"say ""hi"", twice"\n');
  });
});

test('global flags before the command move after it, as kubectl allows', () => {
  const ids = ['api-resources', 'explain'];
  const valueFlags = ['--context', '-n', '--kubeconfig'];
  assert.deepEqual(hoistCommand(['--context', 'prod', '-n', 'x', 'api-resources', '-o', 'wide'], ids, valueFlags), [
    'api-resources',
    '--context',
    'prod',
    '-n',
    'x',
    '-o',
    'wide',
  ]);
  assert.deepEqual(hoistCommand(['--kubeconfig=/k', 'explain', 'pods'], ids, valueFlags), ['explain', '--kubeconfig=/k', 'pods']);
  assert.deepEqual(hoistCommand(['--help'], ids, valueFlags), ['--help']);
  assert.deepEqual(hoistCommand(['api-resources', '--context', 'a'], ids, valueFlags), ['api-resources', '--context', 'a']);
});
