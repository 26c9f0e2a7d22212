/**
 * The bad-input cases of issue 21 (hostile files, folders and credentials), spread into the
 * README's table by bad-input-cases.ts.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../src/errors.ts';
import { schemaBombSnapshot } from '../support/schema-bomb.ts';
import type { BadInputCase } from './bad-input-cases.ts';

const kubeconfigWithUser = (user: Record<string, unknown>) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'c',
    clusters: [{ name: 'c', cluster: { server: '<server>' } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
  });

export const hostileInputCases: BadInputCase[] = [
  {
    name: 'bearer token with a line break inside',
    args: ['api-versions', '--server', '<server>', '--token', 'tok\r\nX-Injected: 1'],
    exitCode: ExitCode.config,
    stderr: 'error: the bearer token of --token holds a line break, which no HTTP header may carry',
  },
  {
    name: 'token file with a line break inside (a trailing one is trimmed, as client-go does)',
    args: ['api-versions', '--kubeconfig', '<dir>/config', '--server', '<server>'],
    files: { config: kubeconfigWithUser({ 'token-file': '<dir>/token' }), token: 'tok\nen\n' },
    exitCode: ExitCode.config,
    stderr: 'error: the bearer token of the kubeconfig user "u" holds a line break, which no HTTP header may carry',
  },
  {
    name: 'exec credential plugin that never finishes',
    args: ['api-versions', '--kubeconfig', '<dir>/config', '--server', '<server>', '--request-timeout', '1s'],
    files: {
      config: kubeconfigWithUser({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'sh', args: ['-c', 'sleep 60'] } }),
    },
    exitCode: ExitCode.config,
    stderr:
      'error: failed to get credentials for the kubeconfig user: the exec credential plugin did not finish within 1s (--request-timeout)',
  },

  {
    name: 'kapi/ cache folder writable by others (ignored, as ssh ignores such files)',
    args: ['api-versions', '--server', '<server>'],
    setup: (dir) => {
      mkdirSync(join(dir, 'cache', 'kapi'), { recursive: true });
      chmodSync(join(dir, 'cache', 'kapi'), 0o777);
    },
    exitCode: ExitCode.ok,
    stderr:
      'Warning: ignoring the cache folder <dir>/cache/kapi: it is writable by group or others (mode 777; chmod 700 it); kapi runs without its cache',
  },
  {
    name: 'kapi/ cache folder owned by another user',
    args: ['api-versions', '--server', '<server>'],
    setup: (dir) => {
      mkdirSync(join(dir, 'cache', 'kapi'), { recursive: true, mode: 0o700 });
      chownSync(join(dir, 'cache', 'kapi'), 65534, 65534);
    },
    exitCode: ExitCode.ok,
    stderr: `Warning: ignoring the cache folder <dir>/cache/kapi: it is owned by uid 65534, not by you (uid ${process.getuid?.()}); kapi runs without its cache`,
  },
  {
    name: 'snapshot that is a FIFO with no writer (read without blocking)',
    args: ['api-resources', '--snapshot', '<dir>/snapshot.fifo'],
    setup: (dir) => execFileSync('mkfifo', [join(dir, 'snapshot.fifo')]),
    exitCode: ExitCode.config,
    stderr:
      'error: failed to read snapshot <dir>/snapshot.fifo: not a kapi snapshot (want kind ApiSurfaceSnapshot, apiVersion kapi.dev/v1)',
  },
  {
    name: 'schema bomb: $refs forming a DAG, 40 levels of two properties (2^40 field paths in 10 KB); every field walk stops at the walk budget',
    args: ['search', 'p1', '--snapshot', '<dir>/bomb.json'],
    files: { 'bomb.json': JSON.stringify(schemaBombSnapshot({ levels: 40, width: 2 })) },
    exitCode: ExitCode.ok,
    stderr:
      "Warning: the field walk of bombs.bomb.example.com v1 stopped at a depth of 40 fields (kapi's walk budget): the output is incomplete",
  },
  {
    name: 'resource name holding a lone UTF-16 surrogate (\\ud800 in the JSON): read as U+FFFD where the snapshot enters, so the atlas page links and every message stay valid',
    args: ['explain', 'bombs', '--snapshot', '<dir>/surrogate.json'],
    files: { 'surrogate.json': JSON.stringify(schemaBombSnapshot({ levels: 2, width: 2, resource: 'bo\ud800mbs' })) },
    exitCode: ExitCode.notFound,
    stderr: 'error: the server doesn\'t have a resource type "bombs"; did you mean "bo\ufffdmbs"?',
  },
];
