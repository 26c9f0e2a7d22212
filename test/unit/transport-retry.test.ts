// The transport's retry policy on a real local server that counts requests:
// which statuses are retried, how often, and that a cancelled wait ends at once.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { defaultTransportOptions, delay, Transport } from '../../src/cluster/transport.js';

/** A server answering each request with the next status of the script (the last one repeats). */
async function scriptedServer(script: Array<{ status: number; headers?: Record<string, string> }>) {
  let calls = 0;
  const server = http.createServer((_request, response) => {
    const step = script[Math.min(calls, script.length - 1)] as (typeof script)[number];
    calls++;
    response.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, calls: () => calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function get(script: Parameters<typeof scriptedServer>[0], retries = 2) {
  const server = await scriptedServer(script);
  const transport = new Transport(
    { server: server.url, tls: {}, headers: {} },
    { ...defaultTransportOptions, retries, retryBaseDelayMs: 1 },
  );
  try {
    const response = await transport.get('/api', { purpose: 'discovery' });
    return { status: response.status, calls: server.calls() };
  } finally {
    transport.close();
    await server.close();
  }
}

describe('retry policy', () => {
  const cases: Array<[string, Parameters<typeof scriptedServer>[0], { status: number; calls: number }]> = [
    ['200 is answered at once', [{ status: 200 }], { status: 200, calls: 1 }],
    ['404 is never retried', [{ status: 404 }], { status: 404, calls: 1 }],
    ['500 then 200: retried once', [{ status: 500 }, { status: 200 }], { status: 200, calls: 2 }],
    ['429 then 200: retried once', [{ status: 429 }, { status: 200 }], { status: 200, calls: 2 }],
    ['503 without Retry-After (an aggregated API that is down) is not retried', [{ status: 503 }], { status: 503, calls: 1 }],
    ['503 with Retry-After is retried', [{ status: 503, headers: { 'retry-after': '0' } }, { status: 200 }], { status: 200, calls: 2 }],
    ['502 every time: the first attempt and two retries', [{ status: 502 }], { status: 502, calls: 3 }],
  ];
  for (const [what, script, expected] of cases) it(what, async () => assert.deepEqual(await get(script), expected));

  it('retries: 0 never retries', async () => assert.deepEqual(await get([{ status: 500 }], 0), { status: 500, calls: 1 }));
});

describe('delay', () => {
  it('resolves after the time and removes its abort listener', async () => {
    const controller = new AbortController();
    let added = 0;
    let removed = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      added++;
      add(...args);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      removed++;
      remove(...args);
    }) as typeof signal.removeEventListener;
    await delay(1, signal);
    assert.deepEqual([added, removed], [1, 1]);
  });

  it('an abort ends the wait at once with the reason', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const waiting = delay(10_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await assert.rejects(waiting, /cancelled/);
    assert.ok(performance.now() - started < 1000);
  });

  it('an already aborted signal rejects without waiting', async () => {
    await assert.rejects(delay(10_000, AbortSignal.abort(new Error('gone'))), /gone/);
  });
});
