import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { discoveryProgress } from '../../src/cli/progress.ts';

function terminal(isTTY = true) {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) }, written };
}
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('discoveryProgress: one stderr line, on a terminal only, after a delay', () => {
  test('after the delay it shows the count and rewrites the line; done() erases it', async () => {
    const { stream, written } = terminal();
    const progress = discoveryProgress({ stream, env: {}, delayMs: 20 });
    assert.ok(progress);
    progress.update(412, 412);
    assert.deepEqual(written, [], 'nothing before the delay');
    await wait(40);
    progress.update(412, 37);
    progress.done();
    assert.deepEqual(written, [
      '\r\x1b[2Kdiscovering 412 group-versions (412 left)',
      '\r\x1b[2Kdiscovering 412 group-versions (37 left)',
      '\r\x1b[2K',
    ]);
  });

  test('a discovery faster than the delay prints nothing at all', async () => {
    const { stream, written } = terminal();
    const progress = discoveryProgress({ stream, env: {}, delayMs: 50 });
    progress?.update(3, 0);
    progress?.done();
    await wait(70);
    assert.deepEqual(written, []);
  });

  test('no progress in a pipe, with NO_COLOR, or beside trace lines', () => {
    assert.equal(discoveryProgress({ stream: terminal(false).stream, env: {} }), undefined);
    assert.equal(discoveryProgress({ stream: terminal().stream, env: { NO_COLOR: '1' } }), undefined);
    assert.equal(discoveryProgress({ stream: terminal().stream, env: {}, quiet: true }), undefined);
    const empty = discoveryProgress({ stream: terminal().stream, env: { NO_COLOR: '' } });
    assert.ok(empty, 'an empty NO_COLOR is unset, as no-color.org says');
    empty.done();
  });
});
