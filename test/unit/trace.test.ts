// Trace formatting in client-go's structured klog form (kubectl 1.33+), and
// masking: a token and a client key never appear at any level.
process.env.TZ = 'UTC';

import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { HttpExchange } from '../../src/cluster/exchange.js';
import { createTracer } from '../../src/cluster/trace.js';
import { traceRecord } from '../../src/cluster/trace-json.js';
import { canonicalHeaderKey, formatKlogExchange, goQuote, klogHeader } from '../../src/cluster/trace-klog.js';
import { defaultTransportOptions, Transport } from '../../src/cluster/transport.js';
import { loadFolderCapture, startReplayServer } from '../support/replay-server.js';

const k0s = new URL('../data/k0s-v1.21.0-capture/', import.meta.url);
/** The real /version answer of the k0s v1.21.0 capture (body and headers). */
const versionBody = readFileSync(new URL('version/index.json', k0s));
const apiV1Body = readFileSync(new URL('api/v1/index.json', k0s));
const capturedHeaders = {
  'cache-control': 'no-cache, private',
  'content-type': 'application/json',
  'x-kubernetes-pf-flowschema-uid': 'e5222340-bf0f-476a-bbef-fcb82470a1f1',
  'x-kubernetes-pf-prioritylevel-uid': 'cb27b296-297c-4411-9925-4debe8eef953',
  date: 'Fri, 14 May 2021 06:12:39 GMT',
  'transfer-encoding': 'chunked',
};

function exchange(overrides: Partial<HttpExchange> = {}): HttpExchange {
  return {
    id: 1,
    method: 'GET',
    url: 'https://127.0.0.1:6443/api?timeout=32s',
    startedAt: new Date('2021-05-14T06:12:39.123Z'),
    requestHeaders: {
      Accept: 'application/json, */*',
      'User-Agent': 'kapi/0.1.0 (linux/x64) node/v20',
      'Accept-Encoding': 'gzip',
      Authorization: 'Bearer abcdef0123456789.token',
    },
    status: 200,
    statusText: 'OK',
    responseHeaders: capturedHeaders,
    body: Buffer.from('{"kind":"APIVersions","versions":["v1"]}'),
    bytes: 40,
    durationMs: 3.5,
    purpose: 'discovery',
    attempt: 1,
    ...overrides,
  };
}

describe('klog header', () => {
  it('is I<mmdd hh:mm:ss.micros>, the pid padded to 7, file:line]', () => {
    assert.equal(
      klogHeader(Date.UTC(2026, 10, 22, 4, 19, 25, 370) + 0.817, 19269, 'round_trippers.go:632'),
      'I1122 04:19:25.370817   19269 round_trippers.go:632]',
    );
    assert.equal(klogHeader(Date.UTC(2026, 0, 2, 3, 4, 5, 6), 7, 'x.go:1'), 'I0102 03:04:05.006000       7 x.go:1]');
  });
});

describe('formatKlogExchange', () => {
  it('-v 6: one "Response" line with verb, url, status and whole milliseconds', () => {
    assert.equal(
      formatKlogExchange(exchange(), 6, 4242),
      'I0514 06:12:39.126500    4242 round_trippers.go:632] "Response" verb="GET" url="https://127.0.0.1:6443/api?timeout=32s" status="200 OK" milliseconds=3\n',
    );
  });

  it('-v 6: a request with no response has an empty status', () => {
    const line = formatKlogExchange(exchange({ status: undefined, statusText: undefined, error: 'connect ECONNREFUSED' }), 6, 1);
    assert.match(line, / status="" milliseconds=3\n$/);
  });

  it('-v 7: the "Request" line with sorted headers and Authorization masked, then status and milliseconds', () => {
    assert.equal(
      formatKlogExchange(exchange(), 7, 4242),
      [
        'I0514 06:12:39.123000    4242 round_trippers.go:527] "Request" verb="GET" url="https://127.0.0.1:6443/api?timeout=32s" headers=<',
        '\tAccept: application/json, */*',
        '\tAuthorization: Bearer <masked>',
        '\tUser-Agent: kapi/0.1.0 (linux/x64) node/v20',
        ' >',
        'I0514 06:12:39.126500    4242 round_trippers.go:632] "Response" status="200 OK" milliseconds=3',
        '',
      ].join('\n'),
    );
  });

  it('-v 8: request and response bodies, response headers in Go canonical form, Transfer-Encoding left out', () => {
    assert.equal(
      formatKlogExchange(exchange({ url: 'https://127.0.0.1:6443/version?timeout=32s', purpose: 'version', body: versionBody }), 8, 4242),
      [
        'I0514 06:12:39.123000    4242 discovery_client.go:667] "Request Body" body=""',
        'I0514 06:12:39.123000    4242 round_trippers.go:527] "Request" verb="GET" url="https://127.0.0.1:6443/version?timeout=32s" headers=<',
        '\tAccept: application/json, */*',
        '\tAuthorization: Bearer <masked>',
        '\tUser-Agent: kapi/0.1.0 (linux/x64) node/v20',
        ' >',
        'I0514 06:12:39.126500    4242 round_trippers.go:632] "Response" status="200 OK" headers=<',
        '\tCache-Control: no-cache, private',
        '\tContent-Type: application/json',
        '\tDate: Fri, 14 May 2021 06:12:39 GMT',
        '\tX-Kubernetes-Pf-Flowschema-Uid: e5222340-bf0f-476a-bbef-fcb82470a1f1',
        '\tX-Kubernetes-Pf-Prioritylevel-Uid: cb27b296-297c-4411-9925-4debe8eef953',
        ' > milliseconds=3',
        `I0514 06:12:39.126500    4242 discovery_client.go:667] "Response Body" body=<`,
        ...versionBody
          .toString()
          .replace(/\n$/, '')
          .split('\n')
          .map((line) => `\t${line}`),
        ' >',
        '',
      ].join('\n'),
    );
  });

  it('-v 8 truncates bodies to 1024 bytes like client-go, -v 9 to 10240, -v 10 not at all', () => {
    const big = exchange({ body: apiV1Body, purpose: 'legacy', url: 'https://127.0.0.1:6443/api/v1?timeout=32s' });
    const bodyOf = (level: number) => {
      const text = formatKlogExchange(big, level, 1);
      return text.slice(text.indexOf('discovery_client.go:413] "Response Body"'));
    };
    assert.equal(apiV1Body.length > 10240, true);
    const lines = (text: string) => text.replace(/\n$/, '').split('\n');
    const v8 = bodyOf(8);
    // The pretty-printed body has line breaks, so klog writes it as a block.
    assert.deepEqual(lines(v8), [
      'discovery_client.go:413] "Response Body" body=<',
      ...lines(apiV1Body.subarray(0, 1024).toString())
        .map((line) => `\t${line}`)
        .slice(0, -1),
      `\t${lines(apiV1Body.subarray(0, 1024).toString()).at(-1)} [truncated ${apiV1Body.length - 1024} chars]`,
      ' >',
    ]);
    assert.ok(bodyOf(9).endsWith(` [truncated ${apiV1Body.length - 10240} chars]\n >\n`));
    assert.ok(!bodyOf(10).includes('[truncated'));
    const whole = apiV1Body.toString().replace(/\n$/, '');
    assert.equal(
      bodyOf(10),
      `discovery_client.go:413] "Response Body" body=<\n${lines(whole)
        .map((line) => `\t${line}\n`)
        .join('')} >\n`,
    );
  });

  it('a binary body is hex-dumped as Go hex.Dump does', () => {
    const line = formatKlogExchange(exchange({ body: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0d]) }), 8, 1);
    assert.ok(line.includes('"Response Body" body=<\n\t00000000  6b 38 73 00 0a 0d                                 |k8s...|\n >'), line);
  });
});

describe('helpers', () => {
  it('canonicalHeaderKey follows textproto.CanonicalMIMEHeaderKey', () => {
    assert.equal(canonicalHeaderKey('x-kubernetes-pf-flowschema-uid'), 'X-Kubernetes-Pf-Flowschema-Uid');
    assert.equal(canonicalHeaderKey('audit-id'), 'Audit-Id');
    assert.equal(canonicalHeaderKey('ETAG'), 'Etag');
  });

  it('goQuote quotes like strconv.Quote', () => {
    assert.equal(goQuote('a"b\\c\nd\te\u0001'), '"a\\"b\\\\c\\nd\\te\\x01"');
    assert.equal(goQuote('héllo'), '"héllo"');
  });

  it('traceRecord: the source of a discovery root comes from its Content-Type', () => {
    const aggregated = exchange({
      responseHeaders: { 'content-type': 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' },
    });
    assert.deepEqual(traceRecord(aggregated), {
      id: 1,
      method: 'GET',
      url: 'https://127.0.0.1:6443/api?timeout=32s',
      status: 200,
      durationMs: 4,
      bytes: 40,
      source: 'aggregated',
      purpose: 'discovery',
      fromCache: false,
      attempt: 1,
    });
    assert.equal(traceRecord(exchange()).source, 'legacy');
    assert.equal(traceRecord(exchange({ purpose: 'legacy' })).source, 'legacy');
    assert.equal(traceRecord(exchange({ purpose: 'registrations' })).source, 'registrations');
    assert.equal(traceRecord(exchange({ fromCache: true })).source, 'cache');
    assert.equal(traceRecord(exchange({ status: undefined, error: 'timeout' })).status, null);
  });
});

describe('tracer over the real transport', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const clientKey = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const clientKeyData = Buffer.from(clientKey).toString('base64');
  const token = 'kapi-test-token.0123456789abcdefABCDEF';
  const password = 'pa55word-very-secret';

  async function traceAt(level: number, json: boolean, authorization: string): Promise<string> {
    const routes = loadFolderCapture(new URL('.', k0s).pathname);
    // A body that echoes credentials, as a Secret, a TokenReview or a kubeconfig in a ConfigMap could.
    const echo = JSON.stringify({
      kind: 'Config',
      users: [{ name: 'u', user: { token, 'client-key-data': clientKeyData, password } }],
      data: { 'tls.key': clientKey, note: `Bearer ${token}` },
    });
    routes.set('/echo', { plain: { status: 200, contentType: 'application/json', body: echo } });
    const server = await startReplayServer(routes);
    let out = '';
    const tracer = createTracer({ level, json, write: (line) => (out += line), pid: 1 });
    tracer.addSecrets([Buffer.from(clientKey)]);
    const transport = new Transport(
      { server: server.url, tls: {}, headers: { Authorization: authorization } },
      { ...defaultTransportOptions, onExchange: tracer.listener },
    );
    try {
      await transport.get('/version', { purpose: 'version' });
      await transport.get(`/echo?token=${token}`, { purpose: 'openapi-v2' });
      await transport.get('/missing', { purpose: 'registrations' });
    } finally {
      transport.close();
      await server.close();
    }
    tracer.finish();
    return out;
  }

  const keyBody = clientKey.split('\n')[1] as string;
  for (const level of [6, 7, 8, 9, 10]) {
    for (const json of [false, true]) {
      it(`-v ${level}${json ? ' --trace=json' : ''}: neither the token, the password nor the client key appears`, async () => {
        for (const authorization of [`Bearer ${token}`, `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`]) {
          const out = await traceAt(level, json, authorization);
          assert.ok(out.length > 0);
          assert.ok(!out.includes(token), `token leaked:\n${out}`);
          assert.ok(!out.includes('0123456789abcdefABCDEF'), 'part of the token leaked');
          assert.ok(!out.includes(password), 'password leaked');
          assert.ok(!out.includes(Buffer.from(`admin:${password}`).toString('base64')), 'basic credential leaked');
          assert.ok(!out.includes(keyBody), 'client key leaked');
          assert.ok(!out.includes(clientKeyData.slice(0, 40)), 'client-key-data leaked');
          assert.ok(!out.includes('PRIVATE KEY-----\\n'), 'a PEM block leaked');
          if (level >= 7 && !json) assert.match(out, /\tAuthorization: (Bearer|Basic) <masked>\n/);
        }
      });
    }
  }

  it('--trace=json: one object per request, then the summary', async () => {
    const lines = (await traceAt(6, true, `Bearer ${token}`)).trim().split('\n');
    assert.equal(lines.length, 4);
    const records = lines.map((line) => JSON.parse(line));
    assert.deepEqual(
      records.slice(0, 3).map((r) => [r.method, new URL(r.url).pathname, r.status, r.source, r.fromCache]),
      [
        ['GET', '/version', 200, 'version', false],
        ['GET', '/echo', 200, 'openapi', false],
        ['GET', '/missing', 404, 'registrations', false],
      ],
    );
    assert.deepEqual(Object.keys(records[3].summary), ['requests', 'bytes', 'wallMs', 'errors']);
    assert.equal(records[3].summary.requests, 3);
    assert.equal(records[3].summary.errors, 1);
    assert.equal(
      records[3].summary.bytes,
      records.slice(0, 3).reduce((sum, r) => sum + r.bytes, 0),
    );
  });
});
