/**
 * The README's bad-input table, as data: each case says how it is provoked,
 * the exit code kapi must return and the first line it must print on stderr.
 * `bad-input.test.ts` runs every case; `npm run docs:bad-input` writes the
 * table into the README from this same list.
 *
 * Placeholders, in args, env, files and the expected stderr line:
 * `<server>` is the URL of a loopback server replaying a k0s v1.21 capture
 * (changed by `server`), `<dir>` a scratch folder holding `files`.
 */
import { ExitCode } from '../../src/errors.ts';
import { type RouteSet, statusRoute } from '../support/replay-server.ts';
import { badDocumentCases } from './bad-document-cases.ts';
import { hostileInputCases } from './hostile-input-cases.ts';

export interface BadInputCase {
  /** What is wrong, in a few words (the README's first column). */
  name: string;
  /** kapi's arguments. */
  args: string[];
  /** The command as the README shows it, when the arguments are too long to print. */
  shown?: string;
  env?: Record<string, string>;
  /** The capture the server replays: k0s v1.21 (legacy discovery) unless set. */
  capture?: 'kube-v1.36.3';
  /** Changes to the replayed capture; the server starts only when args or env use `<server>`. */
  server?: (routes: Map<string, RouteSet>) => void;
  /** Files written into `<dir>` before kapi runs. */
  files?: Record<string, string>;
  /** Anything else `<dir>` needs before kapi runs (a FIFO, a folder's mode or owner). */
  setup?: (dir: string) => void;
  exitCode: number;
  /** The first line of stderr, exactly. */
  stderr: string;
}

const apiServicesPath = '/apis/apiregistration.k8s.io/v1/apiservices';
const apiServicesForbidden =
  'apiservices.apiregistration.k8s.io is forbidden: User "system:anonymous" cannot list resource "apiservices" in API group "apiregistration.k8s.io" at the cluster scope';

export const badInputCases: BadInputCase[] = [
  // Flags and arguments: oclif's own errors, one line and exit 2.
  {
    name: 'unknown flag',
    args: ['api-resources', '--bogus'],
    exitCode: ExitCode.usage,
    stderr: "error: nonexistent flag: --bogus; see 'kapi api-resources --help'",
  },
  {
    name: 'missing argument',
    args: ['explain'],
    exitCode: ExitCode.usage,
    stderr: "error: missing 1 required arg: RESOURCE; see 'kapi explain --help'",
  },
  {
    name: 'missing arguments, named as the usage line names them',
    args: ['pipeline'],
    exitCode: ExitCode.usage,
    stderr: "error: missing 2 required args: VERB RESOURCE; see 'kapi pipeline --help'",
  },
  {
    name: 'value not among the options',
    args: ['api-resources', '-o', 'bogus'],
    exitCode: ExitCode.usage,
    stderr: "error: expected --output=bogus to be one of: wide, name, json, yaml, csv, markdown; see 'kapi api-resources --help'",
  },
  {
    name: 'unknown command',
    args: ['bogus'],
    exitCode: ExitCode.usage,
    stderr: "error: command bogus not found; see 'kapi --help'",
  },
  {
    name: 'misspelt command (the closest commands are suggested)',
    args: ['explian', 'pods'],
    exitCode: ExitCode.usage,
    stderr: 'error: command explian not found; did you mean "explain"?',
  },
  {
    name: 'help for an unknown command',
    args: ['help', 'explian'],
    exitCode: ExitCode.usage,
    stderr: 'error: command explian not found; did you mean "explain"?',
  },
  {
    name: 'missing required flag',
    args: ['atlas', '--snapshot', 'builtin'],
    exitCode: ExitCode.usage,
    stderr: "error: missing required flag --html; see 'kapi atlas --help'",
  },
  {
    name: 'atlas --html into a folder that does not exist',
    args: ['atlas', '--snapshot', 'builtin', '--html', '<dir>/missing/atlas.html'],
    exitCode: ExitCode.config,
    stderr: 'error: failed to write <dir>/missing/atlas.html: the folder <dir>/missing does not exist',
  },
  {
    name: 'atlas --html naming a folder',
    args: ['atlas', '--snapshot', 'builtin', '--html', '<dir>'],
    exitCode: ExitCode.config,
    stderr: 'error: failed to write <dir>: it is a folder',
  },
  {
    name: 'snapshot --output-dir naming a file',
    args: ['snapshot', '--snapshot', 'builtin', '--output-dir', '<dir>/file'],
    files: { file: '' },
    exitCode: ExitCode.config,
    stderr: 'error: failed to create <dir>/file: it exists and is not a folder',
  },
  {
    name: 'flag without its value',
    args: ['atlas', '--snapshot', 'builtin', '--html'],
    exitCode: ExitCode.usage,
    stderr: "error: flag --html expects a value; see 'kapi atlas --help'",
  },
  {
    name: 'completion without a shell',
    args: ['completion'],
    exitCode: ExitCode.usage,
    stderr: "error: name the shell: kapi completion bash|zsh|fish; see 'kapi completion --help'",
  },
  {
    name: 'explain path ending in two dots (one trailing dot is ignored, as kubectl ignores it)',
    args: ['explain', 'pods..', '--snapshot', 'builtin'],
    exitCode: ExitCode.usage,
    stderr: 'error: invalid resource "pods..": use RESOURCE[.GROUP][.field.path], with no empty segments',
  },
  {
    name: 'explain path of 20,000 segments (refused at once)',
    args: ['explain', `pods.${Array.from({ length: 20_000 }, () => 'spec').join('.')}`, '--snapshot', 'builtin'],
    shown: 'kapi explain pods.spec.spec.….spec --snapshot builtin',
    exitCode: ExitCode.usage,
    stderr: 'error: invalid resource: the path has 20001 segments; at most 256',
  },
  {
    name: 'explain path with empty segments',
    args: ['explain', '...', '--snapshot', 'builtin'],
    exitCode: ExitCode.usage,
    stderr: 'error: invalid resource "...": use RESOURCE[.GROUP][.field.path], with no empty segments',
  },
  {
    name: 'audit --target-version that is not a release',
    args: ['audit', '--snapshot', 'builtin', '--target-version', '1.x'],
    exitCode: ExitCode.usage,
    stderr: 'error: --target-version must be a Kubernetes release such as 1.32 or v1.32.0, got "1.x"',
  },
  {
    name: 'audit --target-version after the newest release kapi knows',
    args: ['audit', '--snapshot', 'builtin', '--target-version', '1.99'],
    exitCode: ExitCode.usage,
    stderr: 'error: --target-version 1.99 is newer than the newest release kapi knows, 1.37',
  },
  {
    name: 'lifecycle --removed-in that is not a release',
    args: ['lifecycle', '--removed-in', 'v1'],
    exitCode: ExitCode.usage,
    stderr: 'error: --removed-in must be a Kubernetes release such as 1.32 or v1.32.0, got "v1"',
  },
  {
    name: 'lifecycle GROUP/VERSION/KIND with an empty segment',
    args: ['lifecycle', 'apps//Deployment'],
    exitCode: ExitCode.usage,
    stderr: 'error: expected GROUP[/VERSION[/KIND]] (apps/v1/Deployment, v1/Pod, core/v1), got "apps//Deployment"',
  },
  {
    name: 'lifecycle of a group Kubernetes does not have',
    args: ['lifecycle', 'example.com/v1'],
    exitCode: ExitCode.notFound,
    stderr: 'error: no built-in kind matches "example.com/v1" (kapi lifecycle lists them all)',
  },

  // Configuration.
  {
    name: 'no kubeconfig anywhere',
    args: ['api-resources'],
    env: { KUBECONFIG: '', HOME: '<dir>' },
    exitCode: ExitCode.config,
    stderr:
      'error: no kubeconfig found (KUBECONFIG, ~/.kube/config or in-cluster): pass --kubeconfig or --server, or use --snapshot builtin to work offline',
  },
  {
    name: 'KUBECONFIG names a missing file',
    args: ['api-resources'],
    env: { KUBECONFIG: '<dir>/missing', HOME: '<dir>' },
    exitCode: ExitCode.config,
    stderr:
      'error: no kubeconfig found: KUBECONFIG names <dir>/missing, which does not exist: pass --kubeconfig or --server, or use --snapshot builtin to work offline',
  },
  {
    name: '--kubeconfig names a missing file',
    args: ['api-resources', '--kubeconfig', '<dir>/missing'],
    exitCode: ExitCode.config,
    stderr: 'error: failed to load kubeconfig <dir>/missing: the file does not exist',
  },
  {
    name: 'malformed kubeconfig',
    args: ['api-resources', '--kubeconfig', '<dir>/config'],
    files: { config: 'apiVersion: v1\nkind: Config\nclusters: [\n  bad\n' },
    exitCode: ExitCode.config,
    stderr: 'error: failed to load kubeconfig <dir>/config: unexpected end of the stream within a flow collection (5:1)',
  },
  {
    name: 'unknown context',
    args: ['api-resources', '--kubeconfig', '<dir>/config', '--context', 'nope'],
    files: { config: 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n' },
    exitCode: ExitCode.config,
    stderr: 'error: context "nope" does not exist in the kubeconfig',
  },
  {
    name: 'missing certificate authority file',
    args: ['api-resources', '--server', 'https://127.0.0.1:1', '--certificate-authority', '<dir>/ca.crt'],
    exitCode: ExitCode.config,
    stderr: 'error: failed to read the certificate authority <dir>/ca.crt: the file does not exist',
  },
  {
    name: 'certificate authority file holding no certificate',
    args: ['api-resources', '--server', 'https://127.0.0.1:1', '--certificate-authority', '<dir>/ca.crt'],
    files: { 'ca.crt': 'not a certificate\n' },
    exitCode: ExitCode.config,
    stderr: 'error: failed to load the certificate authority <dir>/ca.crt: it holds no PEM certificate',
  },
  {
    name: 'missing snapshot file',
    args: ['api-resources', '--snapshot', '<dir>/missing.json'],
    exitCode: ExitCode.config,
    stderr: 'error: failed to read snapshot <dir>/missing.json: no such file',
  },

  {
    name: 'server with a path but no scheme',
    args: ['api-resources', '--server', 'example.com:6443/prefix'],
    exitCode: ExitCode.config,
    stderr: 'error: invalid server "example.com:6443/prefix": host must be a URL or a host:port pair',
  },
  {
    name: '--as-group without --as',
    args: ['api-resources', '--server', '<server>', '--as-group', 'dev'],
    exitCode: ExitCode.usage,
    stderr: 'error: --as-group and --as-uid need --as: requesting uid or groups without impersonating a user',
  },

  // The server.
  {
    name: 'server given as host:port (http, as in kubectl)',
    args: ['api-resources', '--server', '127.0.0.1:1'],
    exitCode: ExitCode.unreachable,
    stderr:
      'error: failed to GET http://127.0.0.1:1/api?timeout=32s: connect ECONNREFUSED 127.0.0.1:1; is the cluster running? use --snapshot builtin to work offline',
  },
  {
    name: 'redirect loop',
    args: ['api-resources', '--server', '<server>'],
    server: (routes) => {
      routes.set('/api', { plain: { status: 302, contentType: 'text/plain', body: '', headers: { location: '/loop' } } });
      routes.set('/loop', { plain: { status: 302, contentType: 'text/plain', body: '', headers: { location: '/api' } } });
    },
    exitCode: ExitCode.server,
    stderr: 'error: failed to GET <server>/api: stopped after 10 redirects',
  },
  {
    name: 'server is down',
    args: ['api-resources', '--server', 'http://127.0.0.1:1'],
    exitCode: ExitCode.unreachable,
    stderr:
      'error: failed to GET http://127.0.0.1:1/api?timeout=32s: connect ECONNREFUSED 127.0.0.1:1; is the cluster running? use --snapshot builtin to work offline',
  },
  {
    name: 'server never answers',
    args: ['api-resources', '--server', '<server>', '--request-timeout', '1s'],
    server: (routes) => routes.set('/api', { plain: { status: 200, contentType: 'application/json', body: '', hang: true } }),
    exitCode: ExitCode.unreachable,
    stderr:
      'error: failed to GET <server>/api?timeout=1s: no response within 1s (--request-timeout); is the cluster running? use --snapshot builtin to work offline',
  },
  {
    name: '401 on /api',
    args: ['api-resources', '--server', '<server>'],
    server: (routes) => routes.set('/api', { plain: statusRoute(401, 'Unauthorized', 'Unauthorized') }),
    exitCode: ExitCode.auth,
    stderr:
      'error: failed to GET <server>/api?timeout=32s: 401 Unauthorized (the server rejected the credentials; check the kubeconfig user or --token)',
  },
  {
    name: '403 on /api (kubectl exits 1; the core group is not silently left out)',
    args: ['api-resources', '--server', '<server>'],
    server: (routes) =>
      routes.set('/api', { plain: statusRoute(403, 'Forbidden', 'forbidden: User "system:anonymous" cannot get path "/api"') }),
    exitCode: ExitCode.auth,
    stderr: 'error: failed to GET <server>/api?timeout=32s: 403 Forbidden: forbidden: User "system:anonymous" cannot get path "/api"',
  },
  {
    name: '403 on /apis',
    args: ['api-resources', '--server', '<server>'],
    server: (routes) =>
      routes.set('/apis', { plain: statusRoute(403, 'Forbidden', 'forbidden: User "system:anonymous" cannot get path "/apis"') }),
    exitCode: ExitCode.auth,
    stderr: 'error: failed to GET <server>/apis?timeout=32s: 403 Forbidden: forbidden: User "system:anonymous" cannot get path "/apis"',
  },
  {
    name: '403 listing APIServices (the user may list CRDs)',
    args: ['apiservices', '--server', '<server>'],
    capture: 'kube-v1.36.3',
    server: (routes) => routes.set(apiServicesPath, { plain: statusRoute(403, 'Forbidden', apiServicesForbidden) }),
    exitCode: ExitCode.auth,
    stderr: `error: failed to list APIServices: 403 Forbidden: ${apiServicesForbidden}`,
  },
  {
    name: 'doctor: 403 listing APIServices',
    args: ['doctor', '--server', '<server>'],
    capture: 'kube-v1.36.3',
    server: (routes) => routes.set(apiServicesPath, { plain: statusRoute(403, 'Forbidden', apiServicesForbidden) }),
    exitCode: ExitCode.auth,
    stderr: `error: failed to list apiservices: 403 Forbidden: ${apiServicesForbidden}; name an APIService or a group to check it without the list`,
  },
  {
    name: 'malformed JSON',
    args: ['api-resources', '--server', '<server>'],
    server: (routes) =>
      routes.set('/api', { plain: { status: 200, contentType: 'application/json', body: '{"kind": "APIVersions", "versions": [' } }),
    exitCode: ExitCode.server,
    stderr: 'error: failed to GET <server>/api?timeout=32s: the response is not valid JSON (Unexpected end of JSON input)',
  },
  {
    name: 'one group-version answers 503',
    args: ['api-resources', '--server', '<server>'],
    server: (routes) => routes.set('/apis/batch/v1', { plain: statusRoute(503, 'ServiceUnavailable', 'service unavailable') }),
    exitCode: ExitCode.partial,
    stderr: 'Warning: batch/v1 could not be discovered: 503 Service Unavailable: service unavailable',
  },
  {
    name: 'unknown resource',
    args: ['explain', 'nosuchthing', '--snapshot', 'builtin'],
    exitCode: ExitCode.notFound,
    stderr: 'error: the server doesn\'t have a resource type "nosuchthing"',
  },

  // Documents of the wrong shape, size limits, array/null resource lists, mixed discovery.
  ...badDocumentCases,

  // Hostile files, folders and credentials (issue 21).
  ...hostileInputCases,

  // kapi check: a manifest that cannot be read is a finding (exit 10), named on stderr; the other files are still checked.
  ...manifestCases(),
];

function manifestCases(): BadInputCase[] {
  const valid = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n';
  const check = (file: string) => ['check', `<dir>/${file}`, '<dir>/valid.yaml', '--snapshot', 'builtin'];
  let bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 0, previous = 'a'; i < 8; i++, previous = `b${i - 1}`) {
    bomb += `b${i}: &b${i} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
  }
  return [
    {
      name: 'kapi check: a file that is not YAML',
      args: check('broken.yaml'),
      files: { 'broken.yaml': 'apiVersion: v1\nkind: [unclosed\n', 'valid.yaml': valid },
      exitCode: ExitCode.auditFindings,
      stderr:
        'Warning: <dir>/broken.yaml:3: not checked: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    },
    {
      name: 'kapi check: a binary file',
      args: check('image.json'),
      files: { 'image.json': '\u0089PNG\r\n\u001a\n\u0000\u0000', 'valid.yaml': valid },
      exitCode: ExitCode.auditFindings,
      stderr: 'Warning: <dir>/image.json:1: not checked: a binary file (it holds a NUL byte at offset 8), not YAML or JSON',
    },
    {
      name: 'kapi check: a 100 MB file (over --max-manifest-bytes, 32Mi by default)',
      args: check('huge.yaml'),
      shown: 'kapi check <dir>/huge.yaml <dir>/valid.yaml --snapshot builtin',
      files: { 'huge.yaml': `# ${'x'.repeat(100 * 1000 * 1000)}\n`, 'valid.yaml': valid },
      exitCode: ExitCode.auditFindings,
      stderr: 'Warning: <dir>/huge.yaml:1: not checked: not read: larger than 32Mi (--max-manifest-bytes)',
    },
    {
      name: 'kapi check: a YAML alias bomb',
      args: check('bomb.yaml'),
      files: { 'bomb.yaml': bomb, 'valid.yaml': valid },
      exitCode: ExitCode.auditFindings,
      stderr: 'Warning: <dir>/bomb.yaml:1: not checked: its aliases expand past 100 nodes (a YAML alias bomb): not read',
    },
    {
      name: 'kapi check: objects nested 10,000 deep',
      args: check('deep.json'),
      files: { 'deep.json': `{"apiVersion":"v1","kind":"ConfigMap","data":${'['.repeat(10000)}${']'.repeat(10000)}}`, 'valid.yaml': valid },
      exitCode: ExitCode.auditFindings,
      stderr: 'Warning: <dir>/deep.json:1: not checked: nested deeper than 512 levels: not read',
    },
  ];
}
