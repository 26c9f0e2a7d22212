// kapi check against the real apiserver as the oracle. The corpus (test/data/check-corpus/cases)
// holds valid objects of built-in kinds, the harness CRDs, a CRD with a structural schema and
// CEL rules created here (test/data/check-corpus/crds.yaml), the aggregated wardle API, and
// mutations of them. Each case says what it expects ("# expect: accepted", "rejected schema"
// when the schema tells, "rejected other" when only Go validation does) and marks the offending
// line with "#<". The verdict is obtained on every run with the release-matched kubectl,
// `kubectl create --dry-run=server --validate=strict -f CASE`, and recorded, with that
// command, in test/data/check-corpus/verdicts.json (KAPI_UPDATE_VERDICTS=1 rewrites it).
//
// Asserted: the server agrees with each case's expectation; every object the server accepts
// gets no error from kapi; every schema-detectable rejection gets an error at the marked line;
// the same corpus against `kapi snapshot --with-schemas` of the cluster gives the same findings;
// a Helm 3 release written as Helm stores it (no Helm binary) is found using a removed API.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { ManifestCheck, ManifestFinding } from '../../src/check/findings.ts';
import {
  checkCorpusDir,
  type FormatVerdicts,
  formatVerdictsFile,
  installCheckCrd,
  judgeFormatValues,
  removeCheckCrd,
} from '../support/check-corpus.ts';
import { assertMatchesSchema } from '../support/json-schemas.ts';
import { kapi } from '../support/run-cli.ts';
import { announceSkip, type Cluster, e2eAvailability, kubectl, startCluster } from './cluster.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('check e2e', { skip }, () => {});

const corpusDir = checkCorpusDir;
const casesDir = join(corpusDir, 'cases');
const verdictsFile = join(corpusDir, 'verdicts.json');

interface Case {
  file: string;
  expect: 'accepted' | 'rejected schema' | 'rejected other';
  /** The 1-based line marked "#<". */
  line?: number;
}

interface Verdict {
  command: string;
  accepted: boolean;
  /** kubectl's stderr when the server rejected the object, without warnings. */
  reason?: string;
}

const cases: Case[] = readdirSync(casesDir)
  .filter((file) => file.endsWith('.yaml'))
  .sort()
  .map((file) => {
    const lines = readFileSync(join(casesDir, file), 'utf8').split('\n');
    const expect = /^# expect: (accepted|rejected schema|rejected other)$/.exec(lines[0] ?? '')?.[1] as Case['expect'] | undefined;
    if (!expect) throw new Error(`${file}: the first line must be "# expect: accepted|rejected schema|rejected other"`);
    const marked = lines.findIndex((line) => line.endsWith('#<'));
    return { file, expect, ...(marked >= 0 ? { line: marked + 1 } : {}) };
  });

describe('kapi check against the apiserver', { skip }, () => {
  let cluster: Cluster;
  let scratch: string;
  const verdicts = new Map<string, Verdict>();
  let formatVerdicts: FormatVerdicts['verdicts'];
  let live: ManifestCheck;

  const check = async (args: string[]) => {
    const result = await kapi(['check', ...args, '-o', 'json', '--fail-on', 'none'], {}, 180_000);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as ManifestCheck;
    assertMatchesSchema('check', report);
    return report;
  };
  const findingsOf = (report: ManifestCheck, file: string) => report.findings.filter((f) => f.file === join(casesDir, file));
  const describeFinding = (f: ManifestFinding) => `${f.line}:${f.column} ${f.severity} ${f.check} ${f.field ?? '-'}: ${f.message}`;

  before(async () => {
    cluster = await startCluster();
    scratch = mkdtempSync(join(tmpdir(), 'kapi-check-e2e-'));
    await installCheckCrd(cluster);
    for (const c of cases) {
      const args = ['create', '--dry-run=server', '--validate=strict', '-o', 'name', '-f', join(casesDir, c.file)];
      const r = await kubectl(cluster, args);
      const reason = r.stderr
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.startsWith('Warning:'))
        .join('\n');
      verdicts.set(c.file, {
        command: `kubectl ${args.slice(0, -1).join(' ')} cases/${c.file}`,
        accepted: r.code === 0,
        ...(r.code === 0 ? {} : { reason: (reason ?? '').replaceAll(casesDir, 'cases') }),
      });
    }
    if (process.env.KAPI_UPDATE_VERDICTS === '1') {
      const recorded = Object.fromEntries([...verdicts].map(([file, verdict]) => [file, verdict]));
      writeFileSync(
        verdictsFile,
        `${JSON.stringify({ server: 'kube-apiserver v1.36.3 (test/control-plane)', verdicts: recorded }, null, 2)}\n`,
      );
    }
    formatVerdicts = await judgeFormatValues(cluster);
    if (process.env.KAPI_UPDATE_VERDICTS === '1') {
      const recorded: FormatVerdicts = {
        server: 'kube-apiserver v1.36.3 (test/control-plane)',
        command: 'kubectl create --dry-run=server --validate=strict -o name -f - (a FormatSample per format, test/support/check-corpus.ts)',
        verdicts: formatVerdicts,
      };
      writeFileSync(formatVerdictsFile, `${JSON.stringify(recorded, null, 2)}\n`);
    }
    live = await check([casesDir, '--kubeconfig', cluster.kubeconfig]);
  });
  after(async () => {
    if (cluster) await removeCheckCrd(cluster);
    await cluster?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('the server agrees with what each case expects, as recorded in verdicts.json', () => {
    const disagreements = cases
      .filter((c) => verdicts.get(c.file)?.accepted !== (c.expect === 'accepted'))
      .map((c) => `${c.file}: expected ${c.expect}, the server ${JSON.stringify(verdicts.get(c.file))}`);
    assert.deepEqual(disagreements, []);
    const recorded = JSON.parse(readFileSync(verdictsFile, 'utf8')) as { verdicts: Record<string, Verdict> };
    assert.deepEqual(Object.fromEntries(verdicts), recorded.verdicts, 'verdicts.json is out of date: KAPI_UPDATE_VERDICTS=1');
  });

  it('the server judges the string-format values as format-verdicts.json records', () => {
    const recorded = JSON.parse(readFileSync(formatVerdictsFile, 'utf8')) as FormatVerdicts;
    assert.deepEqual(formatVerdicts, recorded.verdicts, 'format-verdicts.json is out of date: KAPI_UPDATE_VERDICTS=1');
  });

  it('no error from kapi on an object the server accepts', () => {
    const falseErrors = cases
      .filter((c) => verdicts.get(c.file)?.accepted)
      .flatMap((c) =>
        findingsOf(live, c.file)
          .filter((f) => f.severity === 'error')
          .map((f) => `${c.file} ${describeFinding(f)}`),
      );
    assert.deepEqual(falseErrors, []);
  });

  it('an error at the offending line for every rejection the schema can tell', () => {
    const missed = cases
      .filter((c) => c.expect === 'rejected schema' && verdicts.get(c.file)?.accepted === false)
      .filter((c) => !findingsOf(live, c.file).some((f) => f.severity === 'error' && f.line === c.line));
    const described = missed.map(
      (c) =>
        `${c.file}:${c.line} (${verdicts.get(c.file)?.reason}); kapi: ${findingsOf(live, c.file).map(describeFinding).join('; ') || 'nothing'}`,
    );
    assert.deepEqual(described, []);
  });

  it("kapi's message for each schema-detectable rejection is in the server's answer", () => {
    const differing = cases
      .filter((c) => c.expect === 'rejected schema' && verdicts.get(c.file)?.accepted === false)
      .filter((c) => findingsOf(live, c.file).some((f) => f.check === 'schema'))
      .filter((c) => {
        const reason = verdicts.get(c.file)?.reason ?? '';
        // Only schema findings: not-served findings say more than kubectl's "no matches for kind".
        const errors = findingsOf(live, c.file).filter((f) => f.severity === 'error' && f.line === c.line && f.check === 'schema');
        return !errors.some((f) => reason.includes(f.message));
      })
      .map(
        (c) =>
          `${c.file}: the server says ${JSON.stringify(verdicts.get(c.file)?.reason)}; kapi: ${findingsOf(live, c.file).map(describeFinding).join('; ')}`,
      );
    assert.deepEqual(differing, []);
  });

  it('a CEL rule kapi cannot evaluate is info, never an error', () => {
    const findings = findingsOf(live, 'bucket.yaml');
    assert.deepEqual(
      findings.map((f) => `${f.severity} ${f.check}`),
      findings.map(() => 'info schema'),
    );
  });

  it('deprecated versions are warned: the CRD version with its deprecationWarning', () => {
    assert.deepEqual(findingsOf(live, 'bucket-v1beta1.yaml').map(describeFinding), [
      '2:1 warning deprecated apiVersion: check.example.com/v1beta1 Bucket is deprecated (CRD buckets.check.example.com): "check.example.com/v1beta1 Bucket is deprecated; use check.example.com/v1"',
    ]);
  });

  it('removed versions name the release that removed them and what serves the kind instead', () => {
    assert.deepEqual(
      findingsOf(live, 'ingress-removed-version.yaml').map((f) => `${f.check}: ${f.message} (${f.hint})`),
      [
        'not-served: extensions/v1beta1 Ingress is not served by the cluster; Kubernetes 1.22 removed it; its replacement networking.k8s.io/v1 is served (change apiVersion to networking.k8s.io/v1)',
      ],
    );
  });

  it('offline against `kapi snapshot --with-schemas` of the same cluster: the same findings', async () => {
    const file = join(scratch, 'cluster.json');
    const snapshot = await kapi(['snapshot', '--with-schemas', '--kubeconfig', cluster.kubeconfig], {}, 180_000);
    assert.equal(snapshot.code, 0, snapshot.stderr);
    writeFileSync(file, snapshot.stdout);
    const offline = await check([casesDir, '--snapshot', file]);
    assert.deepEqual(offline.findings, live.findings);
    assert.deepEqual(offline.summary, live.summary);
  });

  it('--helm-releases: a deployed Helm 3 release using a removed API, written as Helm stores it', async () => {
    const manifest = [
      '---',
      '# Source: shop/templates/configmap.yaml',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: shop-settings',
      '---',
      '# Source: shop/templates/psp.yaml',
      'apiVersion: policy/v1beta1',
      'kind: PodSecurityPolicy',
      'metadata:',
      '  name: shop',
      '',
    ].join('\n');
    const release = { name: 'shop', namespace: 'default', version: 3, info: { status: 'deployed' }, manifest };
    // Helm's storage driver: the release JSON gzipped and base64-encoded into the secret's "release" key.
    const stored = gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'helm.sh/release.v1',
      metadata: {
        name: 'sh.helm.release.v1.shop.v3',
        namespace: 'default',
        labels: { owner: 'helm', name: 'shop', status: 'deployed', version: '3' },
      },
      data: { release: Buffer.from(stored).toString('base64') },
    };
    const secretFile = join(scratch, 'release.json');
    writeFileSync(secretFile, JSON.stringify(secret));
    const created = await kubectl(cluster, ['create', '-f', secretFile]);
    assert.equal(created.code, 0, created.stderr);
    try {
      const report = await check(['--helm-releases', '--kubeconfig', cluster.kubeconfig]);
      assert.deepEqual(
        report.findings.map((f) => `${f.file}:${f.line} ${f.kind}/${f.name} ${f.severity} ${f.check}`),
        ['helm-release/default/shop/3:9 PodSecurityPolicy/shop error not-served'],
      );
      const namespaced = await check(['--helm-releases', '-n', 'kube-system', '--kubeconfig', cluster.kubeconfig]);
      assert.deepEqual(namespaced.findings, []);
      const viewer = await check(['--helm-releases', '--kubeconfig', cluster.kubeconfig, '--context', 'viewer']);
      assert.deepEqual(
        viewer.findings.map((f) => `${f.file} ${f.severity} ${f.check}`),
        ['helm-release/* warning helm-release-unreadable'],
      );
      assert.match(viewer.findings[0]?.message ?? '', /^the Helm releases of every namespace cannot be read: .*403 Forbidden/);
    } finally {
      await kubectl(cluster, ['delete', '-f', secretFile]);
    }
  });
});
