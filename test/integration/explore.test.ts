import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ExitCode } from '../../src/errors.ts';
import { type ReplayServer, startReplayServer } from '../support/replay-server.ts';
import { kapi, kapiBin } from '../support/run-cli.ts';
import { TmuxTerminal } from '../support/tmux.ts';
import { loadStatusCapture } from './explain-capture.ts';

/**
 * kapi explore in a real terminal: tmux at 100x30 with the builtin snapshot,
 * keys sent with send-keys, each screen read with capture-pane and compared
 * whole. tmux is required (under CI=true a missing tmux fails the run).
 */
const explore = (args: string) => `NO_COLOR=1 KUBECONFIG=/dev/null ${process.execPath} ${kapiBin} explore ${args}`;

/** Waits for the expected screen, then compares it (the assertion shows the last screen on a timeout). */
async function expectScreen(terminal: TmuxTerminal, expected: string[]): Promise<void> {
  const screen = await terminal.waitFor((lines) => JSON.stringify(lines) === JSON.stringify(expected));
  assert.deepEqual(screen, expected);
}

before(() => {
  execFileSync('tmux', ['-V']);
});

describe('kapi explore under tmux (100x30, --snapshot builtin:v1.36)', () => {
  let terminal: TmuxTerminal;
  after(() => terminal?.close());

  test('resources, a query, the fields, the preview, Esc back, and Enter printing the explain', async () => {
    terminal = new TmuxTerminal(explore('--snapshot builtin:v1.36'));
    await expectScreen(terminal, initialScreen);
    terminal.type('deploy');
    await expectScreen(terminal, queryScreen);
    terminal.send('Enter');
    await expectScreen(terminal, fieldsScreen);
    terminal.type('replicas');
    terminal.send('Down');
    await expectScreen(terminal, previewScreen);
    terminal.send('Escape');
    await expectScreen(terminal, queryScreen);
    terminal.send('Enter');
    await expectScreen(terminal, fieldsScreen);
    terminal.type('spec.replicas');
    terminal.send('Enter');
    const explained = await kapi(['explain', 'deployments.apps.spec.replicas', '--snapshot', 'builtin:v1.36']);
    assert.equal(explained.code, 0);
    await expectScreen(terminal, [...explained.stdout.trimEnd().split('\n'), '', '', 'EXIT=0']);
    assert.deepEqual(await terminal.waitFor(() => false, 0), enterScreen);
  });
});

describe('kapi explore: leaving without a choice', () => {
  test('Esc on the resource list exits 130 and prints nothing', async () => {
    const terminal = new TmuxTerminal(explore('--snapshot builtin:v1.36 pods'));
    try {
      await terminal.waitFor((lines) => lines[1] === 'resource> pods');
      terminal.send('Escape');
      await expectScreen(terminal, ['EXIT=130']);
    } finally {
      terminal.close();
    }
  });

  test('Ctrl-C in the field list exits 130 and prints nothing', async () => {
    const terminal = new TmuxTerminal(explore('--snapshot builtin:v1.36'));
    try {
      await terminal.waitFor((lines) => lines[1] === 'resource>');
      terminal.send('Enter');
      await terminal.waitFor((lines) => lines[1] === 'bindings>');
      terminal.send('C-c');
      await expectScreen(terminal, ['EXIT=130']);
    } finally {
      terminal.close();
    }
  });
});

describe('kapi explore live (a replay of the v1.36.3 capture: CRDs, aggregated wardle, a broken APIService)', () => {
  let server: ReplayServer;
  let cache: string;
  before(async () => {
    server = await startReplayServer(loadStatusCapture(new URL('../data/kube-v1.36.3', import.meta.url).pathname));
    cache = mkdtempSync(join(tmpdir(), 'kapi-explore-'));
  });
  after(async () => {
    await server.close();
    rmSync(cache, { recursive: true, force: true });
  });

  test('finds the aggregated flunders, previews a field, prints it; the discovery warning comes after the screen', async () => {
    const terminal = new TmuxTerminal(`XDG_CACHE_HOME=${cache} ${explore(`--server ${server.url} flund`)}`);
    try {
      const list = await terminal.waitFor((lines) => lines.some((line) => line.startsWith('── flunders')));
      assert.deepEqual(list.slice(0, 3), [
        `kapi explore · server ${server.url} · resources 1/73 · Enter: fields · Esc: quit`,
        'resource> flund',
        '> flunders                      Flunder                 wardle.example.com/v1alpha1   Aggregated',
      ]);
      assert.equal(list[12], `── flunders.wardle.example.com · served by Aggregated:wardle/api:39043 ${'─'.repeat(28)}`);
      terminal.send('Enter');
      await terminal.waitFor((lines) => lines[1] === 'flunders.wardle.example.com>');
      terminal.type('spec.reference');
      const field = await terminal.waitFor((lines) => lines[2]?.startsWith('> spec.reference ') === true);
      assert.deepEqual(
        field.slice(12, 23),
        [
          `── flunders.wardle.example.com.spec.reference · served by Aggregated:wardle/api:39043 ${'─'.repeat(13)}`,
          'GROUP:      wardle.example.com',
          'KIND:       Flunder',
          'VERSION:    v1alpha1',
          '',
          'FIELD: reference <string>',
          '',
          '',
          'DESCRIPTION:',
          '    A name of another flunder or fischer, depending on the reference type.',
        ].concat(field.slice(22, 23)),
      );
      terminal.send('Enter');
      await expectScreen(terminal, [
        'Warning: broken.example.com/v1 could not be discovered: stale in aggregated discovery (its API serve',
        'r is unavailable)',
        'GROUP:      wardle.example.com',
        'KIND:       Flunder',
        'VERSION:    v1alpha1',
        '',
        'FIELD: reference <string>',
        '',
        '',
        'DESCRIPTION:',
        '    A name of another flunder or fischer, depending on the reference type.',
        '',
        '',
        'EXIT=0',
      ]);
    } finally {
      terminal.close();
    }
  });
});

test('without a terminal, explore says to use search or explain and exits 2', async () => {
  const result = await kapi(['explore', '--snapshot', 'builtin']);
  assert.equal(result.code, ExitCode.usage);
  assert.equal(result.stdout, '');
  assert.equal(
    result.stderr,
    'error: kapi explore needs a terminal on stdin and stdout; in scripts use `kapi search PATTERN` or `kapi explain RESOURCE.field`\n',
  );
});

const initialScreen = [
  'kapi explore · builtin:v1.36 · resources 67/67 · Enter: fields · Esc: quit',
  'resource>',
  '> bindings                      Binding                 v1                            Local',
  '  componentstatuses (cs)        ComponentStatus         v1                            Local',
  '  configmaps (cm)               ConfigMap               v1                            Local',
  '  endpoints (ep)                Endpoints               v1                            Local',
  '  events (ev)                   Event                   v1                            Local',
  '  limitranges (limits)          LimitRange              v1                            Local',
  '  namespaces (ns)               Namespace               v1                            Local',
  '  nodes (no)                    Node                    v1                            Local',
  '  persistentvolumeclaims (pvc)  PersistentVolumeClaim   v1                            Local',
  '  persistentvolumes (pv)        PersistentVolume        v1                            Local',
  '── bindings · served by Local ─────────────────────────────────────────────────────────────────────',
  'KIND:       Binding',
  'VERSION:    v1',
  '',
  'DESCRIPTION:',
  '    Binding ties one object to another; for example, a pod is bound to a node by',
  '    a scheduler.',
  '',
  'FIELDS:',
  '  apiVersion    <string>',
  '    APIVersion defines the versioned schema of this representation of an object.',
  '    Servers should convert recognized schemas to the latest internal value, and',
  '    may reject unrecognized values. More info:',
  '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  '',
  '  kind  <string>',
  '    Kind is a string value representing the REST resource this object',
];

const queryScreen = [
  'kapi explore · builtin:v1.36 · resources 1/67 · Enter: fields · Esc: quit',
  'resource> deploy',
  '> deployments (deploy)          Deployment              apps/v1                       Local',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '── deployments.apps · served by Local ─────────────────────────────────────────────────────────────',
  'GROUP:      apps',
  'KIND:       Deployment',
  'VERSION:    v1',
  '',
  'DESCRIPTION:',
  '    Deployment enables declarative updates for Pods and ReplicaSets.',
  '',
  'FIELDS:',
  '  apiVersion    <string>',
  '    APIVersion defines the versioned schema of this representation of an object.',
  '    Servers should convert recognized schemas to the latest internal value, and',
  '    may reject unrecognized values. More info:',
  '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  '',
  '  kind  <string>',
  '    Kind is a string value representing the REST resource this object',
];

const fieldsScreen = [
  'kapi explore · deployments.apps · fields 1192/1192 · Enter: print · Esc: back',
  'deployments.apps>',
  '> apiVersion                                                             <string>',
  '  kind                                                                   <string>',
  '  metadata                                                               <ObjectMeta>',
  '  metadata.annotations                                                   <map[string]string>',
  '  metadata.creationTimestamp                                             <string>',
  '  metadata.deletionGracePeriodSeconds                                    <integer>',
  '  metadata.deletionTimestamp                                             <string>',
  '  metadata.finalizers                                                    <[]string>',
  '  metadata.generateName                                                  <string>',
  '  metadata.generation                                                    <integer>',
  '── deployments.apps.apiVersion · served by Local ──────────────────────────────────────────────────',
  'GROUP:      apps',
  'KIND:       Deployment',
  'VERSION:    v1',
  '',
  'FIELD: apiVersion <string>',
  '',
  '',
  'DESCRIPTION:',
  '    APIVersion defines the versioned schema of this representation of an object.',
  '    Servers should convert recognized schemas to the latest internal value, and',
  '    may reject unrecognized values. More info:',
  '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
];

const previewScreen = [
  'kapi explore · deployments.apps · fields 11/1192 · Enter: print · Esc: back',
  'deployments.apps> replicas',
  '  spec.replicas                                                          <integer>',
  '> status.replicas                                                        <integer>',
  '  status.readyReplicas                                                   <integer>',
  '  status.updatedReplicas                                                 <integer>',
  '  status.availableReplicas                                               <integer>',
  '  status.unavailableReplicas                                             <integer>',
  '  status.terminatingReplicas                                             <integer>',
  '  spec.template.spec.containers.restartPolicyRules.exitCodes.values      <[]integer>',
  '  spec.template.spec.initContainers.restartPolicyRules.exitCodes.values  <[]integer>',
  '  spec.template.spec.ephemeralContainers.restartPolicyRules.exitCodes.values  <[]integer>',
  '── deployments.apps.status.replicas · served by Local ─────────────────────────────────────────────',
  'GROUP:      apps',
  'KIND:       Deployment',
  'VERSION:    v1',
  '',
  'FIELD: replicas <integer>',
  'format: int32',
  '',
  'DESCRIPTION:',
  '    Total number of non-terminating pods targeted by this deployment (their',
  '    labels match the selector).',
];

const enterScreen = [
  'GROUP:      apps',
  'KIND:       Deployment',
  'VERSION:    v1',
  '',
  'FIELD: replicas <integer>',
  'format: int32',
  '',
  'DESCRIPTION:',
  '    Number of desired pods. This is a pointer to distinguish between explicit',
  '    zero and not specified. Defaults to 1.',
  '',
  '',
  'EXIT=0',
];
