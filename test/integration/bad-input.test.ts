import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { rawControl } from '../support/raw-control.ts';
import { loadFolderCapture, type ReplayServer, startReplayServer } from '../support/replay-server.ts';
import { kapi } from '../support/run-cli.ts';
import { type BadInputCase, badInputCases } from './bad-input-cases.ts';
import { withBadInputTable } from './bad-input-table.ts';
import { loadStatusCapture } from './explain-capture.ts';

const k0sCapture = new URL('../data/k0s-v1.21.0-capture', import.meta.url).pathname;
const kubeCapture = new URL('../data/kube-v1.36.3', import.meta.url).pathname;

async function runCase(c: BadInputCase): Promise<{ code: number; stdout: string; stderr: string; expected: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kapi-bad-input-'));
  let server: ReplayServer | undefined;
  try {
    const needsServer = [...c.args, ...Object.values(c.env ?? {})].some((value) => value.includes('<server>'));
    if (needsServer) {
      const routes = c.capture === 'kube-v1.36.3' ? loadStatusCapture(kubeCapture) : loadFolderCapture(k0sCapture);
      c.server?.(routes);
      server = await startReplayServer(routes);
    }
    const fill = (text: string) => text.replaceAll('<dir>', dir).replaceAll('<server>', server?.url ?? '<server>');
    for (const [name, content] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), fill(content));
    c.setup?.(dir);
    const env = Object.fromEntries(Object.entries(c.env ?? {}).map(([name, value]) => [name, fill(value)]));
    const result = await kapi(c.args.map(fill), { XDG_CACHE_HOME: join(dir, 'cache'), ...env });
    return { ...result, expected: fill(c.stderr) };
  } finally {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('bad input: one line on stderr, a documented exit code, never a stack trace', () => {
  for (const c of badInputCases) {
    test(c.name, async () => {
      const result = await runCase(c);
      assert.equal(result.stderr.split('\n')[0], result.expected, result.stderr);
      assert.equal(result.code, c.exitCode, result.stderr);
      assert.doesNotMatch(result.stderr, /^\s+at /m, 'a stack trace');
      assert.doesNotMatch(result.stderr, / › {3}Error/, "oclif's error format");
      assert.doesNotMatch(result.stdout, rawControl);
      assert.doesNotMatch(result.stderr, rawControl);
    });
  }

  test('case names are unique', () => {
    const names = badInputCases.map((c) => c.name);
    assert.deepEqual([...new Set(names)], names);
  });

  test('the README table is generated from these cases (npm run docs:bad-input)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    assert.equal(readme, withBadInputTable(readme, badInputCases));
  });
});
