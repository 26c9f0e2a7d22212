// The connection flags are defined once, as data in the cluster layer, and bound to oclif by the CLI:
// every flag keeps its name, kind, short name and description, and a parsed command line reaches
// resolveConnection as it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Parser } from '@oclif/core';
import { globalFlags } from '../../src/cli/flags.ts';
import { resolveConnection } from '../../src/cluster/connection.ts';
import { connectionFlagInfo } from '../../src/cluster/connection-flags.ts';

describe('connection flags', () => {
  it('every flag of the cluster layer is bound with its kind, short name and description', () => {
    for (const [name, info] of Object.entries(connectionFlagInfo)) {
      const flag = globalFlags[name as keyof typeof globalFlags];
      assert.equal(flag.description, info.description, name);
      assert.equal(flag.char, 'char' in info ? info.char : undefined, name);
      assert.equal(flag.helpGroup, 'CONNECTION', name);
      assert.equal(flag.type, info.kind === 'boolean' ? 'boolean' : 'option', name);
      assert.equal(flag.type === 'option' && flag.multiple === true, info.kind === 'strings', name);
    }
  });

  it('parsed values go to resolveConnection as they are: impersonation and TLS overrides from the command line', async () => {
    const { flags } = await Parser.parse(
      [
        '--server',
        'https://127.0.0.1:6443',
        '--token',
        't0',
        '--as',
        'jane',
        '--as-group',
        'dev',
        '--as-group',
        'ops',
        '--tls-server-name',
        'api.example',
        '-n',
        'team',
      ],
      { flags: globalFlags },
    );
    const connection = await resolveConnection(flags, {});
    assert.equal(connection.server, 'https://127.0.0.1:6443');
    assert.equal(connection.namespace, 'team');
    assert.equal(connection.target.tls.servername, 'api.example');
    assert.deepEqual(
      {
        user: connection.target.headers['Impersonate-User'],
        groups: connection.target.headers['Impersonate-Group'],
        auth: connection.target.headers.Authorization,
      },
      { user: 'jane', groups: ['dev', 'ops'], auth: 'Bearer t0' },
    );
  });
});
