// A reader that closes kapi's stdout early (`kapi api-resources | head -1`): kapi ends quietly, status 0.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { isolatedEnv, kapiBin } from '../support/run-cli.ts';

/**
 * Runs kapi with its stdout a pipe whose reader is gone before kapi writes: every write fails with EPIPE.
 * With `stderrToo`, stderr is such a pipe as well, as in `kapi … 2>&1 | head -1`.
 */
function runIntoClosedPipe(
  args: string[],
  { stderrToo = false } = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [kapiBin, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...isolatedEnv() },
    timeout: 60_000,
  });
  child.stdout.destroy();
  if (stderrToo) child.stderr.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

describe('stdout closed by its reader: kapi stops quietly with status 0', () => {
  const cases = [
    ['--help'], // the launcher's quick answer
    ['--version'],
    ['help'],
    ['help', 'explain'],
    ['explain', 'pods', '--help', '--snapshot', 'builtin'], // oclif's help
    ['api-resources', '--snapshot', 'builtin'], // a command's bundle
    ['explain', 'pods', '--recursive', '--snapshot', 'builtin'],
    ['completion', 'bash'],
    ['__complete', 'explain', 'p', '--snapshot', 'builtin'], // completion
  ];
  for (const args of cases) {
    test(`kapi ${args.join(' ')}`, async () => {
      assert.deepEqual(await runIntoClosedPipe(args), { code: 0, signal: null, stderr: '' });
    });
  }

  // `kapi … 2>&1 | head -1`: a warning or an error written to the closed pipe is no crash (it was exit 1).
  test('stderr closed too: a warning does not change the exit code', async () => {
    const notice = await runIntoClosedPipe(['groups', '--snapshot', 'builtin:v1.21.0-k0s'], { stderrToo: true });
    assert.deepEqual(notice, { code: 0, signal: null, stderr: '' });
  });

  test('stderr closed too: an error keeps its exit code', async () => {
    const error = await runIntoClosedPipe(['explain', 'pods.spec.bogus', '--snapshot', 'builtin'], { stderrToo: true });
    assert.deepEqual(error, { code: 8, signal: null, stderr: '' });
  });

  test('an error before the pipe closed keeps its exit code', async () => {
    const result = await runIntoClosedPipe(['explain', 'pods.spec.bogus', '--snapshot', 'builtin']);
    assert.equal(result.code, 8);
    assert.match(result.stderr, /^error: field "bogus" does not exist/);
  });
});
