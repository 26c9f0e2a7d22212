// audit, doctor and snapshot over several clusters: --all-contexts and repeated --context
// on a kubeconfig whose contexts point at the harness (admin, viewer) and at a
// dead port (dead). Clusters are checked concurrently; the dead one is a row
// of the matrix, not an abort.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { tabwrite } from '../../src/render/tabwriter.ts';
import { keepScreenshot, launchChromium, openPage, screenshotDir } from '../support/chromium.ts';
import { assertMatchesSchema } from '../support/json-schemas.ts';
import { sarifErrors, validateJunit } from '../support/report-schemas.ts';
import { kapi } from '../support/run-cli.ts';
import { announceSkip, type Cluster, e2eAvailability, run, startCluster } from './cluster.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('fleet e2e', { skip }, () => {});

describe('several contexts on a real control plane', { skip }, () => {
  let cluster: Cluster;
  let dir = '';
  let kubeconfig = '';
  before(async () => {
    cluster = await startCluster({ broken: true });
    dir = await mkdtemp(join(tmpdir(), 'kapi-fleet-'));
    kubeconfig = join(dir, 'kubeconfig');
    const k = (args: string[]) => run(cluster.kubectl, [`--kubeconfig=${cluster.kubeconfig}`, ...args]);
    const view = await k(['config', 'view', '--raw']);
    assert.equal(view.code, 0, view.stderr);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(kubeconfig, view.stdout, { mode: 0o600 });
    const user = (
      await run(cluster.kubectl, [`--kubeconfig=${kubeconfig}`, 'config', 'view', '-o', 'jsonpath={.contexts[0].context.user}'])
    ).stdout;
    for (const args of [
      ['config', 'set-cluster', 'dead', '--server=https://127.0.0.1:1'],
      ['config', 'set-context', 'dead', '--cluster=dead', `--user=${user}`],
    ]) {
      const r = await run(cluster.kubectl, [`--kubeconfig=${kubeconfig}`, ...args]);
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(async () => {
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('audit --all-contexts: a section per context and the matrix; the dead cluster is an error row; exit 10', async () => {
    const r = await kapi(['audit', '--all-contexts', '--reference', 'none', '--fail-on', 'error', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 10, r.stderr);
    assert.deepEqual(
      r.stdout.split('\n').filter((line) => line.startsWith('== ')),
      ['== context admin ==', '== context dead ==', '== context viewer =='],
    );
    assert.match(
      r.stdout,
      /\n== context dead ==\nnot checked: failed to GET https:\/\/127\.0\.0\.1:1\/api\?timeout=32s: connect ECONNREFUSED 127\.0\.0\.1:1\n/,
    );
    assert.ok(
      r.stdout.endsWith(
        'CONTEXT   ERRORS   WARNINGS   INFO   RESULT\nadmin     2        3          1      fail\ndead      -        -          -      error\nviewer    1        1          2      fail\n',
      ),
      r.stdout,
    );
    assert.match(r.stderr, /^Notice: context viewer: the user may not get \/metrics: deprecated APIs requested by clients are unknown$/m);
  });

  it('audit -o json: items with a report or an error per context', async () => {
    const r = await kapi([
      'audit',
      '--context',
      'admin',
      '--context',
      'dead',
      '--reference',
      'none',
      '-o',
      'json',
      '--kubeconfig',
      kubeconfig,
    ]);
    assert.equal(r.code, 10, r.stderr);
    const document = JSON.parse(r.stdout) as { items: Array<{ context: string; report?: { summary: unknown }; error?: string }> };
    assertMatchesSchema('audit-fleet', document);
    assert.deepEqual(
      document.items.map((item) => [item.context, item.report?.summary ?? item.error]),
      [
        ['admin', { error: 2, warning: 3, info: 1, total: 6 }],
        ['dead', 'failed to GET https://127.0.0.1:1/api?timeout=32s: connect ECONNREFUSED 127.0.0.1:1'],
      ],
    );
  });

  it('doctor -o json with repeated --context: items with results or an error per context', async () => {
    const r = await kapi(['doctor', '--context', 'admin', '--context', 'dead', '-o', 'json', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 10, r.stderr);
    const document = JSON.parse(r.stdout) as {
      items: Array<{ context: string; results?: Array<{ apiService: string; status: string }>; error?: string }>;
    };
    assertMatchesSchema('doctor-fleet', document);
    assert.deepEqual(
      document.items.map((item) => [item.context, item.results?.map((result) => `${result.apiService} ${result.status}`) ?? item.error]),
      [
        ['admin', ['v1.broken.example.com fail', 'v1alpha1.wardle.example.com warn']],
        ['dead', 'failed to GET https://127.0.0.1:1/api?timeout=32s: connect ECONNREFUSED 127.0.0.1:1'],
      ],
    );
  });

  it('doctor with repeated --context: the matrix', async () => {
    const r = await kapi(['doctor', '--context', 'admin', '--context', 'dead', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 10, r.stderr);
    assert.ok(
      r.stdout.endsWith(
        'CONTEXT   APISERVICES   OK    WARN   FAIL   RESULT\nadmin     2             0     1      1      fail\ndead      -             -     -      -      error\n',
      ),
      r.stdout,
    );
  });

  it('snapshot --all-contexts --output-dir: one file per context, the matrix on stdout; the dead cluster is an error row; exit 3', async () => {
    const out = join(dir, 'snapshots');
    const r = await kapi(['snapshot', '--all-contexts', '--output-dir', out, '--kubeconfig', kubeconfig]);
    const server = cluster.server;
    assert.equal(r.code, 3, r.stderr);
    assert.equal(
      r.stdout,
      tabwrite(
        [
          'CONTEXT\tSERVER\tVERSION\tGROUPS\tRESOURCES\tRESULT\tFILE',
          `admin\t${server}\tv1.36.3\t26\t75\tpartial\t${join(out, 'admin.json')}`,
          // A cluster that cannot be read keeps the server its context names (9ffd555).
          'dead\thttps://127.0.0.1:1\t-\t-\t-\terror\t-',
          `viewer\t${server}\tv1.36.3\t26\t75\tpartial\t${join(out, 'viewer.json')}`,
          '',
        ].join('\n'),
      ),
    );
    assert.deepEqual(readdirSync(out).sort(), ['admin.json', 'viewer.json']);
    assert.equal(
      r.stderr,
      'Warning: context admin: broken.example.com/v1 could not be discovered: stale in aggregated discovery (its API server is unavailable)\n' +
        'error: context dead: not captured: failed to GET https://127.0.0.1:1/api?timeout=32s: connect ECONNREFUSED 127.0.0.1:1\n' +
        'Warning: context viewer: broken.example.com/v1 could not be discovered: stale in aggregated discovery (its API server is unavailable)\n' +
        'Notice: context viewer: served-by is unknown: the user may not list apiservices.apiregistration.k8s.io; the user may not list customresourcedefinitions.apiextensions.k8s.io\n',
    );
    // Each file is the snapshot `kapi snapshot --context X` prints, and reads back offline.
    const admin = JSON.parse(readFileSync(join(out, 'admin.json'), 'utf8')) as { kind: string; surface: { source: { context: string } } };
    assert.equal(admin.kind, 'ApiSurfaceSnapshot');
    assert.equal(admin.surface.source.context, 'admin');
    const offline = await kapi(['api-versions', '--snapshot', join(out, 'viewer.json')]);
    // The snapshot keeps the broken group-version's failure: offline answers are partial (exit 3) as the live one was.
    assert.equal(offline.code, 3, offline.stderr);
    assert.equal(
      offline.stderr,
      'Warning: broken.example.com/v1 could not be discovered: stale in aggregated discovery (its API server is unavailable)\n',
    );
    assert.match(offline.stdout, /^wardle\.example\.com\/v1alpha1$/m);
  });

  it('snapshot with several contexts and no --output-dir is a usage error (exit 2), before any cluster is read', async () => {
    const r = await kapi(['snapshot', '--context', 'admin', '--context', 'viewer', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'error: with several contexts, snapshot writes one file per context: pass --output-dir DIR\n');
    assert.equal(r.stdout, '');
  });

  const fleetAudit = (args: string[]) =>
    kapi([
      'audit',
      '--context',
      'admin',
      '--context',
      'dead',
      '--context',
      'viewer',
      '--reference',
      'none',
      '--kubeconfig',
      kubeconfig,
      ...args,
    ]);

  it('audit -o junit: one test suite per context, the dead one an <error>; valid against the JUnit XSD', async () => {
    const r = await fleetAudit(['-o', 'junit']);
    assert.equal(r.code, 10, r.stderr);
    validateJunit(r.stdout);
    const server = cluster.server;
    assert.deepEqual(
      [
        ...r.stdout.matchAll(/<testsuite package="kapi.audit" id="\d+" name="([^"]+)"[^>]* tests="(\d+)" failures="(\d+)" errors="(\d+)"/g),
      ].map((m) => m.slice(1).join(' ')),
      // One passing test case per check without a finding: 13 and 12 since the deprecated-upstream check (0faea12).
      [`kapi audit context admin (${server}) 13 2 0`, 'kapi audit context dead 1 0 1', `kapi audit context viewer (${server}) 12 1 0`],
    );
    assert.match(
      r.stdout,
      /<error type="unreachable" message="failed to GET https:\/\/127\.0\.0\.1:1\/api\?timeout=32s: connect ECONNREFUSED 127\.0\.0\.1:1">/,
    );
  });

  it('audit -o sarif: one run per context, the dead one a failed invocation; valid against the SARIF 2.1.0 schema', async () => {
    const r = await fleetAudit(['-o', 'sarif']);
    assert.equal(r.code, 10, r.stderr);
    const sarif = JSON.parse(r.stdout);
    assert.deepEqual(sarifErrors(sarif), []);
    assert.deepEqual(
      sarif.runs.map(
        (run: { automationDetails: { id: string }; results: unknown[]; invocations?: Array<{ executionSuccessful: boolean }> }) => [
          run.automationDetails.id,
          run.results.length,
          run.invocations?.[0]?.executionSuccessful ?? true,
        ],
      ),
      [
        ['kapi-audit/admin/', 6, true],
        ['kapi-audit/dead/', 0, false],
        ['kapi-audit/viewer/', 4, true],
      ],
    );
  });

  it('audit -o markdown: a section per context, then the matrix', async () => {
    const r = await fleetAudit(['-o', 'markdown']);
    assert.equal(r.code, 10, r.stderr);
    assert.deepEqual(
      r.stdout.split('\n').filter((line) => line.startsWith('## ')),
      ['## context admin', '## context dead', '## context viewer', '## Matrix'],
    );
    assert.ok(
      r.stdout.endsWith(`## Matrix

| CONTEXT | ERRORS | WARNINGS | INFO | RESULT |
| --- | --- | --- | --- | --- |
| admin | 2 | 3 | 1 | fail |
| dead | - | - | - | error |
| viewer | 1 | 1 | 2 | fail |
`),
      r.stdout,
    );
    assert.match(
      r.stdout,
      /\n## context dead\n\nnot checked: failed to GET https:\/\/127\.0\.0\.1:1\/api\?timeout=32s: connect ECONNREFUSED 127\.0\.0\.1:1\n/,
    );
  });

  it('audit --html with several contexts: one page, the matrix and a section per context (headless Chromium)', async () => {
    const file = join(dir, 'fleet.html');
    const r = await fleetAudit(['--html', file]);
    assert.equal(r.code, 10, r.stderr);
    assert.match(r.stderr, /^Wrote .*fleet\.html$/m);
    const browser = await launchChromium();
    try {
      const { page, errors, requests } = await openPage(browser, pathToFileURL(file).href);
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, [pathToFileURL(file).href], 'the page makes no request but its own file');
      assert.equal(await page.locator('h1').textContent(), 'kapi audit: 3 clusters');
      const matrix = await page
        .locator('#matrix tbody tr')
        .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent).join(' ')));
      assert.deepEqual(matrix, ['admin 2 3 1 fail', 'dead - - - error', 'viewer 1 1 2 fail']);
      assert.deepEqual(await page.locator('section.context > h2').allTextContents(), ['context admin', 'context dead', 'context viewer']);
      const admin = page.locator('section.context[data-context="admin"]');
      assert.equal(await admin.locator('#c0-severity-error tr.finding').count(), 2);
      assert.equal(await admin.locator('article.chain').count(), 2);
      assert.equal(await admin.locator('article.chain.status-fail').count(), 1);
      assert.equal(
        await page.locator('section.context[data-context="dead"] .not-checked').textContent(),
        'not checked: failed to GET https://127.0.0.1:1/api?timeout=32s: connect ECONNREFUSED 127.0.0.1:1',
      );
      const viewer = page.locator('section.context[data-context="viewer"]');
      assert.equal(await viewer.locator('#c2-severity-error tr.finding').count(), 1);
      assert.match(
        (await viewer.locator('.doctor .notice').textContent()) ?? '',
        /^The doctor could not run: failed to list apiservices: 403 Forbidden: .*User "viewer" cannot list resource "apiservices"/,
      );
      // Links of the matrix reach each section.
      await page.locator('#matrix a', { hasText: 'viewer' }).click();
      assert.match(page.url(), /#context-2$/);
      const shots = screenshotDir('fleet-html');
      await page.goto(pathToFileURL(file).href);
      await page.screenshot({ path: join(shots, 'fleet-top.png') });
      await page.screenshot({ path: join(shots, 'fleet-full.png'), fullPage: true });
      keepScreenshot(join(shots, 'fleet-top.png'), new URL('./fleet-html-screenshots/', import.meta.url));
    } finally {
      await browser.close();
    }
  });
});
