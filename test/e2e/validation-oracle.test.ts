// src/validation judged by the real apiserver: every object of the corpus
// (test/support/validation-corpus.ts) is validated by kapi against the
// schemas this v1.36.3 apiserver publishes, and sent to it with
// `kubectl create --dry-run=server --validate=strict`. The server must accept
// exactly the objects kapi finds no error in (apart from the few the corpus
// marks as Go-validation-only rejections), and its answer must contain each
// of kapi's errors (field path and message), or the wording the corpus notes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CompiledSchema, compileSchema } from '../../src/validation/index.ts';
import { fieldPathText } from '../../src/validation/paths.ts';
import { corpus } from '../support/validation-corpus.ts';
import { announceSkip, type Cluster, e2eAvailability, kubectl, repoRoot, run, startCluster } from './cluster.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('validation oracle e2e', { skip }, () => {});

const crdManifest = join(repoRoot, 'test', 'data', 'validation', 'probe-crd.yaml');

const schemaSources = {
  Deployment: ['/openapi/v3/apis/apps/v1', 'io.k8s.api.apps.v1.Deployment', 'native'],
  Pod: ['/openapi/v3/api/v1', 'io.k8s.api.core.v1.Pod', 'native'],
  Service: ['/openapi/v3/api/v1', 'io.k8s.api.core.v1.Service', 'native'],
  ConfigMap: ['/openapi/v3/api/v1', 'io.k8s.api.core.v1.ConfigMap', 'native'],
  LimitRange: ['/openapi/v3/api/v1', 'io.k8s.api.core.v1.LimitRange', 'native'],
  Role: ['/openapi/v3/apis/rbac.authorization.k8s.io/v1', 'io.k8s.api.rbac.v1.Role', 'native'],
  Probe: ['/openapi/v3/apis/val.example.com/v1', 'com.example.val.v1.Probe', 'crd'],
} as const;

/** Errors the server gives while decoding: their text has no field path in front. */
function isDecodeError(message: string): boolean {
  return /^(unknown field|json: |quantities must|parsing time|illegal base64)/.test(message);
}

describe('src/validation against kubectl create --dry-run=server --validate=strict', { skip }, () => {
  let cluster: Cluster;
  const schemas = new Map<string, CompiledSchema>();

  before(async () => {
    cluster = await startCluster();
    for (const args of [
      ['apply', '-f', crdManifest],
      ['wait', '--for=condition=Established', 'crd/probes.val.example.com'],
    ]) {
      const r = await kubectl(cluster, args);
      assert.equal(r.code, 0, r.stderr);
    }
    const documents = new Map<string, unknown>();
    for (const [kind, [path, name, servedBy]] of Object.entries(schemaSources)) {
      let document = documents.get(path) as { components?: { schemas?: Record<string, unknown> } } | undefined;
      const deadline = Date.now() + 60_000;
      while (!document?.components?.schemas?.[name]) {
        if (Date.now() > deadline) throw new Error(`${path} never published ${name}`);
        const r = await kubectl(cluster, ['get', '--raw', path]);
        if (r.code === 0) document = JSON.parse(r.stdout);
        if (!document?.components?.schemas?.[name]) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      documents.set(path, document);
      schemas.set(kind, compileSchema({ document, schema: document.components.schemas[name], source: 'openapi/v3', servedBy }));
    }
  });
  after(async () => {
    if (cluster) await kubectl(cluster, ['delete', '--ignore-not-found', '-f', crdManifest]);
    await cluster?.stop();
  });

  for (const entry of corpus) {
    it(entry.name, async () => {
      const compiled = schemas.get(entry.schema);
      assert.ok(compiled);
      const issues = compiled.validate(entry.object);
      // The live schema gives what the unit test pins on the captured one.
      assert.deepEqual(
        issues.map((issue) => [issue.path.join('.'), issue.rule, issue.severity, issue.message]),
        entry.issues,
      );
      const errors = issues.filter((issue) => issue.severity === 'error');
      const answer = await run(
        cluster.kubectl,
        [`--kubeconfig=${cluster.kubeconfig}`, '--context=admin', 'create', '--dry-run=server', '--validate=strict', '-f', '-'],
        { input: JSON.stringify(entry.object) },
      );
      const said = `${answer.stdout}${answer.stderr}`;
      if (errors.length === 0 && entry.serverOnly === undefined) {
        assert.equal(answer.code, 0, `kapi finds no error but the server rejects:\n${said}`);
        return;
      }
      assert.notEqual(answer.code, 0, `kapi reports errors but the server accepts:\n${said}`);
      const expected =
        entry.serverSays ??
        (entry.serverOnly !== undefined
          ? [entry.serverOnly]
          : errors.map((issue) => (isDecodeError(issue.message) ? issue.message : `${fieldPathText(issue.path)}: ${issue.message}`)));
      for (const text of expected) assert.ok(said.includes(text), `the server's answer lacks ${JSON.stringify(text)}:\n${said}`);
    });
  }
});
