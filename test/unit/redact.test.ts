// The credential redactor on its own: what it learns, what it masks, and
// what it must leave alone.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import type { HttpExchange } from '../../src/cluster/exchange.js';
import { maskAuthorization, Redactor } from '../../src/cluster/redact.js';

describe('maskAuthorization', () => {
  it('keeps known schemes and masks unknown ones whole (client-go maskValue)', () => {
    const cases: Array<[string, string, string]> = [
      ['Authorization', 'Bearer abc', 'Bearer <masked>'],
      ['authorization', 'Basic dXNlcjpwYXNz', 'Basic <masked>'],
      ['Authorization', 'Negotiate xyz', 'Negotiate <masked>'],
      ['Authorization', 'Bearer', 'Bearer'],
      ['Authorization', 'sometoken', '<masked>'],
      ['Authorization', '', ''],
      ['Accept', 'Bearer abc', 'Bearer abc'],
    ];
    for (const [name, value, expected] of cases) assert.equal(maskAuthorization(name, value), expected, `${name}: ${value}`);
  });
});

describe('Redactor.mask: credential-shaped text', () => {
  const redactor = new Redactor();
  const cases: Array<[string, string, string]> = [
    ['a bearer token in a line', 'note: Bearer abcdefghijklmnop0123', 'note: Bearer <masked>'],
    ['a basic credential in a line', 'Basic YWRtaW46cGE1NXdvcmQtdmVyeQ==', 'Basic <masked>'],
    ['a short bearer value is not a token', 'Bearer short', 'Bearer short'],
    ['a token query parameter', 'https://h/x?access_token=abc&watch=1', 'https://h/x?access_token=<masked>&watch=1'],
    ['a password query parameter', 'https://h/x?a=1&password=p4ss', 'https://h/x?a=1&password=<masked>'],
    ['a kubeconfig token field', '{"token":"abc\\"def"}', '{"token":"<masked>"}'],
    ['client-key-data', '{"client-key-data": "LS0t"}', '{"client-key-data": "<masked>"}'],
    ['an ExecCredential field', '{"clientKeyData":"x"}', '{"clientKeyData":"<masked>"}'],
    ['a base64 PEM block', 'data: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t', 'data: <masked>'],
    ['ordinary text', 'GET https://127.0.0.1:6443/api?timeout=32s 200 OK', 'GET https://127.0.0.1:6443/api?timeout=32s 200 OK'],
    ['a field that is not a credential', '{"tokenName":"x","name":"token"}', '{"tokenName":"x","name":"token"}'],
  ];
  for (const [what, input, expected] of cases) it(what, () => assert.equal(redactor.mask(input), expected));

  it('a PEM private key, whole', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    assert.equal(redactor.mask(`key:\n${pem}end`), 'key:\n<masked>\nend');
  });
});

describe('Redactor: secrets it is told or learns', () => {
  it('masks added secrets, their base64 and their JSON-escaped form, longest first', () => {
    const redactor = new Redactor();
    redactor.add(['secret-value-1234', Buffer.from('line-one-abcdefgh\nline-two-abcdefgh'), 'quote"inside-secret', undefined]);
    assert.equal(redactor.mask('x secret-value-1234 y'), 'x <masked> y');
    assert.equal(redactor.mask(Buffer.from('secret-value-1234').toString('base64')), '<masked>');
    assert.equal(redactor.mask('line-two-abcdefgh'), '<masked>');
    assert.equal(redactor.mask(JSON.stringify({ v: 'line-one-abcdefgh\nline-two-abcdefgh' })), '{"v":"<masked>\\n<masked>"}');
    assert.equal(redactor.mask(JSON.stringify({ v: 'quote"inside-secret' })), '{"v":"<masked>"}');
  });

  it('ignores values shorter than 8 characters, which would mask ordinary text', () => {
    const redactor = new Redactor();
    redactor.add(['admin', 'v1']);
    assert.equal(redactor.mask('admin v1'), 'admin v1');
  });

  it('learns the bearer token and the basic user:password from request headers', () => {
    const redactor = new Redactor();
    redactor.learn({ Authorization: 'Bearer tok-0123456789', Accept: 'application/json' });
    redactor.learn({ authorization: `Basic ${Buffer.from('admin:pa55word-secret').toString('base64')}` });
    assert.equal(redactor.mask('echo tok-0123456789'), 'echo <masked>');
    assert.equal(redactor.mask('pw=pa55word-secret'), 'pw=<masked>');
    assert.equal(redactor.mask('admin:pa55word-secret'), '<masked>');
  });

  it('maskExchange cleans the URL, headers, body and error, and keeps the Authorization scheme', () => {
    const redactor = new Redactor();
    redactor.add(['cert-body-0123456789']);
    const exchange: HttpExchange = {
      id: 1,
      method: 'GET',
      url: 'https://h/api?token=abcdef',
      startedAt: new Date(0),
      requestHeaders: { Authorization: 'Bearer tok-0123456789', 'X-Echo': 'cert-body-0123456789' },
      responseHeaders: { 'x-echo': 'cert-body-0123456789' },
      body: Buffer.from('{"data":"cert-body-0123456789"}'),
      bytes: 10,
      durationMs: 1,
      error: 'failed with cert-body-0123456789',
      purpose: 'discovery',
      attempt: 1,
    };
    const masked = redactor.maskExchange(exchange);
    assert.equal(masked.url, 'https://h/api?token=<masked>');
    assert.deepEqual(masked.requestHeaders, { Authorization: 'Bearer <masked>', 'X-Echo': '<masked>' });
    assert.deepEqual(masked.responseHeaders, { 'x-echo': '<masked>' });
    assert.equal(masked.body?.toString(), '{"data":"<masked>"}');
    assert.equal(masked.error, 'failed with <masked>');
    assert.equal(exchange.url, 'https://h/api?token=abcdef', 'the original is not changed');
  });
});
