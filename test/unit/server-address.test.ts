import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keepsCredentials, redirectLocation } from '../../src/cluster/redirects.ts';
import { serverAddress, withoutUserinfo } from '../../src/cluster/server-url.ts';

describe("serverAddress: client-go's DefaultServerURL, without credentials", () => {
  const cases: Array<[string, string, { username: string; password: string } | undefined]> = [
    ['https://10.0.0.1:6443', 'https://10.0.0.1:6443', undefined],
    ['127.0.0.1:6443', 'http://127.0.0.1:6443', undefined],
    ['localhost:6443', 'http://localhost:6443', undefined],
    ['http://127.0.0.1:8001/prefix', 'http://127.0.0.1:8001/prefix', undefined],
    ['http://admin:P%40SS@h:1', 'http://h:1', { username: 'admin', password: 'P@SS' }],
    ['admin:pw@h:1', 'http://h:1', { username: 'admin', password: 'pw' }],
  ];
  for (const [server, url, userinfo] of cases) {
    test(server, () => {
      assert.deepEqual(serverAddress(server), { url, ...(userinfo ? { userinfo } : {}) });
    });
  }
  test('a path without a scheme, an empty server and other schemes are refused, without the password', () => {
    assert.throws(() => serverAddress('h:1/x'), /: invalid server "h:1\/x": host must be a URL or a host:port pair$/);
    assert.throws(() => serverAddress(''), /invalid server ""/);
    assert.throws(
      () => serverAddress('ftp://u:SECRET@x'),
      (error: Error) => !error.message.includes('SECRET'),
    );
  });
  test('withoutUserinfo', () => {
    assert.equal(withoutUserinfo('https://u:p@h:1/x?y=1'), 'https://h:1/x?y=1');
    assert.equal(withoutUserinfo('https://h:1/a@b'), 'https://h:1/a@b');
    assert.equal(withoutUserinfo('not a url'), 'not a url');
  });
});

describe("redirects: Go's http.Client rules", () => {
  test('which statuses redirect, resolved against the request URL, userinfo dropped', () => {
    const from = 'https://h:1/api?timeout=32s';
    assert.equal(redirectLocation(302, '/moved', from)?.toString(), 'https://h:1/moved');
    assert.equal(redirectLocation(308, 'https://u:p@other/x', from)?.toString(), 'https://other/x');
    for (const status of [301, 303, 307]) assert.ok(redirectLocation(status, '/x', from));
    for (const status of [200, 304, 305, 404]) assert.equal(redirectLocation(status, '/x', from), undefined);
    assert.equal(redirectLocation(302, undefined, from), undefined);
  });
  test('credentials go to the same host (any port) and its subdomains only', () => {
    const cases: Array<[string, string, boolean]> = [
      ['https://foo.com', 'https://foo.com:8443', true],
      ['https://foo.com', 'https://sub.foo.com', true],
      ['https://foo.com', 'https://evilfoo.com', false],
      ['https://sub.foo.com', 'https://foo.com', false],
      ['https://10.0.0.1', 'https://10.0.0.1:1', true],
      ['https://10.0.0.1', 'https://10.0.0.10', false],
    ];
    for (const [from, to, keeps] of cases) assert.equal(keepsCredentials(new URL(from), new URL(to)), keeps, `${from} -> ${to}`);
  });
});
