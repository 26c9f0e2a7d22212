// kapi search, diff --schemas and atlas --html on a real control plane: kube-apiserver
// v1.36.3, the test CRDs, the aggregated sample-apiserver (wardle), and a CRD with CEL
// validation rules, a default and an enum that this file creates (and later edits).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage, screenshotDir } from '../support/chromium.ts';
import { announceSkip, type Cluster, e2eAvailability, repoRoot, run, startCluster } from './cluster.ts';

const skip = announceSkip(e2eAvailability());
if (skip) it('seeing-the-api e2e', { skip }, () => {});

const gatesCrd = (extraField: boolean) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gates.cel.example.com
spec:
  group: cel.example.com
  scope: Namespaced
  names: {plural: gates, singular: gate, kind: Gate, shortNames: [gt]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: "self.minReplicas <= self.maxReplicas"
              message: minReplicas must not exceed maxReplicas
            properties:
              minReplicas: {type: integer, minimum: 0, default: 1}
              maxReplicas: {type: integer, maximum: 100}
              mode:
                type: string
                enum: [${extraField ? 'Open, Closed, Ajar' : 'Open, Closed'}]
              name:
                type: string
                x-kubernetes-validations:
                - rule: "self.startsWith('gate-')"${
                  extraField
                    ? `
              owner: {type: string}`
                    : ''
                }
`;

describe('seeing the API on a real control plane', { skip }, () => {
  let cluster: Cluster;
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'kapi-e2e-seeing-'));
  const env = { ...process.env, XDG_CACHE_HOME: dir, HOME: dir, NO_COLOR: '1' };
  const kapi = (args: string[]) =>
    run(process.execPath, [join(repoRoot, 'bin', 'run.js'), ...args, '--kubeconfig', cluster.kubeconfig, '--context=admin'], { env });
  const kapiOffline = (args: string[]) => run(process.execPath, [join(repoRoot, 'bin', 'run.js'), ...args], { env });
  const apply = async (yaml: string) => {
    const result = await run(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, '--context=admin', 'apply', '-f', '-'], { input: yaml });
    assert.equal(result.code, 0, result.stderr);
  };
  /** The CRD's schema reaches /openapi/v3 a moment after it is established: wait for search to see `field`. */
  const waitForField = async (pattern: string) => {
    for (let attempt = 0; attempt < 60; attempt++) {
      const result = await kapi(['search', pattern, '--api-group', 'cel.example.com']);
      if (result.stdout.includes(pattern.replace(/^\./, ''))) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    assert.fail(`${pattern} never appeared in /openapi/v3`);
  };

  before(async () => {
    cluster = await startCluster();
    await apply(gatesCrd(false));
    await waitForField('.spec.mode');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('search: which CRDs carry CEL rules', async () => {
    const result = await kapi(['search', '--has', 'validation']);
    assert.equal(
      result.stdout,
      [
        'RESOURCE                FIELD       TYPE',
        'gates.cel.example.com   spec        Object',
        'gates.cel.example.com   spec.name   string',
        '',
      ].join('\n'),
    );
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse((await kapi(['search', '.spec.*', '--api-group', 'cel.example.com', '--has', 'default', '-o', 'json'])).stdout);
    assert.deepEqual(
      json.matches.map((m: { field: string; default: unknown; type: string }) => [m.field, m.type, m.default]),
      [['spec.minReplicas', 'integer', 1]],
    );
  });

  it('search: built-in, CRD and aggregated resources, as from the bundled release', async () => {
    const [live, offline] = await Promise.all([
      kapi(['search', '*.securityContext.privileged']),
      kapiOffline(['search', '*.securityContext.privileged', '--snapshot', 'builtin:v1.36']),
    ]);
    assert.equal(live.stdout, offline.stdout);
    assert.equal(live.code, 0, live.stderr);
    const crd = await kapi(['search', 'cronSpec', '--all-versions']);
    assert.equal(
      crd.stdout,
      [
        'RESOURCE                      VERSION   FIELD           TYPE',
        'crontabs.stable.example.com   v1        spec.cronSpec   string',
        'crontabs.stable.example.com   v1beta1   spec.cronSpec   string',
        '',
      ].join('\n'),
    );
    const wardle = await kapi(['search', '.spec.*', '--api-group', 'wardle.example.com']);
    assert.equal(
      wardle.stdout,
      [
        'RESOURCE                      FIELD                TYPE',
        'flunders.wardle.example.com   spec.reference       string',
        'flunders.wardle.example.com   spec.referenceType   string',
        '',
      ].join('\n'),
    );
  });

  it('diff --schemas: the cluster against the bundled release of the same version has no schema differences', async () => {
    const result = await kapi(['diff', '--schemas', 'builtin:v1.36', 'live', '--exit-code']);
    assert.equal(result.stdout, '');
    // The CRDs and the aggregated API only the cluster serves are named, not silently left out (issue 21 item 24).
    assert.match(
      result.stderr,
      /^Notice: served only by live, not compared: .*stable\.example\.com\/v1\/crontabs.*wardle\.example\.com\/v1alpha1\/flunders.*\nNo schema differences between builtin:v1.36 and live \(\d+ resources compared; \d+ served by one side only, named above\)\.\n$/,
    );
    assert.equal(result.code, 0);
  });

  it('diff --schemas: a CRD edited after a snapshot shows its field-level changes', async () => {
    const snapshot = join(dir, 'before.json');
    const recorded = await kapi(['snapshot', '--with-schemas']);
    assert.equal(recorded.code, 0, recorded.stderr);
    writeFileSync(snapshot, recorded.stdout);
    await apply(gatesCrd(true));
    await waitForField('.spec.owner');
    const result = await kapi(['diff', '--schemas', snapshot, 'live']);
    assert.equal(
      result.stdout,
      [
        'gates.cel.example.com/v1 (Gate)',
        '  ~ spec.mode    enum: +"Ajar"',
        '  + spec.owner   string',
        '',
        '1 resource changed (of 76 compared): 1 field added, 0 removed, 1 changed',
        '',
      ].join('\n'),
    );
    assert.equal(result.code, 0, result.stderr);
  });

  it('atlas --html: CRD and aggregated groups coloured, CEL rules in the field tree, from a file URL', async () => {
    const file = join(dir, 'atlas.html');
    const result = await kapi(['atlas', '--html', file]);
    assert.equal(result.code, 0, result.stderr);
    const { page, errors, requests } = await openPage(browser, pathToFileURL(file).href);
    assert.equal(
      await page.locator('nav .version[data-gv="cel.example.com/v1"]').getAttribute('class'),
      'version served-crd avail-available',
    );
    assert.equal(
      await page.locator('nav .version[data-gv="wardle.example.com/v1alpha1"]').getAttribute('class'),
      'version served-aggregated avail-available',
    );
    await page.fill('#search', 'spec.name');
    await page.waitForSelector('.hits-fields li');
    await page.locator('.hits-fields li a', { hasText: 'gates.cel.example.com.spec.name' }).click();
    await page.waitForSelector('.highlight');
    assert.match(await page.locator('.highlight .facts').innerText(), /validation:\s*self\.startsWith\('gate-'\)/);
    await page.locator('#detail details[data-path="spec"] > summary').scrollIntoViewIfNeeded();
    const spec = await page.locator('#detail details[data-path="spec"] > .fbody > ul.facts').innerText();
    assert.match(spec, /validation:\s*self\.minReplicas <= self\.maxReplicas\s+\(minReplicas must not exceed maxReplicas\)/);
    assert.match(await page.locator('#detail dl.meta').innerText(), /short names\s+gt/);
    const shots = screenshotDir('atlas-e2e');
    await page.screenshot({ path: join(shots, 'cel-crd.png') });
    await page.goto(`${pathToFileURL(file).href}#r=${encodeURIComponent('wardle.example.com/v1alpha1/flunders')}&f=spec.referenceType`);
    await page.waitForSelector('#detail[data-id="wardle.example.com/v1alpha1/flunders"] .highlight');
    assert.match(
      await page.locator('#detail dl.meta').innerText(),
      /served by\s+Aggregated \(v1alpha1\.wardle\.example\.com -> wardle\/api:\d+\)/,
    );
    await page.screenshot({ path: join(shots, 'wardle.png') });
    if (process.env.KAPI_UPDATE_SCREENSHOTS === '1') {
      const committed = new URL('./atlas-screenshots/', import.meta.url).pathname;
      mkdirSync(committed, { recursive: true });
      for (const name of ['cel-crd.png', 'wardle.png']) copyFileSync(join(shots, name), join(committed, name));
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(
      requests.filter((url) => !url.startsWith('file://')),
      [],
    );
  });
});
