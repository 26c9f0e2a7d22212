import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  type CommandSpec,
  type Completion,
  type CompletionData,
  complete,
  Directive,
  formatCompletion,
  loadLifecycleCandidates,
} from '../../src/completion/candidates.js';
import { fieldCandidates, kubeconfigNames, resourceCandidates, sessionFlags } from '../../src/completion/data.js';
import { completionScript } from '../../src/completion/scripts.js';
import type { OpenApiV3Document, OpenApiV3Index } from '../../src/openapi/documents.js';
import type { SchemaSource } from '../../src/openapi/load.js';
import { groupVersionStrings } from '../../src/surface/query.js';
import { captureSurface } from '../support/surfaces.ts';

/** The real v1.36.3 capture (CRDs, aggregated wardle) as completion's data source. */
const surface = captureSurface('kube-v1.36.3');
const capture = (path: string) => JSON.parse(readFileSync(new URL(`../data/kube-v1.36.3/openapi/v3/${path}`, import.meta.url), 'utf8'));
const captureSource: SchemaSource = {
  async v3Index() {
    return capture('index.json') as OpenApiV3Index;
  },
  async v3Document(index, key) {
    return index.paths[key] ? (capture(`${key}.json`) as OpenApiV3Document) : undefined;
  },
  async v2Document() {
    throw new Error('not used');
  },
};
const data: CompletionData = {
  resources: async () => resourceCandidates(surface),
  fields: (_flags, parent) => fieldCandidates(surface, captureSource, parent),
  apiVersions: async () => groupVersionStrings(surface, { preferredOnly: false }),
  kubeconfigNames: async (_flags, kind) => ({ contexts: ['dev', 'prod'], clusters: ['c1'], users: ['admin'] })[kind],
  builtinSnapshots: () => ['v1.21.0-k0s', 'v1.36.3'],
  lifecycle: loadLifecycleCandidates,
};

/** A manifest like oclif's: the global flags on every command but `completion`. */
const global = {
  snapshot: { name: 'snapshot', type: 'option' },
  context: { name: 'context', type: 'option', summary: 'The name of the kubeconfig context to use.' },
  'insecure-skip-tls-verify': { name: 'insecure-skip-tls-verify', type: 'boolean' },
  namespace: { name: 'namespace', type: 'option', char: 'n' },
} as const;
const commands: CommandSpec[] = [
  {
    id: 'explain',
    summary: 'Describe the fields of a resource.',
    args: ['resource'],
    flags: {
      ...global,
      output: { name: 'output', type: 'option', char: 'o', options: ['plaintext', 'json', 'yaml'] },
      recursive: { name: 'recursive', type: 'boolean', char: 'R' },
      'api-version': { name: 'api-version', type: 'option' },
    },
  },
  { id: 'uri', summary: 'Print the REST path.', args: ['resource', 'name'], flags: { ...global } },
  { id: 'diff', summary: 'Compare two surfaces.', args: ['from', 'to'], flags: { ...global } },
  { id: 'pipeline', summary: "Show a request's path.", args: ['verb', 'resource', 'name'], flags: { ...global } },
  { id: 'api-resources', summary: 'List resources.\nMore.', args: [], flags: { ...global } },
  { id: 'completion', summary: 'Print a completion script.', args: ['shell'], flags: {} },
  {
    id: 'lifecycle',
    summary: 'Show when each built-in kind was introduced, deprecated and removed.',
    args: ['kinds'],
    flags: { 'removed-in': { name: 'removed-in', type: 'option' }, 'deprecated-in': { name: 'deprecated-in', type: 'option' } },
  },
  { id: 'secret', hidden: true, args: [], flags: {} },
];
const run = (...words: string[]) => complete(words, commands, data);
const values = (completion: Completion) => completion.candidates.map((c) => c.value);

describe('completion candidates (v1.36.3 capture)', () => {
  it('completes commands, first line of their summary, hidden ones left out', async () => {
    assert.deepEqual(await run(''), {
      candidates: [
        { value: 'explain', description: 'Describe the fields of a resource.' },
        { value: 'uri', description: 'Print the REST path.' },
        { value: 'diff', description: 'Compare two surfaces.' },
        { value: 'pipeline', description: "Show a request's path." },
        { value: 'api-resources', description: 'List resources.' },
        { value: 'completion', description: 'Print a completion script.' },
        { value: 'lifecycle', description: 'Show when each built-in kind was introduced, deprecated and removed.' },
      ],
      directive: Directive.noFileComp,
    });
    assert.deepEqual(values(await run('--snapshot', 'builtin', 'ex')), ['explain']);
    assert.deepEqual(values(await run('--insecure-skip-tls-verify', '-n', 'kube-system', 'u')), ['uri']);
  });

  it('completes resource names as explain takes them, CRDs and aggregated ones included', async () => {
    assert.deepEqual(await run('explain', 'flu'), {
      candidates: [{ value: 'flunders.wardle.example.com', description: 'Flunder (wardle.example.com/v1alpha1)' }],
      directive: Directive.noFileComp,
    });
    assert.deepEqual(values(await run('uri', 'cront')), ['crontabs.stable.example.com']);
    assert.deepEqual(values(await run('explain', 'deployments')), ['deployments.apps']);
    assert.equal(values(await run('explain', '')).length, resourceCandidates(surface).filter((c) => !c.afterDot).length);
    assert.deepEqual(values(await run('uri', 'pods', '')), [], 'no candidates for a NAME');
  });

  it("completes pipeline's VERB, then its RESOURCE as explain takes it, and no NAME", async () => {
    assert.deepEqual(await run('pipeline', ''), {
      candidates: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'].map((value) => ({ value })),
      directive: Directive.noFileComp,
    });
    assert.deepEqual(values(await run('pipeline', 'de')), ['delete', 'deletecollection']);
    assert.deepEqual(values(await run('pipeline', 'create', 'flu')), ['flunders.wardle.example.com']);
    assert.deepEqual(values(await run('-n', 'default', 'pipeline', 'update', 'deployments.v')), ['deployments.v1.apps']);
    assert.deepEqual(values(await run('pipeline', 'create', 'pods.')), [], 'pipeline takes no field path');
    assert.deepEqual(values(await run('pipeline', 'create', 'pods', '')), [], 'no candidates for a NAME');
  });

  it('completes RESOURCE.VERSION.GROUP once a dot is typed, and fields after it (issue 21, item 13)', async () => {
    assert.deepEqual(values(await run('explain', 'deployments.')).slice(0, 2), ['deployments.apps', 'deployments.v1.apps']);
    assert.deepEqual(values(await run('uri', 'horizontalpodautoscalers.v')), [
      'horizontalpodautoscalers.v2.autoscaling',
      'horizontalpodautoscalers.v1.autoscaling',
    ]);
    assert.deepEqual(values(await run('explain', 'crontabs.v1beta1.stable.example.com.sp')), ['crontabs.v1beta1.stable.example.com.spec']);
    assert.deepEqual(values(await run('explain', 'deploy.v1.apps.spec.rep')), ['deploy.v1.apps.spec.replicas']);
    assert.deepEqual(values(await run('explain', 'Deployment.apps.spec.rep')), ['Deployment.apps.spec.replicas']);
    assert.ok(!values(await run('explain', 'dep')).includes('deployments.v1.apps'), 'a bare word lists one name per resource');
  });

  it('completes field paths one level at a time, with no space after them', async () => {
    assert.deepEqual(await run('explain', 'deployments.apps.spec.rep'), {
      candidates: [{ value: 'deployments.apps.spec.replicas', description: '<integer>' }],
      directive: Directive.noSpace | Directive.noFileComp,
    });
    assert.deepEqual(values(await run('explain', 'pods.')), ['pods.apiVersion', 'pods.kind', 'pods.metadata', 'pods.spec', 'pods.status']);
    assert.deepEqual(values(await run('explain', 'deployments.ap')), ['deployments.apps', 'deployments.apiVersion']);
    assert.deepEqual(values(await run('explain', 'pods.spec.containers.ima')), [
      'pods.spec.containers.image',
      'pods.spec.containers.imagePullPolicy',
    ]);
    assert.deepEqual(values(await run('explain', 'flunders.wardle.example.com.spec.')), [
      'flunders.wardle.example.com.spec.reference',
      'flunders.wardle.example.com.spec.referenceType',
    ]);
    assert.deepEqual(values(await run('explain', 'crontabs.spec.')), [
      'crontabs.spec.cronSpec',
      'crontabs.spec.image',
      'crontabs.spec.replicas',
    ]);
    assert.deepEqual(values(await run('explain', 'nosuch.sp')), []);
    assert.deepEqual(values(await run('uri', 'pods.')), [], 'uri takes no field path');
  });

  it('completes flags, and the values of flags', async () => {
    assert.deepEqual(values(await run('explain', '--o')), ['--output']);
    assert.deepEqual(values(await run('explain', '--recursive', '--re')), [], 'a boolean flag already given is not offered again');
    assert.deepEqual(await run('--con'), {
      candidates: [{ value: '--context', description: 'The name of the kubeconfig context to use.' }],
      directive: Directive.noFileComp,
    });
    assert.deepEqual(values(await run('explain', '-o', '')), ['plaintext', 'json', 'yaml']);
    assert.deepEqual(values(await run('explain', '--output=y')), ['--output=yaml']);
    assert.deepEqual(values(await run('--context', '')), ['dev', 'prod']);
    assert.deepEqual(values(await run('explain', '--api-version', 'wardle')), ['wardle.example.com/v1alpha1']);
    assert.deepEqual(await run('--snapshot', 'builtin:'), {
      candidates: [{ value: 'builtin:v1.21.0-k0s' }, { value: 'builtin:v1.36.3' }],
      directive: Directive.default,
    });
    assert.deepEqual(values(await run('diff', 'builtin', '')), [
      'builtin',
      'builtin:v1.21.0-k0s',
      'builtin:v1.36.3',
      'live',
      'context:dev',
      'context:prod',
    ]);
    assert.deepEqual(values(await run('completion', '')), ['bash', 'zsh', 'fish']);
    const check = { id: 'check', summary: 'Check manifests.', args: ['path'], flags: { ...global } };
    assert.deepEqual(await complete(['check', 'a.yaml', 'dir/', ''], [check], data), { candidates: [], directive: Directive.default });
    assert.deepEqual(values(await run('explain', '--', '-x')), [], 'after -- a dash starts an argument');
  });

  it("completes lifecycle's GROUP[/VERSION[/KIND]] a segment at a time, and its releases; no connection flags there", async () => {
    assert.deepEqual(await run('lifecycle', 'apps/v1beta'), {
      candidates: [{ value: 'apps/v1beta1' }, { value: 'apps/v1beta2' }],
      directive: Directive.noSpace | Directive.noFileComp,
    });
    assert.deepEqual(await run('lifecycle', 'core/v1/Po'), {
      candidates: [{ value: 'core/v1/Pod' }, { value: 'core/v1/PodStatusResult' }, { value: 'core/v1/PodTemplate' }],
      directive: Directive.noFileComp,
    });
    assert.deepEqual(values(await run('lifecycle', 'co')), ['core', 'coordination.k8s.io'], "in the data's order: the core group first");
    const releases = values(await run('lifecycle', '--removed-in', '1.2'));
    assert.ok(
      releases.includes('1.22') && releases.includes('1.25') && releases.every((release) => release.startsWith('1.2')),
      releases.join(),
    );
    assert.deepEqual(values(await run('lifecycle', '--co')), [], 'lifecycle reads no cluster');
    assert.deepEqual(values(await run('--con')), ['--context'], 'the global flags are still those of the commands that take them');
  });

  it("prints cobra's protocol: value<TAB>description lines, then :directive", () => {
    const completion = { candidates: [{ value: 'pods', description: 'Pod\t(v1)\n' }, { value: 'x' }], directive: 6 };
    assert.equal(formatCompletion(completion, { descriptions: true }), 'pods\tPod (v1)\nx\n:6\n');
    assert.equal(formatCompletion(completion, { descriptions: false }), 'pods\nx\n:6\n');
    assert.equal(formatCompletion({ candidates: [], directive: 4 }, { descriptions: true }), ':4\n');
  });

  it("reads kubeconfig names from kubectl's files", () => {
    const file = new URL('../data/kubeconfig-completion.yaml', import.meta.url).pathname;
    assert.deepEqual(kubeconfigNames({ kubeconfig: file }, 'contexts', {}), ['kind-dev', 'prod']);
    const dir = new URL('../data/', import.meta.url).pathname;
    const missing = `${dir}no-such-kubeconfig`;
    assert.deepEqual(
      kubeconfigNames({}, 'users', { KUBECONFIG: `${missing}:${dir}:${file}` }),
      ['admin'],
      'missing files and folders are skipped',
    );
  });

  it("fills the session's flags from the words, the environment and the manifest's defaults", () => {
    const specs = {
      snapshot: { name: 'snapshot', type: 'option' },
      'max-file-bytes': { name: 'max-file-bytes', type: 'option', default: '256Mi', env: 'KAPI_MAX_FILE_BYTES' },
      'insecure-skip-tls-verify': { name: 'insecure-skip-tls-verify', type: 'boolean' },
      'as-group': { name: 'as-group', type: 'option', multiple: true },
      discovery: { name: 'discovery', type: 'option', default: 'auto' },
      v: { name: 'v', type: 'option', default: 0 },
    } as const;
    assert.deepEqual(
      sessionFlags({ snapshot: 'builtin', 'insecure-skip-tls-verify': 'true', 'as-group': 'dev', v: '9' }, specs, {
        KAPI_MAX_FILE_BYTES: '1Mi',
      }),
      {
        snapshot: 'builtin',
        'max-file-bytes': '1Mi',
        'insecure-skip-tls-verify': true,
        'as-group': ['dev'],
        discovery: 'auto',
        v: 0,
        'request-timeout': '5s',
        trace: undefined,
      },
    );
  });

  it('names the function after the program in each script', () => {
    assert.match(completionScript('bash'), /^complete -F _kapi_complete kapi$/m);
    assert.match(completionScript('zsh', 'kubectl-kapi'), /^ {2}compdef _kubectl_kapi kubectl-kapi$/m);
    assert.match(completionScript('fish'), /^complete -c kapi -f -a '\(__kapi_complete\)'$/m);
  });
});
