import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, it } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { ConnectionGate } from '../../src/cluster/connection-gate.ts';

/** A task that runs until released, counting how many run at once. */
function tasks(gate: ConnectionGate, count: number) {
  const started: number[] = [];
  const release: Array<() => void> = [];
  const done = Array.from({ length: count }, (_, index) =>
    gate.run(
      () =>
        new Promise<void>((resolve) => {
          started.push(index);
          release[index] = resolve;
        }),
    ),
  );
  return { started, release, done };
}

describe('ConnectionGate (issue 21 item 12)', () => {
  it('opens at most two unanswered connections; each answered one lets one more request in, up to the limit', async () => {
    const gate = new ConnectionGate(4, 2);
    const run = tasks(gate, 6);
    await tick();
    assert.deepEqual(run.started, [0, 1]);
    const first = new EventEmitter() as Socket;
    gate.answeredOn(first);
    gate.answeredOn(first);
    await tick();
    assert.deepEqual(run.started, [0, 1, 2]);
    gate.answeredOn(new EventEmitter() as Socket);
    await tick();
    assert.deepEqual(run.started, [0, 1, 2, 3]);
    gate.answeredOn(new EventEmitter() as Socket);
    await tick();
    assert.deepEqual(run.started, [0, 1, 2, 3], 'maxRequests holds');
    run.release[0]?.();
    await tick();
    await tick();
    assert.deepEqual(run.started, [0, 1, 2, 3, 4]);
    // A closed connection no longer counts: two answered ones remain, so 2 + 2 requests may run.
    first.emit('close');
    run.release[1]?.();
    await tick();
    await tick();
    assert.deepEqual(run.started, [0, 1, 2, 3, 4, 5]);
    for (const release of run.release) release?.();
    await Promise.all(run.done);
  });

  it('a failed request frees its place', async () => {
    const gate = new ConnectionGate(16, 1);
    await assert.rejects(
      gate.run(() => Promise.reject(new Error('refused'))),
      /refused/,
    );
    assert.equal(await gate.run(async () => 'next'), 'next');
  });
});
