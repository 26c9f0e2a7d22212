import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kapi, kapiBin } from '../support/run-cli.ts';
import { schemaBombSnapshot } from '../support/schema-bomb.ts';
import { TmuxTerminal } from '../support/tmux.ts';

/**
 * Issue 21 item 2 through the CLI: a 10 KB snapshot whose schema is a DAG of $refs (40 levels, two
 * properties each, no cycle). Unbounded walks grew past 2 GB; here each run gets 256 MB of heap and
 * 30 seconds, so a walk without a budget fails fast (out of memory or killed) instead of eating the
 * machine. Every walk stops at kapi's walk budget and says so: a warning on stderr, a marked line in
 * text, "truncated" in JSON.
 */
const smallHeap = { NODE_OPTIONS: '--max-old-space-size=256' };
const budgetWarning = /^Warning: the field walk of .+ stopped at .+ \(kapi's walk budget\): the output is incomplete$/m;
let dir: string;
let snapshot: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kapi-schema-bomb-'));
  snapshot = join(dir, 'bomb.json');
  writeFileSync(snapshot, JSON.stringify(schemaBombSnapshot({ levels: 40, width: 2 })));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => kapi([...args, '--snapshot', snapshot], smallHeap, 30_000);

describe('a schema bomb: every field walk stops at the walk budget', () => {
  test('search: the matches found within the budget, and a warning', async () => {
    const result = await run(['search', 'p1']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, budgetWarning);
    assert.match(result.stdout, /^bombs\.bomb\.example\.com {3}spec\.p0\.p0\.p0/m);
  });

  test('search -o json: "truncated" names the resource and the limit', async () => {
    const result = await run(['search', 'p1', '-o', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const document = JSON.parse(result.stdout);
    assert.deepEqual(document.truncated, [{ group: 'bomb.example.com', version: 'v1', resource: 'bombs', limit: 'depth' }]);
    assert.ok(document.matches.length > 1000);
  });

  test('explain --recursive: the field list ends with a marked line', async () => {
    const result = await run(['explain', 'bombs', '--recursive']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, budgetWarning);
    assert.ok(
      result.stdout.endsWith('  ... (truncated: the walk budget of a depth of 40 fields was reached)\n\n'),
      result.stdout.slice(-200),
    );
  });

  test('explain -o markdown --recursive: a note under the table', async () => {
    const result = await run(['explain', 'bombs', '-o', 'markdown', '--recursive']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, budgetWarning);
    assert.match(result.stdout, /\n_\.\.\. \(truncated: the walk budget of .+ was reached\)_\n$/);
  });

  test('explain -o json --max-depth 40: "truncated" and references cut as "budget"', async () => {
    const result = await run(['explain', 'bombs', '-o', 'json', '--max-depth', '40']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, budgetWarning);
    const document = JSON.parse(result.stdout);
    assert.equal(document.truncated, 'repeats');
    assert.match(result.stdout, /"x-kapi-cut": "budget"/);
  });

  test('completion of field paths answers one level', async () => {
    const result = await kapi(['__complete', '--snapshot', snapshot, 'explain', 'bombs.spec.p0.'], smallHeap, 30_000);
    assert.equal(result.stdout, 'bombs.spec.p0.p0\t<Level2>\nbombs.spec.p0.p1\t<Level2>\n:6\n');
  });
});

describe('kapi explore on a schema bomb (tmux)', () => {
  before(() => {
    execFileSync('tmux', ['-V']);
  });

  /** explore on the bomb under tmux, with the process id to signal; closes the terminal after `use`. */
  async function withExplorer(name: string, use: (terminal: TmuxTerminal, pid: () => number) => Promise<void>): Promise<void> {
    const pidFile = join(dir, `${name}.pid`);
    const terminal = new TmuxTerminal(
      `sh -c 'echo $$ > ${pidFile}; exec env NO_COLOR=1 KUBECONFIG=/dev/null ${process.execPath} --max-old-space-size=256 ${kapiBin} explore --snapshot ${snapshot}'`,
    );
    try {
      await terminal.waitFor((lines) => lines[1] === 'resource>');
      await use(terminal, () => Number(readFileSync(pidFile, 'utf8')));
    } finally {
      terminal.close();
    }
  }

  /** Waits for the shell's EXIT= line: 143 is death by SIGTERM. */
  async function expectTerminated(terminal: TmuxTerminal): Promise<void> {
    const end = await terminal.waitFor((lines) => lines.some((line) => line.startsWith('EXIT=')), 10_000);
    assert.ok(
      end.some((line) => line.startsWith('EXIT=143')),
      end.join('\n'),
    );
  }

  test('the field list says it is incomplete, and SIGTERM ends the explorer', () =>
    withExplorer('explore', async (terminal, pid) => {
      terminal.send('Enter');
      const screen = await terminal.waitFor((lines) => lines[0]?.includes('bombs.bomb.example.com · fields') === true, 20_000);
      assert.match(screen[0] ?? '', /fields (\d+)\/\1 \(cut short at a depth of 40 fields\)/);
      process.kill(pid(), 'SIGTERM');
      await expectTerminated(terminal);
    }));

  test('SIGTERM while the fields are being walked ends the explorer', () =>
    withExplorer('explore-early', async (terminal, pid) => {
      terminal.send('Enter');
      await new Promise((resolve) => setTimeout(resolve, 200));
      process.kill(pid(), 'SIGTERM');
      await expectTerminated(terminal);
    }));
});
