import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadFolderCapture, type ReplayServer, startReplayServer } from '../support/replay-server.ts';
import { kapi, kapiBin } from '../support/run-cli.ts';
import { TmuxTerminal } from '../support/tmux.ts';

const k0sCapture = new URL('../data/k0s-v1.21.0-capture', import.meta.url).pathname;

describe('discovery progress on stderr: a terminal sees it, a pipe never does', () => {
  let server: ReplayServer;
  let cache: string;
  before(async () => {
    // A slow server: every group-version answers after 1.5 s, so discovery takes longer than a second.
    const routes = loadFolderCapture(k0sCapture);
    for (const [path, set] of routes) {
      if (/^\/apis?\/[^/]+(\/[^/]+)?$/.test(path) && set.plain) set.plain = { ...set.plain, delayMs: 1500 };
    }
    server = await startReplayServer(routes);
    cache = mkdtempSync(join(tmpdir(), 'kapi-progress-'));
  });
  after(async () => {
    await server.close();
    rmSync(cache, { recursive: true, force: true });
  });

  test('under tmux: "discovering N group-versions (k left)" while waiting, erased before the table', async () => {
    const command = `env -u NO_COLOR XDG_CACHE_HOME=${cache} KUBECONFIG=/dev/null ${process.execPath} ${kapiBin} api-versions --server ${server.url} --discovery=legacy`;
    const terminal = new TmuxTerminal(command, { columns: 100, rows: 60 });
    try {
      const during = await terminal.waitFor((screen) => screen.some((line) => /discovering \d+ group-versions \(\d+ left\)/.test(line)));
      assert.ok(
        during.some((line) => /^discovering \d+ group-versions \(\d+ left\)$/.test(line)),
        during.join('\n'),
      );
      const end = await terminal.waitFor((screen) => screen.some((line) => line.startsWith('EXIT=')), 30_000);
      assert.ok(end.includes('EXIT=0'), end.join('\n'));
      assert.ok(!end.some((line) => line.includes('discovering')), end.join('\n'));
      assert.ok(end.includes('apps/v1'));
    } finally {
      terminal.close();
    }
  });

  test('in a pipe, stderr gets nothing (with and without NO_COLOR)', async () => {
    for (const env of [{ XDG_CACHE_HOME: cache }, { XDG_CACHE_HOME: cache, NO_COLOR: '' }]) {
      const result = await kapi(['api-versions', '--server', server.url, '--discovery=legacy'], env);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
    }
  });
});
