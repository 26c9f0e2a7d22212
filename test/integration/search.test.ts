import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ExitCode } from '../../src/errors.ts';
import { loadFolderCapture, type ReplayServer, startReplayServer } from '../support/replay-server.ts';
import { kapi } from '../support/run-cli.ts';
import { loadStatusCapture } from './explain-capture.ts';

/**
 * kapi search through the CLI: the bundled snapshots (v1.36.3 through OpenAPI v3,
 * k0s v1.21 through v2), and "live" replays of the real v1.36.3 capture (CRDs,
 * aggregated wardle, a stale APIService) and of the k0s capture (no /openapi/v3).
 */
const dataDir = new URL('../data/', import.meta.url).pathname;
let dir: string;
let v136: ReplayServer;
let v121: ReplayServer;
const env = () => ({ XDG_CACHE_HOME: dir, HOME: dir });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kapi-search-'));
  v136 = await startReplayServer(loadStatusCapture(join(dataDir, 'kube-v1.36.3')));
  v121 = await startReplayServer(loadFolderCapture(join(dataDir, 'k0s-v1.21.0-capture')));
});

after(async () => {
  await Promise.all([v136?.close(), v121?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kapi search', () => {
  test('which resources can run privileged containers, offline', async () => {
    const result = await kapi(['search', '*.securityContext.privileged', '--snapshot', 'builtin', '--api-group', 'apps']);
    assert.equal(
      result.stdout,
      [
        'RESOURCE            FIELD                                                               TYPE',
        'daemonsets.apps     spec.template.spec.containers.securityContext.privileged            boolean',
        'daemonsets.apps     spec.template.spec.ephemeralContainers.securityContext.privileged   boolean',
        'daemonsets.apps     spec.template.spec.initContainers.securityContext.privileged        boolean',
        'deployments.apps    spec.template.spec.containers.securityContext.privileged            boolean',
        'deployments.apps    spec.template.spec.ephemeralContainers.securityContext.privileged   boolean',
        'deployments.apps    spec.template.spec.initContainers.securityContext.privileged        boolean',
        'replicasets.apps    spec.template.spec.containers.securityContext.privileged            boolean',
        'replicasets.apps    spec.template.spec.ephemeralContainers.securityContext.privileged   boolean',
        'replicasets.apps    spec.template.spec.initContainers.securityContext.privileged        boolean',
        'statefulsets.apps   spec.template.spec.containers.securityContext.privileged            boolean',
        'statefulsets.apps   spec.template.spec.ephemeralContainers.securityContext.privileged   boolean',
        'statefulsets.apps   spec.template.spec.initContainers.securityContext.privileged        boolean',
        '',
      ].join('\n'),
    );
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
  });

  test('the bundled v1.21 release, through OpenAPI v2', async () => {
    const result = await kapi([
      'search',
      '.spec.strategy.rollingUpdate.*',
      '--type',
      'int-or-string',
      '--snapshot',
      'builtin:v1.21.0-k0s',
      '-o',
      'csv',
    ]);
    assert.equal(
      result.stdout,
      'RESOURCE,GROUP,VERSION,KIND,FIELD,TYPE\n' +
        'deployments.apps,apps,v1,Deployment,spec.strategy.rollingUpdate.maxSurge,string\n' +
        'deployments.apps,apps,v1,Deployment,spec.strategy.rollingUpdate.maxUnavailable,string\n',
    );
    assert.equal(result.code, 0, result.stderr);
  });

  test('live: CRDs and the aggregated API are searched; the stale group-version is named and the run is partial', async () => {
    const result = await kapi(['search', '.spec.*', '--api-group', 'stable.example.com', '--all-versions', '--server', v136.url], env());
    assert.equal(
      result.stdout,
      [
        'RESOURCE                       VERSION   FIELD           TYPE',
        'crontabs.stable.example.com    v1        spec.cronSpec   string',
        'crontabs.stable.example.com    v1        spec.image      string',
        'crontabs.stable.example.com    v1        spec.replicas   integer',
        'freeforms.stable.example.com   v1        spec.note       string',
        'crontabs.stable.example.com    v1beta1   spec.cronSpec   string',
        'crontabs.stable.example.com    v1beta1   spec.image      string',
        '',
      ].join('\n'),
    );
    assert.match(result.stderr, /^Warning: broken\.example\.com\/v1 could not be discovered/);
    assert.equal(result.code, ExitCode.partial);
    const wardle = await kapi(
      ['search', '--name', '^reference', '--api-group', 'wardle.example.com', '-o', 'json', '--server', v136.url],
      env(),
    );
    const document = JSON.parse(wardle.stdout);
    assert.equal(document.kind, 'FieldSearch');
    assert.deepEqual(
      document.matches.map((m: { resource: string; version: string; field: string }) => `${m.resource} ${m.version} ${m.field}`),
      ['flunders v1alpha1 spec.reference', 'flunders v1alpha1 spec.referenceType'],
    );
  });

  test('live through OpenAPI v2 (a server without /openapi/v3)', async () => {
    const result = await kapi(['search', 'spec.**.hostPID', '--server', v121.url, '--api-group', 'batch'], env());
    assert.equal(
      result.stdout,
      [
        'RESOURCE         FIELD                                         TYPE',
        'cronjobs.batch   spec.jobTemplate.spec.template.spec.hostPID   boolean',
        'jobs.batch       spec.template.spec.hostPID                    boolean',
        '',
      ].join('\n'),
    );
    assert.equal(result.code, 0, result.stderr);
  });

  test('no match: nothing on stdout, a line on stderr, exit 0; bad input: exit 2', async () => {
    const none = await kapi(['search', 'noSuchFieldAnywhere', '--snapshot', 'builtin']);
    assert.deepEqual([none.stdout, none.stderr, none.code], ['', 'No fields found.\n', 0]);
    const empty = await kapi(['search', '--snapshot', 'builtin']);
    assert.equal(empty.code, ExitCode.usage);
    assert.equal(empty.stderr, 'error: give a PATTERN or at least one of --name, --type, --has, --description\n');
    const regex = await kapi(['search', '--name', '(', '--snapshot', 'builtin']);
    assert.equal(regex.code, ExitCode.usage);
    assert.match(regex.stderr, /^error: invalid --name regular expression "\(": /);
  });

  test('a snapshot recorded without schemas: exit 8 with the way out', async () => {
    const recorded = await kapi(['snapshot', '--server', v121.url], env());
    const file = join(dir, 'no-schemas.json');
    writeFileSync(file, recorded.stdout);
    const result = await kapi(['search', 'image', '--snapshot', file]);
    assert.equal(result.code, ExitCode.notFound);
    assert.match(result.stderr, /has no schemas: record it with `kapi snapshot --with-schemas`/);
  });
});
