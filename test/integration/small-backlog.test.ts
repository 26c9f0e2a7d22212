import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { loadFolderCapture } from '../support/replay-server.ts';
import { kapi, kubectl, releaseKubectl } from '../support/run-cli.ts';

/**
 * Issue 21 item 12: a plain HTTP/1.1 server with a small accept backlog. A threaded server that is
 * busy does not accept; once its accept queue (backlog + 1 on Linux) is full, further handshakes are
 * dropped and the client waits for a SYN retransmission, a second each. kapi opened 16 connections at
 * once for legacy discovery's 34 group-versions (6 waited 1.03 s each in the report); it now opens
 * new connections two at a time until the server has answered on them, and reuses them.
 *
 * The server here is the k0s v1.21 capture (legacy discovery) behind listen({ backlog: 1 }), and each
 * answer keeps it busy for 5 ms, so it accepts nothing meanwhile. What is asserted is counted, not
 * timed: the kernel's ListenOverflows (accept-queue overflows in this network namespace, each one a
 * dropped handshake) must not grow, and the server must accept few connections. The run's time is
 * reported, and bounded loosely.
 */
const skipKubectl = !existsSync(releaseKubectl) && !process.env.CI ? `the release kubectl is not built (${releaseKubectl})` : false;
const capture = new URL('../data/k0s-v1.21.0-capture', import.meta.url).pathname;
let server: http.Server;
let url: string;
const accepted: Socket[] = [];
let requests = 0;

function listenOverflows(): number {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  const names = lines.find((line) => line.startsWith('TcpExt:'))?.split(/\s+/) ?? [];
  const values = lines.filter((line) => line.startsWith('TcpExt:'))[1]?.split(/\s+/) ?? [];
  const index = names.indexOf('ListenOverflows');
  assert.ok(index > 0, 'no ListenOverflows counter in /proc/net/netstat');
  return Number(values[index]);
}

before(async () => {
  const routes = loadFolderCapture(capture);
  server = http.createServer((request, response) => {
    requests++;
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const route = routes.get(path)?.plain;
    // Busy, as a threaded server under load: nothing is accepted for 5 ms.
    const until = performance.now() + 5;
    while (performance.now() < until) {
      // spin
    }
    response.writeHead(route?.status ?? 404, { 'content-type': 'application/json' });
    response.end(route?.body ?? '{"kind":"Status","code":404}');
  });
  server.on('connection', (socket) => accepted.push(socket));
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  for (const socket of accepted) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Runs a command against the server: what it printed, the connections it opened, the overflows it caused. */
async function measure(run: () => Promise<{ code: number; stdout: string; stderr: string }>) {
  const [connections, served, overflows] = [accepted.length, requests, listenOverflows()];
  const started = performance.now();
  const result = await run();
  return {
    ...result,
    ms: Math.round(performance.now() - started),
    connections: accepted.length - connections,
    requests: requests - served,
    overflows: listenOverflows() - overflows,
  };
}

describe('a server with an accept backlog of 1 (legacy discovery: 41 requests)', () => {
  test('kapi api-resources: no handshake dropped, a few connections reused', async (t) => {
    const run = await measure(() => kapi(['api-resources', '--server', url]));
    t.diagnostic(`kapi: ${run.connections} connections, ${run.requests} requests, ${run.overflows} overflows, ${run.ms} ms`);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.requests, 41);
    assert.equal(run.overflows, 0, `the accept queue overflowed ${run.overflows} times (${run.connections} connections, ${run.ms} ms)`);
    assert.ok(run.connections <= 12, `${run.connections} connections for 41 requests`);
    assert.ok(run.ms < 30_000);
  });

  test('kubectl (release v1.36.3) against the same server, for comparison', { skip: skipKubectl }, async (t) => {
    const run = await measure(() => kubectl(['api-resources', '--server', url], releaseKubectl));
    t.diagnostic(`kubectl: ${run.connections} connections, ${run.requests} requests, ${run.overflows} overflows, ${run.ms} ms`);
    assert.equal(run.code, 0, run.stderr);
  });
});
