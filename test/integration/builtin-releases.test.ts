import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { builtinSnapshotNames, defaultBuiltinSnapshot } from '../../src/snapshot/builtin.ts';
import { kapi } from '../support/run-cli.ts';

/**
 * The Kubernetes releases bundled with kapi, through the CLI and offline: each answers
 * api-versions exactly as `kubectl api-versions` answered against its kube-apiserver when it was
 * recorded (tools/reference-surfaces/record.sh), and explain, search, atlas and diff work on each.
 */
const snapshotsDir = new URL('../../snapshots/', import.meta.url).pathname;
const releases = builtinSnapshotNames().filter((name) => /^v\d+\.\d+\.\d+$/.test(name));
const minor = (release: string) => release.replace(/\.\d+$/, '');
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kapi-builtin-releases-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('snapshot --list-builtin', () => {
  test('one row per bundled snapshot, oldest first; builtin and each minor name the newest', async () => {
    const result = await kapi(['snapshot', '--list-builtin']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^NAME +ALSO +SERVER +RELEASED +RECORDED +GROUP-VERSIONS +RESOURCES +SCHEMAS +FULL +STORED$/);
    assert.deepEqual(
      lines.slice(1).map((line) => line.split(/ {2,}/)[0]),
      builtinSnapshotNames().map((name) => `builtin:${name}`),
    );
    const json = JSON.parse((await kapi(['snapshot', '--list-builtin', '-o', 'json'])).stdout) as {
      items: Array<{ name: string; aliases: string[]; serverVersion: string; schemas: string; fullBytes: number; storedBytes: number }>;
    };
    for (const item of json.items) {
      const name = item.name.slice('builtin:'.length);
      const expected =
        name === defaultBuiltinSnapshot ? ['builtin', `builtin:${minor(name)}`] : releases.includes(name) ? [`builtin:${minor(name)}`] : [];
      assert.deepEqual(item.aliases, expected, item.name);
      if (releases.includes(name)) {
        assert.equal(item.serverVersion, name);
        assert.equal(item.schemas, 'openapi-v3');
        assert.ok(item.storedBytes < item.fullBytes / 5, `${item.name} is stored in far less than its full size`);
      }
    }
  });
});

describe('every bundled release, offline', () => {
  test('the bundled releases: the newest patch on the module proxy of every minor from 1.29 to 1.37', () => {
    assert.deepEqual(releases, ['v1.29.6', 'v1.30.14', 'v1.31.14', 'v1.32.13', 'v1.33.13', 'v1.34.4', 'v1.35.4', 'v1.36.3', 'v1.37.2']);
  });

  for (const release of releases) {
    test(`builtin:${minor(release)}: api-versions is what kubectl api-versions printed against its kube-apiserver`, async () => {
      const recorded = readFileSync(join(snapshotsDir, `${release}.api-versions.txt`), 'utf8');
      for (const reference of [`builtin:${minor(release)}`, `builtin:${release}`]) {
        const result = await kapi(['api-versions', '--snapshot', reference]);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stdout, recorded, reference);
      }
    });

    test(`builtin:${minor(release)}: explain, search and atlas read its schemas`, async () => {
      const reference = `builtin:${minor(release)}`;
      const explained = await kapi(['explain', 'deployments.spec.replicas', '--snapshot', reference]);
      assert.equal(explained.code, 0, explained.stderr);
      assert.match(explained.stdout, /^GROUP: +apps\nKIND: +Deployment\nVERSION: +v1\n\nFIELD: replicas <integer>\n/);
      const searched = await kapi(['search', 'spec.replicas', '--snapshot', reference, '--api-group', 'apps', '-o', 'json']);
      assert.equal(searched.code, 0, searched.stderr);
      assert.ok(searched.stdout.includes('"deployments"'), searched.stdout.slice(0, 400));
      const file = join(dir, `${release}.html`);
      const atlas = await kapi(['atlas', '--html', file, '--snapshot', reference]);
      assert.equal(atlas.code, 0, atlas.stderr);
      assert.match(atlas.stderr, /^Wrote .*\.html \(\d+ KiB\): \d+ groups, \d+ resources, \d+ schemas\n$/);
    });
  }
});

describe('diff between bundled releases, offline', () => {
  // Facts checked against Kubernetes' own record: the deprecation guide (flowcontrol.apiserver.k8s.io/v1beta3
  // "is no longer served as of v1.32", use v1, GA in 1.29) and the release notes of each minor (CHANGELOG-1.30 to
  // -1.37): ValidatingAdmissionPolicy GA in 1.30; IPAddress and ServiceCIDR GA in networking.k8s.io/v1 in 1.33;
  // pods/resize in 1.33; VolumeAttributesClass GA and resource.k8s.io/v1 (DRA GA) in 1.34; MutatingAdmissionPolicy
  // in v1 by 1.36 and ClusterTrustBundle, PodCertificateRequest, storagemigration.k8s.io/v1 in 1.37 also agree with
  // the lifecycle tags of k8s.io/api (src/releases/data/lifecycle.json: introduced).
  test('diff builtin:v1.29 builtin:v1.37: eight releases of additions, and the flowcontrol v1beta3 removal', async () => {
    const result = await kapi(['diff', 'builtin:v1.29', 'builtin:v1.37']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        '  OBJECT          GROUP-VERSION                          NAME                                CHANGE',
        '~ resource        v1                                     pods                                subresources: +resize',
        '+ resource        admissionregistration.k8s.io/v1        mutatingadmissionpolicies',
        '+ resource        admissionregistration.k8s.io/v1        mutatingadmissionpolicybindings',
        '+ resource        admissionregistration.k8s.io/v1        validatingadmissionpolicies',
        '+ resource        admissionregistration.k8s.io/v1        validatingadmissionpolicybindings',
        '+ resource        certificates.k8s.io/v1                 clustertrustbundles',
        '+ resource        certificates.k8s.io/v1                 podcertificaterequests',
        '- group-version   flowcontrol.apiserver.k8s.io/v1beta3                                       2 resources: flowschemas, prioritylevelconfigurations',
        '+ resource        networking.k8s.io/v1                   ipaddresses',
        '+ resource        networking.k8s.io/v1                   servicecidrs',
        '+ group-version   resource.k8s.io/v1                                                         5 resources: deviceclasses, devicetaintrules, resourceclaims, resourceclaimtemplates, resourceslices',
        '~ resource        storage.k8s.io/v1                      csinodes                            subresources: +status',
        '+ resource        storage.k8s.io/v1                      volumeattributesclasses',
        '+ group-version   storagemigration.k8s.io/v1                                                 1 resource: storageversionmigrations',
        '',
        '14 differences: 2 group-versions added, 1 group-version removed, 9 resources added, 2 resources changed',
        '',
      ].join('\n'),
    );
    // The group-versions added and removed are exactly what kubectl api-versions printed against the two servers.
    const kubectl = (release: string) =>
      new Set(
        readFileSync(join(snapshotsDir, `${release}.api-versions.txt`), 'utf8')
          .trim()
          .split('\n'),
      );
    const [old, now] = [kubectl('v1.29.6'), kubectl('v1.37.2')];
    const json = JSON.parse((await kapi(['diff', 'builtin:v1.29', 'builtin:v1.37', '-o', 'json'])).stdout) as {
      changes: Array<{ change: string; object: string; groupVersion: string }>;
    };
    const groupVersions = (change: string) =>
      json.changes.filter((c) => c.object === 'group-version' && c.change === change).map((c) => c.groupVersion);
    assert.deepEqual(
      groupVersions('added'),
      [...now].filter((gv) => !old.has(gv)),
    );
    assert.deepEqual(
      groupVersions('removed'),
      [...old].filter((gv) => !now.has(gv)),
    );
    assert.deepEqual(groupVersions('removed'), ['flowcontrol.apiserver.k8s.io/v1beta3']);
    assert.ok(
      old.has('flowcontrol.apiserver.k8s.io/v1') && now.has('flowcontrol.apiserver.k8s.io/v1'),
      'v1, the replacement, is served by both',
    );
  });

  test('diff builtin:v1.31 builtin:v1.32: the one removal 1.32 makes, as the lifecycle data and the deprecation guide say', async () => {
    const result = await kapi(['diff', 'builtin:v1.31', 'builtin:v1.32']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        '  OBJECT          GROUP-VERSION                          NAME   CHANGE',
        '- group-version   flowcontrol.apiserver.k8s.io/v1beta3          2 resources: flowschemas, prioritylevelconfigurations',
        '',
        '1 difference: 1 group-version removed',
        '',
      ].join('\n'),
    );
    const removed = JSON.parse((await kapi(['lifecycle', '--removed-in', '1.32', '-o', 'json'])).stdout) as {
      items: Array<{ group: string; version: string; kind: string }>;
    };
    const served = removed.items.filter((item) => !item.version.includes('alpha'));
    assert.deepEqual(
      served.map((item) => `${item.group}/${item.version} ${item.kind}`),
      ['flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema', 'flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration'],
    );
  });

  // Field facts from the release notes: Job spec.managedBy and spec.successPolicy and Service spec.trafficDistribution
  // (1.30); PodResourceClaim's ClaimSource `source` removed when DRA was reworked (1.31); Node
  // status.nodeInfo.kubeProxyVersion deprecated (1.31); pod-level spec.resources (1.32); Endpoints deprecated in favour
  // of EndpointSlice, Pod status.resize deprecated for the resize conditions (1.33).
  test('diff --schemas builtin:v1.29 builtin:v1.37: field by field, across eight releases', async () => {
    const result = await kapi(['diff', '--schemas', 'builtin:v1.29', 'builtin:v1.37', '-o', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as {
      from: unknown;
      to: unknown;
      resources: Array<{
        resource: string;
        groupVersion: string;
        changes: Array<{ change: string; field: string; type: string; attributes: Array<{ attribute: string; from: string; to: string }> }>;
      }>;
    };
    assert.deepEqual(json.from, { label: 'builtin:v1.29', serverVersion: 'v1.29.6', schemaSource: 'openapi/v3' });
    assert.deepEqual(json.to, { label: 'builtin:v1.37', serverVersion: 'v1.37.2', schemaSource: 'openapi/v3' });
    const change = (resource: string, groupVersion: string, field: string) =>
      json.resources.find((r) => r.resource === resource && r.groupVersion === groupVersion)?.changes.find((c) => c.field === field);
    const deprecated = { attribute: 'deprecated', from: 'false', to: 'true', added: [], removed: [] };
    assert.deepEqual(change('jobs', 'batch/v1', 'spec.managedBy'), {
      change: 'added',
      field: 'spec.managedBy',
      type: 'string',
      attributes: [],
    });
    assert.equal(change('jobs', 'batch/v1', 'spec.successPolicy')?.change, 'added');
    assert.equal(change('services', 'v1', 'spec.trafficDistribution')?.change, 'added');
    assert.equal(change('pods', 'v1', 'spec.resourceClaims.source')?.change, 'removed');
    assert.deepEqual(change('pods', 'v1', 'spec.resources'), {
      change: 'added',
      field: 'spec.resources',
      type: 'ResourceRequirements',
      attributes: [],
    });
    assert.deepEqual(change('nodes', 'v1', 'status.nodeInfo.kubeProxyVersion')?.attributes, [deprecated]);
    assert.deepEqual(change('endpoints', 'v1', '.')?.attributes, [deprecated]);
    assert.deepEqual(change('pods', 'v1', 'status.resize')?.attributes, [deprecated]);
    const text = await kapi(['diff', '--schemas', 'builtin:v1.29', 'builtin:v1.37']);
    assert.equal(text.code, 0, text.stderr);
    assert.ok(
      text.stdout.endsWith('\n\n39 resources changed (of 57 compared): 1296 fields added, 27 removed, 360 changed\n'),
      text.stdout.slice(-200),
    );
  });

  test("diff --schemas: a built-in kind's deprecation is the lifecycle data's, not its description's", async () => {
    // core/v1 Binding's description said "Deprecated in 1.7, please use the bindings subresource
    // of pods instead" until 1.32 (k8s.io/api v0.32 dropped it: kubernetes/kubernetes#126955, the
    // sentence meant the top-level bindings resource; the type is pods/binding's request), and
    // the lifecycle data never deprecates it; Endpoints is deprecated in 1.33 (lifecycle data).
    // Between any two bundled releases the kinds whose deprecation changes are exactly those
    // the lifecycle data deprecates between them, among the kinds both serve.
    const { loadLifecycle, deprecatedBy } = await import('../../src/releases/lifecycle.ts');
    const lifecycle = await loadLifecycle();
    for (const [from, to] of [
      ['v1.29', 'v1.37'],
      ['v1.31', 'v1.32'],
    ] as const) {
      const result = await kapi(['diff', '--schemas', `builtin:${from}`, `builtin:${to}`, '-o', 'json']);
      assert.equal(result.code, 0, result.stderr);
      const json = JSON.parse(result.stdout) as {
        resources: Array<{
          group: string;
          version: string;
          kind: string;
          changes: Array<{ field: string; attributes: Array<{ attribute: string; from: string; to: string }> }>;
        }>;
      };
      const rows = json.resources.flatMap((r) =>
        r.changes
          .filter((c) => c.field === '.')
          .flatMap((c) =>
            c.attributes.filter((a) => a.attribute === 'deprecated').map((a) => `${r.group}/${r.version} ${r.kind}: ${a.from} -> ${a.to}`),
          ),
      );
      const served = async (release: string) => {
        const listed = await kapi(['api-resources', '--all-versions', '--snapshot', `builtin:${release}`, '-o', 'json']);
        const list = JSON.parse(listed.stdout) as Array<{ group: string; version: string; kind: string }>;
        return new Set(list.map((r) => `${r.group}/${r.version} ${r.kind}`));
      };
      const [before, after] = [await served(from), await served(to)];
      const expected = lifecycle.kinds
        .filter((k) => before.has(`${k.group}/${k.version} ${k.kind}`) && after.has(`${k.group}/${k.version} ${k.kind}`))
        .filter((k) => deprecatedBy(k, from.slice(1)) !== deprecatedBy(k, to.slice(1)))
        .map((k) => `${k.group}/${k.version} ${k.kind}: ${deprecatedBy(k, from.slice(1))} -> ${deprecatedBy(k, to.slice(1))}`);
      assert.deepEqual(rows.sort(), expected.sort(), `${from} -> ${to}`);
    }
  });

  test('diff builtin:v1.36 builtin:v1.37: what the newer release adds', async () => {
    const result = await kapi(['diff', 'builtin:v1.36', 'builtin:v1.37']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        '  OBJECT          GROUP-VERSION                NAME                     CHANGE',
        '+ resource        certificates.k8s.io/v1       clustertrustbundles',
        '+ resource        certificates.k8s.io/v1       podcertificaterequests',
        '+ resource        resource.k8s.io/v1           devicetaintrules',
        '~ resource        storage.k8s.io/v1            csinodes                 subresources: +status',
        '+ group-version   storagemigration.k8s.io/v1                            1 resource: storageversionmigrations',
        '',
        '5 differences: 1 group-version added, 3 resources added, 1 resource changed',
        '',
      ].join('\n'),
    );
  });

  test('diff --schemas builtin:v1.36 builtin (v1.37): field by field, from the store of both', async () => {
    const result = await kapi(['diff', '--schemas', 'builtin:v1.36', 'builtin', '-o', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.deepEqual(json.from, { label: 'builtin:v1.36', serverVersion: 'v1.36.3', schemaSource: 'openapi/v3' });
    assert.deepEqual(json.to, { label: 'builtin', serverVersion: 'v1.37.2', schemaSource: 'openapi/v3' });
    const csinodes = json.resources.find((r: { resource: string }) => r.resource === 'csinodes');
    assert.ok(csinodes.changes.some((c: { field: string; change: string }) => c.field === 'status.storageHealth' && c.change === 'added'));
    const text = await kapi(['diff', '--schemas', 'builtin:v1.36', 'builtin']);
    assert.ok(
      text.stdout.endsWith('\n\n20 resources changed (of 68 compared): 490 fields added, 4 removed, 24 changed\n'),
      text.stdout.slice(-200),
    );
  });
});
