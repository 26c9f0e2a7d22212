// kapi explain parity with the release-matched kubectl on a real control plane
// (kube-apiserver, the test CRDs, the aggregated sample-apiserver): identical
// plaintext with --kubectl-compat for every path the issue lists.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { assertMatchesSchema } from '../support/json-schemas.ts';
import { kapi as kapiCli } from '../support/run-cli.ts';
import { announceSkip, type Cluster, e2eAvailability, run, startCluster } from './cluster.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('explain e2e', { skip }, () => {});

const parityCases: string[][] = [
  ['pods'],
  ['pods.spec'],
  ['pods.spec.containers'],
  ['deployments.spec.strategy'],
  ['deploy.spec.template.spec.containers.ports'],
  ['services.spec.ports.targetPort'],
  ['ingresses.spec.rules'],
  // CRDs: top and nested, the preserve-unknown-fields one, the two-version one
  ['crontabs'],
  ['crontabs.spec'],
  ['freeforms'],
  ['freeforms.spec'],
  ['crontabs', '--api-version=stable.example.com/v1beta1'],
  ['deployments.spec.strategy', '--recursive'],
  // the aggregated sample-apiserver group
  ['flunders'],
  ['flunders.spec'],
];

describe('explain on a real control plane', { skip }, () => {
  let cluster: Cluster;
  const cacheDir = mkdtempSync(join(tmpdir(), 'kubectl-e2e-explain-'));
  const kubectl = (args: string[]) =>
    run(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, '--context=admin', `--cache-dir=${cacheDir}`, 'explain', ...args]);
  const kapi = (args: string[]) => kapiCli(['explain', ...args, '--kubeconfig', cluster.kubeconfig, '--context=admin']);

  before(async () => {
    cluster = await startCluster();
  });
  after(async () => {
    await cluster?.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  for (const args of parityCases) {
    it(`kapi explain ${args.join(' ')} --kubectl-compat = kubectl explain ${args.join(' ')}`, async () => {
      const expected = await kubectl(args);
      assert.equal(expected.code, 0, expected.stderr);
      const actual = await kapi([...args, '--kubectl-compat']);
      assert.equal(actual.stdout, expected.stdout);
      assert.equal(actual.code, 0, actual.stderr);
    });
  }

  it('--output plaintext-openapiv2 matches kubectl', async () => {
    const expected = await kubectl(['deployments.spec.strategy', '--output=plaintext-openapiv2']);
    const actual = await kapi(['deployments.spec.strategy', '--output=plaintext-openapiv2', '--kubectl-compat']);
    assert.equal(actual.stdout, expected.stdout);
  });

  // -o json|yaml from the live server: a CRD's field and an aggregated API's, in kapi's envelope and valid by its schema.
  for (const [arg, target] of [
    [
      'crontabs.spec.cronSpec',
      { group: 'stable.example.com', version: 'v1', resource: 'crontabs', kind: 'CronTab', fieldPath: ['spec', 'cronSpec'] },
    ],
    ['flunders.spec', { group: 'wardle.example.com', version: 'v1alpha1', resource: 'flunders', kind: 'Flunder', fieldPath: ['spec'] }],
  ] as const) {
    it(`kapi explain ${arg} -o json|yaml: kapi.dev/v1 FieldExplanation, the resource under "target"`, async () => {
      const json = await kapi([arg, '-o', 'json']);
      assert.equal(json.code, 0, json.stderr);
      const document = JSON.parse(json.stdout);
      assertMatchesSchema('explain', document);
      assert.deepEqual(
        { apiVersion: document.apiVersion, kind: document.kind, target: document.target, source: document.source },
        { apiVersion: 'kapi.dev/v1', kind: 'FieldExplanation', target, source: 'openapi/v3' },
      );
      const yaml = await kapi([arg, '-o', 'yaml']);
      assert.equal(yaml.code, 0, yaml.stderr);
      assert.deepEqual(parseYaml(yaml.stdout), document);
    });
  }

  it('an unknown field is a one-line error with exit 8', async () => {
    const actual = await kapi(['pods.spec.containres']);
    assert.equal(actual.stderr, 'error: field "containres" does not exist in pods.spec; did you mean "containers"?\n');
    assert.equal(actual.code, 8);
  });
});
