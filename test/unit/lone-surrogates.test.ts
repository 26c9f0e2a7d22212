import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readDocument } from '../../src/cluster/response.ts';
import { apiResourceListSchema } from '../../src/discovery/documents.ts';
import { parseUntrustedJson, repairLoneSurrogates, withoutLoneSurrogates } from '../../src/shape/unicode.ts';
import { parseSnapshot } from '../../src/snapshot/snapshot.ts';

/**
 * Issue 21 item 10: a lone UTF-16 surrogate ("\ud800" in JSON) in a resource name broke the whole
 * atlas page (encodeURIComponent throws URIError on it). Text is made well formed where it enters:
 * each lone surrogate becomes U+FFFD; pairs (emoji) are kept.
 */
const capture = new URL('../data/k0s-v1.21.0-capture/', import.meta.url);

describe('lone surrogates become U+FFFD where text enters', () => {
  it('in strings: lone high, lone low and reversed pairs; real pairs are kept', () => {
    const cases: [string, string][] = [
      ['a\ud800b', 'a\ufffdb'],
      ['\udc00', '\ufffd'],
      ['end\ud800', 'end\ufffd'],
      ['\udc00\ud800', '\ufffd\ufffd'],
      ['pods \ud83d\ude00', 'pods \ud83d\ude00'],
      ['plain', 'plain'],
    ];
    for (const [text, expected] of cases) {
      assert.equal(withoutLoneSurrogates(text), expected);
      assert.doesNotThrow(() => encodeURIComponent(withoutLoneSurrogates(text)));
    }
  });

  it('in JSON: values and keys, "__proto__" stays an own key, deep nesting does not overflow the stack', () => {
    const value = parseUntrustedJson('{"a\\ud800":["x\\udfff",{"__proto__":"p\\ud800"}],"ok":"\\ud83d\\ude00"}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['a\ufffd', 'ok']);
    const list = value['a\ufffd'] as [string, Record<string, unknown>];
    assert.equal(list[0], 'x\ufffd');
    assert.equal(Object.getPrototypeOf(list[1]), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(list[1], '__proto__')?.value, 'p\ufffd');
    assert.equal(value.ok, '\ud83d\ude00');
    const deep = `${'['.repeat(100_000)}"\\ud800"${']'.repeat(100_000)}`;
    let inner: unknown = parseUntrustedJson(deep);
    for (let depth = 0; depth < 100_000; depth++) inner = (inner as unknown[])[0];
    assert.equal(inner, '\ufffd');
    // An escaped backslash before "ud800" is no escape of a surrogate: the text is kept.
    assert.deepEqual(parseUntrustedJson('["\\\\ud800"]'), ['\\ud800']);
  });

  it('YAML values shared by aliases are repaired once', () => {
    const shared = { name: 'a\ud800' };
    assert.deepEqual(repairLoneSurrogates([shared, shared]), [{ name: 'a\ufffd' }, { name: 'a\ufffd' }]);
  });

  it('a server document (real APIResourceList of k0s v1.21) with a lone surrogate in a resource name', () => {
    const text = readFileSync(new URL('api/v1/index.json', capture), 'utf8').replace('"name": "pods"', '"name": "po\\ud800ds"');
    assert.ok(text.includes('po\\ud800ds'));
    const list = readDocument(
      { url: 'https://127.0.0.1/api/v1', status: 200, statusText: 'OK', headers: {}, body: Buffer.from(text) },
      apiResourceListSchema,
      'APIResourceList',
    );
    assert.ok(list.resources?.some((resource) => resource.name === 'po\ufffdds'));
  });

  it('a snapshot (JSON and YAML) with a lone surrogate in a resource name', async () => {
    const snapshot = JSON.parse(readFileSync(new URL('../../snapshots/v1.36.3.json', import.meta.url), 'utf8'));
    snapshot.surface.groups[0].versions[0].resources[0].name = 'bind\ud800ings';
    const names = (file: { surface: { groups: { versions: { resources: { name: string }[] }[] }[] } }) =>
      file.surface.groups[0]?.versions[0]?.resources.map((resource) => resource.name).slice(0, 1);
    assert.deepEqual(names(await parseSnapshot(JSON.stringify(snapshot), 'x.json')), ['bind\ufffdings']);
    const { stringify } = await import('yaml');
    const yaml = stringify(snapshot);
    assert.match(yaml, /\\uD800/i);
    assert.deepEqual(names(await parseSnapshot(yaml, 'x.yaml')), ['bind\ufffdings']);
  });
});
