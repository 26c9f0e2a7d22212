// kapi explore and shell completion against a real kube-apiserver with CRDs and
// the aggregated sample-apiserver (wardle): resource names and field paths of
// flunders and crontabs, live; kubectl's plugin completion through the
// release-matched kubectl calling kubectl_complete-kapi on PATH.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { kapiOnPath } from '../support/kapi-on-path.ts';
import { kapi, kapiBin, runCommand } from '../support/run-cli.ts';
import { TmuxTerminal } from '../support/tmux.ts';
import { announceSkip, type Cluster, e2eAvailability, startCluster } from './cluster.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('explore and completion e2e', { skip }, () => {});

describe('explore and completion on a real control plane', { skip }, () => {
  let cluster: Cluster;
  let cache: string;
  let onPath: ReturnType<typeof kapiOnPath>;
  const complete = (...words: string[]) => kapi(['__complete', '--kubeconfig', cluster.kubeconfig, ...words], { XDG_CACHE_HOME: cache });

  before(async () => {
    cluster = await startCluster();
    cache = mkdtempSync(join(tmpdir(), 'kapi-e2e-completion-'));
    onPath = kapiOnPath();
  });
  after(async () => {
    await cluster?.stop();
    onPath?.remove();
    if (cache) rmSync(cache, { recursive: true, force: true });
  });

  it('completes the aggregated flunders and the CRD crontabs, and their field paths', async () => {
    assert.equal(
      (await complete('explain', 'flunders')).stdout,
      'flunders.wardle.example.com\tFlunder (wardle.example.com/v1alpha1)\n:4\n',
    );
    assert.equal(
      (await complete('explain', 'flunders.wardle.example.com.spec.ref')).stdout,
      'flunders.wardle.example.com.spec.reference\t<string>\nflunders.wardle.example.com.spec.referenceType\t<string>\n:6\n',
    );
    assert.equal((await complete('uri', 'crontabs')).stdout, 'crontabs.stable.example.com\tCronTab (stable.example.com/v1)\n:4\n');
    assert.equal(
      (await complete('explain', 'crontabs.stable.example.com.spec.cron')).stdout,
      'crontabs.stable.example.com.spec.cronSpec\t<string>\n:6\n',
    );
    assert.equal((await complete('--context', '')).stdout, 'admin\nviewer\n:4\n');
  });

  it("answers kubectl's plugin completion: kubectl kapi <TAB>", async () => {
    const env = { PATH: onPath.path };
    const words = ['__complete', 'kapi', '--kubeconfig', cluster.kubeconfig, 'explain', 'flunders.wardle.example.com.spec.ref'];
    const result = await runCommand(cluster.kubectl, words, { ...env, XDG_CACHE_HOME: cache });
    assert.equal(
      result.stdout,
      'flunders.wardle.example.com.spec.reference\t<string>\nflunders.wardle.example.com.spec.referenceType\t<string>\n:6\n',
    );
    assert.equal((await runCommand(cluster.kubectl, ['__complete', 'kapi', 'expl'], env)).stdout.split('\n')[0]?.split('\t')[0], 'explain');
  });

  it('explores flunders live: the served-by rule, the field list, and Enter printing the explain', async () => {
    const terminal = new TmuxTerminal(
      `NO_COLOR=1 XDG_CACHE_HOME=${cache} ${process.execPath} ${kapiBin} explore --kubeconfig ${cluster.kubeconfig} flunders`,
    );
    try {
      const list = await terminal.waitFor((lines) => lines.some((line) => line.startsWith('── flunders')));
      assert.equal(list[1], 'resource> flunders');
      assert.match(list[2] ?? '', /^> flunders +Flunder +wardle\.example\.com\/v1alpha1 +Aggregated$/);
      assert.match(list[12] ?? '', /^── flunders\.wardle\.example\.com · served by Aggregated:wardle\/api:\d+ ─+$/);
      terminal.send('Enter');
      await terminal.waitFor((lines) => lines[1] === 'flunders.wardle.example.com>');
      terminal.type('spec.reference');
      await terminal.waitFor((lines) => lines[2]?.startsWith('> spec.reference ') === true);
      terminal.send('Enter');
      const explained = await kapi(['explain', 'flunders.wardle.example.com.spec.reference', '--kubeconfig', cluster.kubeconfig]);
      assert.equal(explained.code, 0, explained.stderr);
      const done = await terminal.waitFor((lines) => lines.at(-1)?.startsWith('EXIT=') === true);
      assert.deepEqual(done, [...explained.stdout.trimEnd().split('\n'), '', '', 'EXIT=0']);
    } finally {
      terminal.close();
    }
  });
});
