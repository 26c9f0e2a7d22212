import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsageError } from '../../src/errors.ts';
import { renderSnapshotMatrix } from '../../src/render/fleet.ts';
import { snapshotFileName, snapshotFileNames } from '../../src/snapshot/fleet-files.ts';
import { captureSurface } from '../support/surfaces.ts';

describe('snapshot --output-dir file names', () => {
  for (const [context, file] of [
    ['admin', 'admin.json'],
    ['kind-kind', 'kind-kind.json'],
    ['arn:aws:eks:eu-west-1:123456789012:cluster/prod', 'arn_aws_eks_eu-west-1_123456789012_cluster_prod.json'],
    ['gke_project_europe-west1_prod', 'gke_project_europe-west1_prod.json'],
    ['../../etc/passwd', '.._.._etc_passwd.json'],
    ['..', '__.json'],
    ['', '_.json'],
    ['user@cluster', 'user_cluster.json'],
  ] as const) {
    test(JSON.stringify(context), () => assert.equal(snapshotFileName(context, 'json'), file));
  }
  test('the extension follows -o', () => assert.equal(snapshotFileName('a', 'yaml'), 'a.yaml'));
  test('two contexts that would share a file are a usage error', () => {
    assert.throws(
      () => snapshotFileNames(['a/b', 'a:b'], 'json'),
      (error: unknown) =>
        error instanceof UsageError &&
        error.message === 'contexts "a/b" and "a:b" would both be written to a_b.json: rename one in the kubeconfig',
    );
  });
  test('a repeated context is one file', () => {
    assert.deepEqual(
      [...snapshotFileNames(['a', 'a', 'b'], 'json')],
      [
        ['a', 'a.json'],
        ['b', 'b.json'],
      ],
    );
  });
});

describe('snapshot --all-contexts matrix', () => {
  test('SERVER is the server, VERSION its version (issue 21 item 24: SERVER held the version)', () => {
    const surface = {
      ...captureSurface('k0s-v1.21.0'),
      source: { kind: 'live' as const, server: 'https://10.0.0.1:6443', context: 'prod' },
      serverVersion: { major: '1', minor: '21+', gitVersion: 'v1.21.0-k0s1' },
    };
    assert.equal(
      renderSnapshotMatrix([
        { context: 'prod', surface, file: 'out/prod.json' },
        { context: 'dead', error: 'connect ECONNREFUSED' },
      ]),
      [
        'CONTEXT   SERVER                  VERSION        GROUPS   RESOURCES   RESULT   FILE',
        'prod      https://10.0.0.1:6443   v1.21.0-k0s1   21       86          ok       out/prod.json',
        'dead      -                       -              -        -           error    -',
        '',
      ].join('\n'),
    );
  });
});
