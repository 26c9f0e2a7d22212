// kapi snapshot --all-contexts --output-dir when a cluster cannot be read: its error row still names the
// server its context dials, which is what an admin needs to chase it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ExitCode } from '../../src/errors.ts';
import { kapi } from '../support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'kapi-snapshot-fleet-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: dead
  cluster: {server: "https://127.0.0.1:1"}
- name: also-dead
  cluster: {server: "http://127.0.0.1:1/prefix"}
users:
- name: u
  user: {token: t}
contexts:
- name: one
  context: {cluster: dead, user: u}
- name: two
  context: {cluster: also-dead, user: u}
- name: broken
  context: {cluster: missing, user: u}
current-context: one
`;

describe('snapshot --all-contexts with clusters that cannot be read', () => {
  it('names each error row by its server, and "-" when the context names no cluster', async () => {
    const file = join(dir, 'config');
    writeFileSync(file, kubeconfig);
    const result = await kapi(['snapshot', '--all-contexts', '--output-dir', join(dir, 'out'), '--kubeconfig', file]);
    assert.equal(result.code, ExitCode.partial, result.stderr);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s{2,}/));
    assert.deepEqual(rows, [
      ['CONTEXT', 'SERVER', 'VERSION', 'GROUPS', 'RESOURCES', 'RESULT', 'FILE'],
      ['one', 'https://127.0.0.1:1', '-', '-', '-', 'error', '-'],
      ['two', 'http://127.0.0.1:1/prefix', '-', '-', '-', 'error', '-'],
      ['broken', '-', '-', '-', '-', 'error', '-'],
    ]);
  });
});
