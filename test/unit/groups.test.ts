// kapi groups / apiservices on real documents: OpenShift 4.1 discovery listing the
// aggregated metrics.k8s.io group, with a real metrics-server APIService (see
// test/data/metrics-server-aggregated/SOURCE.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { humanDuration, renderApiServices } from '../../src/render/apiservices.js';
import { conflictWarnings, renderGroups } from '../../src/render/groups.js';
import { apiServiceRows } from '../../src/surface/apiservice-rows.js';
import { auditSurface } from '../../src/surface/audit.js';
import { filterGroupsReport, groupsReport } from '../../src/surface/groups.js';
import { captureSurface, withDottedName } from '../support/surfaces.ts';

const surface = captureSurface('metrics-server');
const report = groupsReport(surface);

describe('groups rows (metrics-server fixture)', () => {
  it('says the discovery-vs-APIServices diff was not compared when the APIServices could not be read (RBAC)', () => {
    const unread = groupsReport({ ...surface, apiServices: undefined });
    const text = renderGroups(unread, { format: 'table', noHeaders: false, only: { diff: true, conflicts: false } });
    assert.equal(text, 'Not compared: the APIServices could not be read.\n');
    const all = renderGroups(filterGroupsReport(unread, { aggregated: true }), {
      format: 'table',
      noHeaders: false,
      only: { diff: false, conflicts: false },
    });
    assert.ok(all.includes('Discovery vs APIServices:\nNot compared: the APIServices could not be read.\n'), all);
    assert.ok(!all.includes('No differences'), all);
  });

  it('labels metrics.k8s.io/v1beta1 Aggregated via kube-system/metrics-server, with its Available condition', () => {
    assert.deepEqual(
      report.rows.find((row) => row.group === 'metrics.k8s.io'),
      {
        apiService: 'v1beta1.metrics.k8s.io',
        service: { namespace: 'kube-system', name: 'metrics-server', port: 443 },
        available: {
          status: 'False',
          reason: 'MissingEndpoints',
          message: 'endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"',
        },
        groupPriorityMinimum: 100,
        versionPriority: 100,
        insecureSkipTLSVerify: true,
        caBundleSet: false,
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        groupVersion: 'metrics.k8s.io/v1beta1',
        preferred: true,
        servedBy: 'Aggregated',
        resources: 2,
        freshness: 'Current',
        failure: null,
        crds: [],
      },
    );
  });

  it('has one row per group-version discovery lists, core first', () => {
    assert.equal(report.rows.length, 58);
    assert.deepEqual(
      report.rows.slice(0, 3).map((row) => [row.groupVersion, row.preferred, row.servedBy, row.resources]),
      [
        ['v1', true, 'Local', 17],
        ['apiregistration.k8s.io/v1', true, 'Local', 1],
        ['apiregistration.k8s.io/v1beta1', false, 'Local', 1],
      ],
    );
  });

  it('--aggregated renders only the aggregated row, -o wide with priorities and TLS', () => {
    const { rows } = filterGroupsReport(report, { aggregated: true });
    const only = { diff: false, conflicts: false };
    assert.equal(
      renderGroups({ rows, diff: [], conflicts: [] }, { format: 'wide', noHeaders: false, only: { diff: false, conflicts: false } }),
      [
        'GROUP            VERSION   PREFERRED   SERVED BY    APISERVICE               SERVICE                          AVAILABLE                  RESOURCES   FRESHNESS   GROUP PRIORITY   VERSION PRIORITY   INSECURE SKIP TLS   CA BUNDLE',
        'metrics.k8s.io   v1beta1   yes         Aggregated   v1beta1.metrics.k8s.io   kube-system/metrics-server:443   False (MissingEndpoints)   2           Current     100              100                true (insecure)     none',
        '',
        'Discovery vs APIServices:',
        'No differences between discovery and the APIServices.',
        '',
        'Name conflicts:',
        'No resource name is served by more than one group.',
        '',
      ].join('\n'),
    );
    assert.equal(
      renderGroups({ ...report, rows }, { format: 'csv', noHeaders: false, only })
        .split('\n')
        .slice(0, 2)
        .join('\n'),
      'GROUP,VERSION,PREFERRED,SERVED BY,APISERVICE,SERVICE,AVAILABLE,RESOURCES,FRESHNESS\nmetrics.k8s.io,v1beta1,yes,Aggregated,v1beta1.metrics.k8s.io,kube-system/metrics-server:443,False (MissingEndpoints),2,Current',
    );
    assert.equal(filterGroupsReport(report, { local: true }).rows.length, 57);
    assert.equal(filterGroupsReport(report, {}).rows.length, 58);
  });

  it('--aggregated keeps only the differences of aggregated rows and the conflicts an aggregated group takes part in (issue 21 item 24)', () => {
    const filtered = filterGroupsReport(report, { aggregated: true });
    assert.deepEqual(
      filtered.diff.map((mismatch) => [mismatch.groupVersion, mismatch.kind]),
      [['metrics.k8s.io/v1beta1', 'apiservice-unavailable']],
    );
    assert.deepEqual(
      filtered.conflicts.map((conflict) => conflict.name),
      ['nodes', 'pods'],
    );
    const local = filterGroupsReport(report, { local: true });
    assert.ok(local.diff.every((mismatch) => mismatch.groupVersion !== 'metrics.k8s.io/v1beta1'));
    assert.ok(local.conflicts.every((conflict) => conflict.groups.some((group) => group.servedBy === 'Local')));
    assert.ok(local.diff.length > 0 && local.conflicts.length > 0);
  });
});

describe('diff between discovery and the APIServices', () => {
  it('reports the metrics APIService as unavailable although discovery lists it as current', () => {
    assert.deepEqual(
      report.diff.filter((entry) => entry.kind !== 'discovery-without-apiservice'),
      [
        {
          kind: 'apiservice-unavailable',
          groupVersion: 'metrics.k8s.io/v1beta1',
          apiService: 'v1beta1.metrics.k8s.io',
          detail:
            'listed by discovery as current, but the APIService is not available; Available=False (MissingEndpoints): endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"',
        },
      ],
    );
  });

  it('lists every other group-version as having no APIService (none were captured), apiregistration.k8s.io explained', () => {
    const without = report.diff.filter((entry) => entry.kind === 'discovery-without-apiservice');
    assert.equal(without.length, 57);
    assert.deepEqual(without[1], {
      kind: 'discovery-without-apiservice',
      groupVersion: 'apiregistration.k8s.io/v1',
      apiService: null,
      detail: 'listed by discovery, but no APIService routes it: the aggregator serves its own API directly',
    });
  });

  it('is empty when the APIServices could not be read (nothing to compare)', () => {
    assert.deepEqual(groupsReport({ ...surface, apiServices: undefined }).diff, []);
  });

  it('reports APIServices missing from discovery, stale ones and listed versions that answer errors', () => {
    const metrics = surface.apiServices?.[0];
    assert.ok(metrics);
    const ghost = { ...metrics, name: 'v1.ghost.example.com', group: 'ghost.example.com', version: 'v1' };
    const withGhost = { ...surface, apiServices: [metrics, ghost] };
    assert.deepEqual(
      groupsReport(withGhost).diff.find((entry) => entry.groupVersion === 'ghost.example.com/v1'),
      {
        kind: 'apiservice-missing-from-discovery',
        groupVersion: 'ghost.example.com/v1',
        apiService: 'v1.ghost.example.com',
        detail:
          'not listed by discovery; Available=False (MissingEndpoints): endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"',
      },
    );
    const failing = {
      ...surface,
      failures: [
        {
          group: 'metrics.k8s.io',
          version: 'v1beta1',
          reason: 'http' as const,
          status: 503,
          message: 'the server is currently unable to handle the request',
        },
      ],
    };
    assert.equal(
      groupsReport(failing).diff.find((entry) => entry.groupVersion === 'metrics.k8s.io/v1beta1')?.detail,
      'listed by discovery, but it answers 503; Available=False (MissingEndpoints): endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"',
    );
  });
});

describe('name conflicts', () => {
  it('nodes and pods are served by core and metrics.k8s.io; the bare name means core', () => {
    const byName = new Map(report.conflicts.map((conflict) => [conflict.name, conflict]));
    assert.deepEqual(byName.get('nodes'), {
      name: 'nodes',
      resolvesTo: 'nodes',
      groups: [
        { group: '', version: 'v1', kind: 'Node', servedBy: 'Local', groupPriorityMinimum: null },
        { group: 'metrics.k8s.io', version: 'v1beta1', kind: 'NodeMetrics', servedBy: 'Aggregated', groupPriorityMinimum: 100 },
      ],
      reason: 'the core group comes first',
    });
    assert.equal(byName.get('pods')?.groups[1]?.kind, 'PodMetrics');
    assert.equal(byName.get('pods')?.resolvesTo, 'pods');
  });

  it('between named groups, discovery (priority) order decides', () => {
    const byName = new Map(report.conflicts.map((conflict) => [conflict.name, conflict]));
    assert.equal(byName.get('deployments')?.resolvesTo, 'deployments.extensions');
    assert.equal(byName.get('deployments')?.reason, 'extensions comes first in discovery order; qualify the name');
    assert.equal(byName.get('roles')?.resolvesTo, 'roles.rbac.authorization.k8s.io');
  });

  it('finds every duplicated name, sorted', () => {
    assert.deepEqual(
      report.conflicts.map((conflict) => conflict.name),
      [
        'authentications',
        'builds',
        'clusterrolebindings',
        'clusterroles',
        'configs',
        'consoles',
        'daemonsets',
        'deployments',
        'dnses',
        'events',
        'images',
        'ingresses',
        'localsubjectaccessreviews',
        'networkpolicies',
        'networks',
        'nodes',
        'pods',
        'podsecuritypolicies',
        'projects',
        'replicasets',
        'replicationcontrollers',
        'rolebindings',
        'roles',
        'selfsubjectrulesreviews',
        'subjectaccessreviews',
      ],
    );
  });

  it('warns in api-resources -o wide only where a CRD or an aggregated server is involved', () => {
    assert.deepEqual(conflictWarnings(report.conflicts), [
      'Warning: "nodes" is served by 2 groups; the bare name means nodes (the core group comes first); use nodes.metrics.k8s.io for the other',
      'Warning: "pods" is served by 2 groups; the bare name means pods (the core group comes first); use pods.metrics.k8s.io for the other',
    ]);
  });

  it('a resource name holding a dot ("a.b") served by two groups is one conflict, not a failed lookup (issue 21, item 9)', () => {
    const dotted = withDottedName(captureSurface('kube-v1.36.3'));
    const conflict = groupsReport(dotted).conflicts.find((c) => c.name === 'a.b');
    assert.deepEqual(
      conflict && { resolvesTo: conflict.resolvesTo, groups: conflict.groups.map((g) => g.group), reason: conflict.reason },
      {
        resolvesTo: 'a.b.one.example.com',
        groups: ['one.example.com', 'two.example.com'],
        reason: 'one.example.com comes first in discovery order; qualify the name',
      },
    );
    assert.ok(auditSurface(dotted).some((finding) => finding.check === 'resource-name-conflict' && finding.object.name === 'a.b'));
  });

  it('uses group priorities when both groups have APIServices', () => {
    const metrics = surface.apiServices?.[0];
    assert.ok(metrics);
    const apps = { ...metrics, name: 'v1.apps', group: 'apps', version: 'v1', service: undefined, groupPriorityMinimum: 17800 };
    const extensions = {
      ...metrics,
      name: 'v1beta1.extensions',
      group: 'extensions',
      version: 'v1beta1',
      service: undefined,
      groupPriorityMinimum: 17900,
    };
    const withPriorities = groupsReport({ ...surface, apiServices: [metrics, apps, extensions] });
    assert.equal(
      withPriorities.conflicts.find((conflict) => conflict.name === 'deployments')?.reason,
      'group priority: extensions (groupPriorityMinimum 17900) before apps (17800)',
    );
  });
});

describe('apiservices', () => {
  const rows = apiServiceRows(surface);
  const now = Date.parse('2024-10-23T15:13:25Z');

  it("prints kubectl's columns: SERVICE without the port, False (Reason), AGE as HumanDuration", () => {
    assert.equal(
      renderApiServices(rows, { format: 'table', noHeaders: false, now }),
      'NAME                     SERVICE                      AVAILABLE                  AGE\nv1beta1.metrics.k8s.io   kube-system/metrics-server   False (MissingEndpoints)   3m10s\n',
    );
  });

  it('-o wide adds priorities, TLS (flagged insecure), resources served and the message', () => {
    assert.equal(
      renderApiServices(rows, { format: 'wide', noHeaders: true, now }),
      'v1beta1.metrics.k8s.io   kube-system/metrics-server   False (MissingEndpoints)   3m10s   100   100   INSECURE (skip verify)   nodes,pods   endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"\n',
    );
  });

  it('-o json gives the documented entry', () => {
    assert.deepEqual(JSON.parse(renderApiServices(rows, { format: 'json', noHeaders: false, now })), [
      {
        name: 'v1beta1.metrics.k8s.io',
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        service: { namespace: 'kube-system', name: 'metrics-server', port: 443 },
        available: {
          status: 'False',
          reason: 'MissingEndpoints',
          message: 'endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"',
          lastTransitionTime: '2024-10-23T15:10:15Z',
        },
        creationTimestamp: '2024-10-23T15:10:15Z',
        groupPriorityMinimum: 100,
        versionPriority: 100,
        insecureSkipTLSVerify: true,
        caBundleSet: false,
        resources: ['nodes', 'pods'],
        freshness: 'Current',
      },
    ]);
  });

  it('humanDuration matches apimachinery (its own test table)', () => {
    const s = 1000;
    const m = 60 * s;
    const h = 60 * m;
    const d = 24 * h;
    const cases: Array<[number, string]> = [
      [s, '1s'],
      [70 * s, '70s'],
      [190 * s, '3m10s'],
      [70 * m, '70m'],
      [47 * h, '47h'],
      [49 * h, '2d1h'],
      [(8 * 24 + 2) * h, '8d'],
      [367 * d, '367d'],
      [(365 * 2 * 24 + 25) * h, '2y1d'],
      [(365 * 8 * 24 + 2) * h, '8y'],
      [-2 * s, '<invalid>'],
      [-2 * s + 1, '0s'],
      [0, '0s'],
      [2 * m - 1, '119s'],
      [2 * m, '2m'],
      [10 * m - 1, '9m59s'],
      [10 * m + s, '10m'],
      [3 * h - 1, '179m'],
      [3 * h, '3h'],
      [3 * h + m, '3h1m'],
      [8 * h - 1, '7h59m'],
      [8 * h + 59 * m, '8h'],
      [2 * d - 1, '47h'],
      [2 * d, '2d'],
      [8 * d - 1, '7d23h'],
      [8 * d + 23 * h, '8d'],
      [2 * 365 * d - 1, '729d'],
      [2 * 365 * d, '2y'],
      [2 * 365 * d + d, '2y1d'],
      [3 * 365 * d, '3y'],
    ];
    for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms}ms`);
  });
});

describe('groups on the real v1.36.3 control plane capture (test/data/kube-v1.36.3)', () => {
  const real = groupsReport(captureSurface('kube-v1.36.3'));

  it('prints every group-version: wardle Aggregated and Available, broken Stale with ServiceNotFound, CRD groups CRD, the diff and the conflicts', () => {
    assert.equal(
      renderGroups(real, { format: 'table', noHeaders: false, only: { diff: false, conflicts: false } }),
      [
        'GROUP                          VERSION    PREFERRED   SERVED BY    APISERVICE                        SERVICE              AVAILABLE                 RESOURCES   FRESHNESS',
        '(core)                         v1         yes         Local        v1.                               Local                True                      17          Current',
        'apiregistration.k8s.io         v1         yes         Local        -                                 -                    -                         1           Current',
        'apps                           v1         yes         Local        v1.apps                           Local                True                      5           Current',
        'events.k8s.io                  v1         yes         Local        v1.events.k8s.io                  Local                True                      1           Current',
        'authentication.k8s.io          v1         yes         Local        v1.authentication.k8s.io          Local                True                      2           Current',
        'authorization.k8s.io           v1         yes         Local        v1.authorization.k8s.io           Local                True                      4           Current',
        'autoscaling                    v2         yes         Local        v2.autoscaling                    Local                True                      1           Current',
        'autoscaling                    v1         no          Local        v1.autoscaling                    Local                True                      1           Current',
        'batch                          v1         yes         Local        v1.batch                          Local                True                      2           Current',
        'certificates.k8s.io            v1         yes         Local        v1.certificates.k8s.io            Local                True                      1           Current',
        'networking.k8s.io              v1         yes         Local        v1.networking.k8s.io              Local                True                      5           Current',
        'policy                         v1         yes         Local        v1.policy                         Local                True                      1           Current',
        'rbac.authorization.k8s.io      v1         yes         Local        v1.rbac.authorization.k8s.io      Local                True                      4           Current',
        'storage.k8s.io                 v1         yes         Local        v1.storage.k8s.io                 Local                True                      6           Current',
        'admissionregistration.k8s.io   v1         yes         Local        v1.admissionregistration.k8s.io   Local                True                      6           Current',
        'apiextensions.k8s.io           v1         yes         Local        v1.apiextensions.k8s.io           Local                True                      1           Current',
        'scheduling.k8s.io              v1         yes         Local        v1.scheduling.k8s.io              Local                True                      1           Current',
        'coordination.k8s.io            v1         yes         Local        v1.coordination.k8s.io            Local                True                      1           Current',
        'node.k8s.io                    v1         yes         Local        v1.node.k8s.io                    Local                True                      1           Current',
        'discovery.k8s.io               v1         yes         Local        v1.discovery.k8s.io               Local                True                      1           Current',
        'resource.k8s.io                v1         yes         Local        v1.resource.k8s.io                Local                True                      4           Current',
        'flowcontrol.apiserver.k8s.io   v1         yes         Local        v1.flowcontrol.apiserver.k8s.io   Local                True                      2           Current',
        'broken.example.com             v1         no          Aggregated   v1.broken.example.com             wardle/missing:443   False (ServiceNotFound)   0           Stale',
        'cluster.example.com            v1alpha1   yes         CRD          v1alpha1.cluster.example.com      Local                True                      1           Current',
        'db.example.com                 v1         yes         CRD          v1.db.example.com                 Local                True                      1           Current',
        'stable.example.com             v1         yes         CRD          v1.stable.example.com             Local                True                      2           Current',
        'stable.example.com             v1beta1    no          CRD          v1beta1.stable.example.com        Local                True                      1           Current',
        'wardle.example.com             v1alpha1   yes         Aggregated   v1alpha1.wardle.example.com       wardle/api:39043     True                      2           Current',
        '',
        'Discovery vs APIServices:',
        'GROUPVERSION                APISERVICE              DIFFERENCE                     DETAIL',
        'apiregistration.k8s.io/v1   -                       discovery-without-apiservice   listed by discovery, but no APIService routes it: the aggregator serves its own API directly',
        'broken.example.com/v1       v1.broken.example.com   apiservice-stale               stale in aggregated discovery; Available=False (ServiceNotFound): service/missing in "wardle" is not present',
        '',
        'Name conflicts:',
        'NAME     RESOLVES TO   SERVED BY GROUPS                       WHY',
        'events   events        v1 (Local), events.k8s.io/v1 (Local)   the core group comes first',
        '',
      ].join('\n'),
    );
  });
});
