import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pemBlocks } from '../../src/doctor/x509.ts';
import { loadFolderCapture, startReplayServer } from '../support/replay-server.ts';
import { kapi } from '../support/run-cli.ts';

/** Issue 21 item 8: a hostile APIService cannot make the doctor spin or request outside the Service's path. */
const k0sCapture = new URL('../data/k0s-v1.21.0-capture', import.meta.url).pathname;

function apiService(name: string, group: string, version: string, service: { namespace: string; name: string }) {
  return {
    metadata: { name, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { group, version, service: { ...service, port: 443 }, groupPriorityMinimum: 100, versionPriority: 100 },
    status: { conditions: [{ type: 'Available', status: 'False', reason: 'FailedDiscoveryCheck', message: 'down' }] },
  };
}

describe('doctor against a hostile APIService', () => {
  test('a caBundle of 40,000 BEGIN lines with no END is split in linear time', () => {
    const pem = '-----BEGIN CERTIFICATE-----\n'.repeat(40_000);
    // CPU time: the bound is about the work (quadratic took seconds), not about how busy the machine is.
    const started = process.cpuUsage();
    assert.deepEqual(pemBlocks(pem), []);
    const used = process.cpuUsage(started);
    assert.ok((used.user + used.system) / 1000 < 100, `${(used.user + used.system) / 1000} ms of CPU`);
    assert.deepEqual(pemBlocks('x\n-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\n'), [
      '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----',
    ]);
  });

  test('a Service or group name that is not a DNS label is never requested', async () => {
    const routes = loadFolderCapture(k0sCapture);
    const outside = '../../../api/v1/namespaces/kube-system/secrets/y';
    routes.set('/apis/apiregistration.k8s.io/v1/apiservices', {
      plain: {
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          kind: 'APIServiceList',
          apiVersion: 'apiregistration.k8s.io/v1',
          items: [
            apiService('v1.evil.example.com', 'evil.example.com', 'v1', { namespace: 'wardle', name: outside }),
            apiService('v1.namespace.example.com', 'namespace.example.com', 'v1', { namespace: '../kube-system', name: 'x' }),
            apiService('v1.group.example.com', '../../api/v1/namespaces/kube-system/secrets', 'v1', { namespace: 'a', name: 'b' }),
          ],
        }),
      },
    });
    const server = await startReplayServer(routes);
    try {
      const result = await kapi(['doctor', '-o', 'json', '--server', server.url]);
      assert.equal(result.code, 10, result.stderr);
      const paths = server.requests.map((request) => new URL(request.path, 'http://x').pathname);
      assert.ok(
        paths.every((path) => !path.includes('secrets') && !path.includes('..') && !path.includes('%2')),
        paths.join('\n'),
      );
      const items = JSON.parse(result.stdout).items as Array<{
        apiService: string;
        checks: Array<{ id: string; status: string; message: string }>;
      }>;
      const serviceCheck = items.find((item) => item.apiService === 'v1.evil.example.com')?.checks.find((c) => c.id === 'service');
      assert.equal(serviceCheck?.status, 'fail');
      assert.match(serviceCheck?.message ?? '', /not a valid namespace\/name \(DNS labels\); not requested/);
      const probe = items.find((item) => item.apiService === 'v1.group.example.com')?.checks.find((c) => c.id === 'probe');
      assert.equal(probe?.status, 'fail');
      assert.match(probe?.message ?? '', /is not a valid name \(DNS labels\); not requested/);
    } finally {
      await server.close();
    }
  });
});
