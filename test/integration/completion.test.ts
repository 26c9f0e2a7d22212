import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kapiOnPath } from '../support/kapi-on-path.ts';
import { type ReplayServer, startReplayServer } from '../support/replay-server.ts';
import { kapi, runCommand } from '../support/run-cli.ts';
import { TmuxTerminal } from '../support/tmux.ts';
import { loadStatusCapture } from './explain-capture.ts';

/**
 * Completion through the CLI: `kapi __complete` (cobra's protocol) offline and
 * against a replay of the real v1.36.3 capture, the generated scripts in real
 * shells (bash and zsh under tmux with TAB presses, fish through `complete -C`),
 * and kubectl's plugin completion calling kubectl_complete-kapi on PATH.
 * bash, zsh, fish, tmux and kubectl are required.
 */
let onPath: ReturnType<typeof kapiOnPath>;
let cache: string;
before(() => {
  onPath = kapiOnPath();
  cache = mkdtempSync(join(tmpdir(), 'kapi-completion-'));
});
after(() => {
  onPath.remove();
  rmSync(cache, { recursive: true, force: true });
});

describe('kapi __complete', () => {
  test('field paths from the builtin snapshot, with types, and no space after them', async () => {
    const result = await kapi(['__complete', '--snapshot', 'builtin', 'explain', 'deployments.apps.spec.rep']);
    assert.deepEqual(result, { stdout: 'deployments.apps.spec.replicas\t<integer>\n:6\n', stderr: '', code: 0 });
    const pods = await kapi(['__completeNoDesc', '--snapshot', 'builtin', 'explain', 'pods.spec.containers.ima']);
    assert.equal(pods.stdout, 'pods.spec.containers.image\npods.spec.containers.imagePullPolicy\n:6\n');
  });

  test('commands and flags from the manifest', async () => {
    // Every command oclif knows (the manifest written by the build), in its order, and nothing else.
    const manifest = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8')) as {
      commands: Record<string, { hidden?: boolean }>;
    };
    const ids = Object.entries(manifest.commands).flatMap(([id, command]) => (command.hidden ? [] : [id]));
    assert.ok(ids.includes('explain') && ids.includes('completion'));
    assert.equal((await kapi(['__completeNoDesc', ''])).stdout, `${ids.join('\n')}\n:4\n`);
    assert.equal(
      (await kapi(['__complete', 'explain', '--kubectl-c'])).stdout,
      '--kubectl-compat\tPrint exactly what kubectl prints: no extra lines.\n:4\n',
    );
    assert.equal((await kapi(['__complete', 'explain', '-o', 'y'])).stdout, 'yaml\n:4\n');
    // A release's minor (v1.36: its newest bundled patch) beside its full name.
    assert.equal((await kapi(['__complete', '--snapshot', 'builtin:v1.36'])).stdout, 'builtin:v1.36\nbuiltin:v1.36.3\n:0\n');
    assert.equal((await kapi(['__complete', '--snapshot', 'builtin:v1.2'])).stdout.split('\n')[0], 'builtin:v1.21.0-k0s');
  });

  describe('live (a replay of the v1.36.3 capture)', () => {
    let server: ReplayServer;
    before(async () => {
      server = await startReplayServer(loadStatusCapture(new URL('../data/kube-v1.36.3', import.meta.url).pathname));
    });
    after(() => server.close());
    const live = (...words: string[]) => kapi(['__complete', '--server', server.url, ...words], { XDG_CACHE_HOME: cache });

    test('resource names of CRDs and aggregated APIs, and their field paths', async () => {
      assert.equal((await live('explain', 'flu')).stdout, 'flunders.wardle.example.com\tFlunder (wardle.example.com/v1alpha1)\n:4\n');
      // After a dot, RESOURCE.VERSION.GROUP too, every served version (issue 21, item 13).
      assert.equal(
        (await live('uri', 'crontabs.')).stdout,
        'crontabs.stable.example.com\tCronTab (stable.example.com/v1)\n' +
          'crontabs.v1.stable.example.com\tCronTab (stable.example.com/v1)\n' +
          'crontabs.v1beta1.stable.example.com\tCronTab (stable.example.com/v1beta1)\n:4\n',
      );
      assert.equal(
        (await live('explain', 'flunders.wardle.example.com.spec.')).stdout,
        'flunders.wardle.example.com.spec.reference\t<string>\nflunders.wardle.example.com.spec.referenceType\t<string>\n:6\n',
      );
    });

    test('an unreachable cluster gives no candidates, not an error', async () => {
      const result = await kapi(['__complete', '--server', 'http://127.0.0.1:1', 'explain', 'po'], { XDG_CACHE_HOME: cache });
      assert.deepEqual(result, { stdout: ':4\n', stderr: '', code: 0 });
    });
  });
});

describe('the completion scripts in real shells', () => {
  const shellEnv = () => `env -i PATH=${onPath.path} HOME=${cache} TERM=screen PS1='$ '`;

  test('bash: TAB completes a field path whole, and lists the fields under a path', async () => {
    const terminal = new TmuxTerminal(`${shellEnv()} bash --norc --noprofile -i`, { columns: 100, rows: 12 });
    try {
      terminal.type('source <(kapi completion bash); clear');
      terminal.send('Enter');
      await terminal.waitFor((lines) => lines.join('') === '$');
      terminal.type('kapi --snapshot builtin:v1.36.3 explain deployments.apps.spec.rep');
      terminal.send('Tab');
      const line = '$ kapi --snapshot builtin:v1.36.3 explain deployments.apps.spec.replicas';
      assert.deepEqual(await terminal.waitFor((lines) => lines[0] === line), [line]);
      terminal.send('C-u');
      terminal.type('kapi --snapshot builtin explain pods.');
      terminal.send('Tab', 'Tab');
      const listed = [
        '$ kapi --snapshot builtin explain pods.',
        'pods.apiVersion  pods.kind        pods.metadata    pods.spec        pods.status',
        '$ kapi --snapshot builtin explain pods.',
      ];
      assert.deepEqual(await terminal.waitFor((lines) => lines.length === 3), listed);
    } finally {
      terminal.close();
    }
  });

  test('zsh: TAB completes a value with a colon whole, and lists fields with their types', async () => {
    const terminal = new TmuxTerminal(`${shellEnv()} zsh -f -i`, { columns: 100, rows: 12 });
    try {
      terminal.type('autoload -U compinit && compinit -u && source <(kapi completion zsh) && clear');
      terminal.send('Enter');
      await terminal.waitFor((lines) => lines.join('') === '$');
      terminal.type('kapi --snapshot builtin:v1.21');
      terminal.send('Tab');
      const line = '$ kapi --snapshot builtin:v1.21.0-k0s';
      assert.deepEqual(await terminal.waitFor((lines) => lines[0] === line), [line]);
      terminal.send('C-u');
      terminal.type('kapi --snapshot builtin explain pods.');
      terminal.send('Tab');
      const listed = [
        '$ kapi --snapshot builtin explain pods.',
        'pods.apiVersion  pods.kind  -- <string>',
        'pods.metadata               -- <ObjectMeta>',
        'pods.spec                   -- <PodSpec>',
        'pods.status                 -- <PodStatus>',
      ];
      assert.deepEqual(await terminal.waitFor((lines) => lines.length === 5), listed);
    } finally {
      terminal.close();
    }
  });

  test('fish: the same candidates, with descriptions', () => {
    const fish = (line: string) =>
      execFileSync('fish', ['-N', '-c', `kapi completion fish | source; complete -C'${line}'`], {
        encoding: 'utf8',
        env: { PATH: onPath.path, HOME: cache },
      });
    assert.equal(
      fish('kapi --snapshot builtin explain pods.'),
      'pods.apiVersion\t<string>\npods.kind\t<string>\npods.metadata\t<ObjectMeta>\npods.spec\t<PodSpec>\npods.status\t<PodStatus>\n',
    );
    // One candidate after which a "." may follow: a second one keeps fish from adding a space.
    assert.equal(
      fish('kapi --snapshot builtin explain deployments.apps.spec.rep'),
      'deployments.apps.spec.replicas\t<integer>\ndeployments.apps.spec.replicas.\n',
    );
    assert.equal(fish('kapi --snapshot builtin:v1.36'), 'builtin:v1.36\nbuiltin:v1.36.3\n');
    assert.equal(
      fish('kapi ex'),
      'explain\tDescribe the fields of a resource, as kubectl explain does, and more.\nexplore\tFind a resource and a field interactively, with a live explain preview.\n',
    );
  });
});

test("kubectl's plugin completion runs kubectl_complete-kapi from PATH", async () => {
  const kubectl = process.env.KAPI_KUBECTL ?? 'kubectl';
  const env = { PATH: onPath.path, KUBECONFIG: '/dev/null' };
  const plugin = await runCommand(kubectl, ['__complete', 'kap'], env);
  assert.equal(plugin.stdout, 'kapi\tThe command kapi is a plugin installed by the user\n:4\n');
  const fields = await runCommand(kubectl, ['__complete', 'kapi', '--snapshot', 'builtin', 'explain', 'deployments.apps.spec.rep'], env);
  assert.equal(fields.stdout, 'deployments.apps.spec.replicas\t<integer>\n:6\n');
  assert.equal(readFileSync(join(onPath.dir, 'kubectl_complete-kapi'), 'utf8').split('\n')[0], '#!/usr/bin/env node');
});

describe('hostile names from a server cannot run through completion (issue 21)', () => {
  const hostile = 'zq1$(touch pwned).comp.example.com';
  let dir: string;
  let snapshot: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kapi-completion-hostile-'));
    const document = JSON.parse(readFileSync(new URL('../../snapshots/v1.36.3.json', import.meta.url), 'utf8'));
    const core = document.surface.groups[0].versions[0];
    const configMaps = core.resources.find((resource: { name: string }) => resource.name === 'configmaps');
    for (const name of [hostile, 'zq2\nzq2bogus', 'zq3\u001b]0;PWNED\u0007', 'zq4`touch pwned4`;touch pwned5'])
      core.resources.push({ ...configMaps, name, shortNames: [] });
    snapshot = join(dir, 'hostile.json');
    writeFileSync(snapshot, JSON.stringify(document));
  });
  // The killed bash may still be exiting when this runs: retry rather than fail on ENOTEMPTY.
  after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

  test('__complete drops candidates holding a newline, ESC or BEL', async () => {
    const result = await kapi(['__complete', '--snapshot', snapshot, 'explain', 'zq']);
    assert.equal(result.stdout, `${hostile}\tConfigMap (v1)\nzq4\`touch pwned4\`;touch pwned5\tConfigMap (v1)\n:4\n`);
  });

  test('bash: TAB inserts the name quoted, and Enter does not run what it holds', async () => {
    const terminal = new TmuxTerminal(
      `cd ${dir} && env -i PATH=${onPath.path} HOME=${dir} HISTFILE=/dev/null TERM=screen PS1='$ ' bash --norc --noprofile -i`,
      { columns: 200, rows: 12 },
    );
    try {
      terminal.type('source <(kapi completion bash); clear');
      terminal.send('Enter');
      await terminal.waitFor((lines) => lines.join('') === '$');
      terminal.type(`kapi --snapshot ${snapshot} explain zq1`);
      terminal.send('Tab');
      const line = `$ kapi --snapshot ${snapshot} explain zq1\\$\\(touch\\ pwned\\).comp.example.com`;
      assert.deepEqual(await terminal.waitFor((lines) => lines[0] === line), [line]);
      terminal.send('Enter');
      await terminal.waitFor((lines) => lines.some((l) => l.startsWith('error:')));
      terminal.send('C-u');
      terminal.type(`kapi --snapshot ${snapshot} explain zq4`);
      terminal.send('Tab');
      const quoted = `$ kapi --snapshot ${snapshot} explain zq4\\\`touch\\ pwned4\\\`\\;touch\\ pwned5`;
      assert.deepEqual((await terminal.waitFor((lines) => lines.at(-1) === quoted)).at(-1), quoted);
      terminal.send('Enter');
      await terminal.waitFor((lines) => lines.filter((l) => l.startsWith('error:')).length === 2);
      // Nothing but the snapshot and kapi's own cache (Node's compile cache on Node >= 22, under HOME/.cache).
      assert.deepEqual(
        readdirSync(dir)
          .filter((name) => name !== '.cache')
          .sort(),
        ['hostile.json'],
      );
    } finally {
      terminal.close();
    }
  });
});
