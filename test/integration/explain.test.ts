import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { loadFolderCapture, type ReplayServer, startReplayServer } from '../support/replay-server.js';
import { kapi as kapiCli, runCommand } from '../support/run-cli.js';
import { loadStatusCapture } from './explain-capture.js';

const root = new URL('../..', import.meta.url).pathname;
const data = join(root, 'test', 'data');
const kubectlRelease = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kapi', 'control-plane', 'v1.36.3', 'kubectl');
const exec = (file: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runCommand(file, args, extraEnv);
const kapi = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => kapiCli(['explain', ...args], extraEnv);

describe('explain on a v1.36.3 replay (OpenAPI v3), against kubectl v1.36.3', () => {
  let server: ReplayServer;
  before(async () => {
    server = await startReplayServer(loadStatusCapture(join(data, 'kube-v1.36.3')));
  });
  after(() => server.close());

  const paths = [
    ['pods'],
    ['pods.spec'],
    ['pods.spec.containers'],
    ['deployments.spec.strategy'],
    ['deploy.spec.template.spec.containers.ports'],
    ['services.spec.ports.targetPort'],
    ['ingresses.spec.rules'],
    ['crontabs'],
    ['crontabs.spec'],
    ['freeforms'],
    ['freeforms.spec'],
    ['flunders'],
    ['deployments.spec.strategy', '--recursive'],
    ['crontabs', '--api-version=stable.example.com/v1beta1'],
    ['pods.metadata.labels'],
    ['customresourcedefinitions.spec.versions.schema.openAPIV3Schema', '--recursive'],
  ];
  for (const args of paths) {
    it(`kapi explain ${args.join(' ')} --kubectl-compat prints what kubectl prints`, {
      skip: !existsSync(kubectlRelease) && 'no release kubectl built',
    }, async () => {
      const expected = await exec(kubectlRelease, ['explain', ...args, '--server', server.url]);
      assert.equal(expected.code, 0, expected.stderr);
      const actual = await kapi([...args, '--server', server.url, '--kubectl-compat']);
      assert.equal(actual.stdout, expected.stdout);
      assert.equal(actual.code, 0);
    });
  }

  it('fetches only the index and the one group-version document, at the hash URL; then only the index', async (t) => {
    const cache = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'kapi-explain-')) };
    t.after(() => rmSync(cache.XDG_CACHE_HOME, { recursive: true, force: true }));
    const openapiRequests = async () => {
      const start = server.requests.length;
      await kapi(['deployments.spec', '--server', server.url], cache);
      return server.requests
        .slice(start)
        .filter((r) => r.path.startsWith('/openapi'))
        .map((r) => r.path);
    };
    const index = JSON.parse(readFileSync(join(data, 'kube-v1.36.3', 'openapi', 'v3', 'index.json'), 'utf8'));
    assert.deepEqual(await openapiRequests(), ['/openapi/v3?timeout=32s', `${index.paths['apis/apps/v1'].serverRelativeURL}&timeout=32s`]);
    // The hashed document cannot change: the second run reads it from the cache.
    assert.deepEqual(await openapiRequests(), ['/openapi/v3?timeout=32s']);
  });

  const errors: [string[], string, number][] = [
    [['podz.spec'], 'error: the server doesn\'t have a resource type "podz"; did you mean "pods"?\n', 8],
    [['pods.spec.containres'], 'error: field "containres" does not exist in pods.spec; did you mean "containers"?\n', 8],
    [['deployments.spec.foo.bar'], 'error: field "foo" does not exist in deployments.spec\n', 8],
    [
      ['crontabs', '--api-version=stable.example.com/v2'],
      'error: the server doesn\'t have a resource type "crontabs" in stable.example.com/v2; crontabs.stable.example.com is served in stable.example.com/v1, stable.example.com/v1beta1\n',
      8,
    ],
  ];
  for (const [args, message, code] of errors) {
    it(`kapi explain ${args.join(' ')} fails with exit ${code}`, async () => {
      const result = await kapi([...args, '--server', server.url]);
      assert.equal(result.stdout, '');
      assert.equal(
        result.stderr
          .split('\n')
          .filter((line) => line.startsWith('error:'))
          .join('\n')
          .concat('\n'),
        message,
      );
      assert.equal(result.code, code);
    });
  }

  it('a preserve-unknown-fields schema without properties says any fields are allowed', async () => {
    // The capture's freeforms.spec lists a property; the kind's metadata-free twin is built here from it.
    const routes = loadStatusCapture(join(data, 'kube-v1.36.3'));
    const set = routes.get('/openapi/v3/apis/stable.example.com/v1');
    const document = JSON.parse(String(set?.plain?.body));
    delete document.components.schemas['com.example.stable.v1.FreeForm'].properties.spec.properties;
    routes.set('/openapi/v3/apis/stable.example.com/v1', {
      plain: { status: 200, contentType: 'application/json', body: JSON.stringify(document) },
    });
    const open = await startReplayServer(routes);
    try {
      const result = await kapi(['freeforms.spec', '--server', open.url]);
      assert.equal(
        result.stdout,
        'GROUP:      stable.example.com\nKIND:       FreeForm\nVERSION:    v1\n\nFIELD: spec <Object>\npreserve-unknown-fields: true (fields not listed are kept)\n\n' +
          'DESCRIPTION:\n    Spec is free-form; any fields are kept.\n    \nFIELDS:\n  This schema allows any fields (x-kubernetes-preserve-unknown-fields, no properties listed).\n\n\n',
      );
    } finally {
      await open.close();
    }
  });
});

describe('explain on the k0s v1.21 capture (no /openapi/v3): kubectl v1.36.3 v2 output', () => {
  let server: ReplayServer;
  before(async () => {
    server = await startReplayServer(loadFolderCapture(join(data, 'k0s-v1.21.0-capture')));
  });
  after(() => server.close());
  const goldens = join(data, 'explain-kubectl-v1.36.3', 'k0s-v2');
  for (const file of readdirSync(goldens).filter((f) => f.endsWith('.txt'))) {
    const args = file
      .slice(0, -'.txt'.length)
      .split('_')
      .map((arg) => (arg === 'recursive' ? '--recursive' : arg));
    it(`kapi explain ${args.join(' ')} matches kubectl`, async () => {
      const result = await kapi([...args, '--server', server.url, '--kubectl-compat']);
      assert.equal(result.stdout, readFileSync(join(goldens, file), 'utf8'));
      assert.equal(result.code, 0);
    });
  }

  it('asks /openapi/v3 once, then reads /openapi/v2', async () => {
    const start = server.requests.length;
    await kapi(['pods', '--server', server.url]);
    assert.deepEqual(
      server.requests
        .slice(start)
        .filter((r) => r.path.startsWith('/openapi'))
        .map((r) => r.path),
      ['/openapi/v3?timeout=32s', '/openapi/v2?timeout=32s'],
    );
  });

  it('a kind missing from /openapi/v2 is a one-line error, exit 8', async () => {
    const result = await kapi(['pods', '--server', server.url, '--api-version=v2']);
    assert.equal(
      result.stderr.trim().split('\n').at(-1),
      'error: the server doesn\'t have a resource type "pods" in v2; pods is served in v1',
    );
    assert.equal(result.code, 8);
  });
});

describe('explain -o json|yaml: kapi.dev/v1 FieldExplanation, the explained resource under "target"', () => {
  const cases: Array<{ args: string[]; target: object; source: string; type: string }> = [
    {
      args: ['deployments.spec.strategy', '--snapshot', 'builtin'],
      target: { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', fieldPath: ['spec', 'strategy'] },
      source: 'openapi/v3',
      type: 'DeploymentStrategy',
    },
    {
      args: ['pods', '--snapshot', 'builtin', '--recursive'],
      target: { group: '', version: 'v1', resource: 'pods', kind: 'Pod', fieldPath: [] },
      source: 'openapi/v3',
      type: 'Object',
    },
    {
      args: ['pods.spec.containers', '--snapshot', 'builtin:v1.21.0-k0s'],
      target: { group: '', version: 'v1', resource: 'pods', kind: 'Pod', fieldPath: ['spec', 'containers'] },
      source: 'openapi/v2',
      type: '[]Object',
    },
  ];
  for (const { args, target, source, type } of cases) {
    it(`kapi explain ${args.join(' ')} -o json and -o yaml`, async () => {
      const json = await kapi([...args, '-o', 'json']);
      assert.equal(json.code, 0, json.stderr);
      const document = JSON.parse(json.stdout);
      assert.deepEqual(Object.keys(document).slice(0, 6), ['apiVersion', 'kind', 'target', 'source', 'type', 'required']);
      assert.deepEqual(
        { apiVersion: document.apiVersion, kind: document.kind, target: document.target, source: document.source, type: document.type },
        { apiVersion: 'kapi.dev/v1', kind: 'FieldExplanation', target, source, type },
      );
      const yaml = await kapi([...args, '-o', 'yaml']);
      assert.equal(yaml.code, 0, yaml.stderr);
      assert.match(yaml.stdout, /^apiVersion: kapi\.dev\/v1\nkind: FieldExplanation\ntarget:\n {2}group: /);
      assert.deepEqual(parseYaml(yaml.stdout), document);
    });
  }
});
