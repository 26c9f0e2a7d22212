import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { ExitCode } from '../../src/errors.ts';
import { launchChromium, openPage, screenshotDir } from '../support/chromium.ts';
import { type ReplayServer, startReplayServer } from '../support/replay-server.ts';
import { kapi } from '../support/run-cli.ts';
import { schemaBombSnapshot } from '../support/schema-bomb.ts';
import { loadStatusCapture } from './explain-capture.ts';

/**
 * kapi atlas --html through the CLI, checked in headless Chromium from a file URL:
 * the bundled release, a replay of the real v1.36.3 capture (CRDs, aggregated
 * wardle, a stale APIService), and a snapshot with hostile names. Screenshots go
 * to test-output/atlas/; KAPI_UPDATE_SCREENSHOTS=1 also copies them to
 * test/integration/atlas-screenshots/ (committed, so a reader can see the page).
 */
const dataDir = new URL('../data/', import.meta.url).pathname;
const committed = new URL('./atlas-screenshots/', import.meta.url).pathname;
let dir: string;
let v136: ReplayServer;
let browser: Browser;
const shots = screenshotDir('atlas');
const env = () => ({ XDG_CACHE_HOME: dir, HOME: dir });

async function shoot(page: Page, name: string): Promise<void> {
  const file = join(shots, `${name}.png`);
  await page.screenshot({ path: file });
  if (process.env.KAPI_UPDATE_SCREENSHOTS === '1') {
    mkdirSync(committed, { recursive: true });
    copyFileSync(file, join(committed, `${name}.png`));
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kapi-atlas-'));
  v136 = await startReplayServer(loadStatusCapture(join(dataDir, 'kube-v1.36.3')));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await v136?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kapi atlas --html', () => {
  test('the bundled release: load from a file URL, search a field, open it', async () => {
    const file = join(dir, 'builtin.html');
    // v1.36.3, the release of the replayed capture below.
    const result = await kapi(['atlas', '--html', file, '--snapshot', 'builtin:v1.36']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^Wrote .*builtin\.html \(\d+ KiB\): 21 groups, 68 resources, \d+ schemas\n$/);
    const { page, errors, requests } = await openPage(browser, pathToFileURL(file).href);
    assert.equal(await page.locator('nav a.resource').count(), 68);
    assert.equal(await page.locator('nav .version.served-local').count(), await page.locator('nav .version').count());
    await shoot(page, '1-builtin-loaded');

    await page.fill('#search', 'securityContext.privileged');
    await page.waitForSelector('.hits-fields li');
    assert.equal(await page.locator('.hits-fields li').count(), 27);
    assert.equal(await page.locator('.hits-fields li a').first().innerText(), 'pods.spec.containers.securityContext.privileged');
    await shoot(page, '2-builtin-search');

    await page
      .locator('.hits-fields li a', { hasText: 'deployments.apps.spec.template.spec.containers.securityContext.privileged' })
      .click();
    await page.waitForSelector('.highlight');
    assert.equal(await page.locator('#detail h2').innerText(), 'Deployment');
    assert.equal(await page.locator('.highlight').getAttribute('data-path'), 'spec.template.spec.containers.securityContext.privileged');
    assert.match(await page.locator('.highlight > summary').innerText(), /^privileged\s*boolean$/);
    const meta = await page.locator('#detail dl.meta').innerText();
    assert.match(meta, /path\s+\/apis\/apps\/v1\/namespaces\/\{namespace\}\/deployments/);
    assert.match(meta, /short names\s+deploy/);
    assert.match(meta, /served by\s+Local/);
    await shoot(page, '3-builtin-field');

    // A field with facts: default and enum, rendered from the embedded schema.
    await page.goto(`${pathToFileURL(file).href}#r=${encodeURIComponent('/v1/services')}&f=spec.ports.protocol`);
    await page.waitForSelector('#detail[data-id="/v1/services"] .highlight');
    const protocol = await page.locator('.highlight > .fbody > ul.facts').innerText();
    assert.match(protocol, /default:\s*"TCP"/);
    assert.match(protocol, /enum:\s*"SCTP", "TCP", "UDP"/);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      requests.filter((url) => !url.startsWith('file://')),
      [],
    );
    await page.close();
  });

  test('a replayed v1.36.3 cluster: CRDs and the aggregated API coloured by who serves them, the stale one marked', async () => {
    const file = join(dir, 'live.html');
    const result = await kapi(['atlas', '--html', file, '--server', v136.url], env());
    assert.equal(result.code, ExitCode.partial);
    assert.match(result.stderr, /Warning: broken\.example\.com\/v1 could not be discovered/);
    const { page, errors } = await openPage(browser, pathToFileURL(file).href);
    const version = (gv: string) => page.locator(`nav .version[data-gv="${gv}"]`);
    assert.equal(await version('stable.example.com/v1').getAttribute('class'), 'version served-crd avail-available');
    assert.equal(await version('wardle.example.com/v1alpha1').getAttribute('class'), 'version served-aggregated avail-available');
    assert.equal(await version('broken.example.com/v1').getAttribute('class'), 'version served-aggregated avail-stale');
    await page.fill('#search', 'crontab');
    await page.waitForSelector('.hits-resources li');
    assert.deepEqual(await page.locator('.hits-resources li a').allInnerTexts(), [
      'crontabs.stable.example.com',
      'crontabs.stable.example.com',
    ]);
    await page.locator('.hits-resources li a').first().click();
    await page.waitForSelector('#detail .fields details');
    assert.match(
      await page.locator('#detail dl.meta').innerText(),
      /served by\s+CRD \(crontabs\.stable\.example\.com, freeforms\.stable\.example\.com\)/,
    );
    await page.locator('#detail details[data-path="spec"] > summary').click();
    await page.locator('#detail details[data-path="spec.replicas"] > summary').click();
    assert.match(await page.locator('#detail details[data-path="spec.replicas"] .facts').innerText(), /minimum:\s*0/);
    await shoot(page, '4-live-crd');
    await page.goto(`${pathToFileURL(file).href}#r=${encodeURIComponent('wardle.example.com/v1alpha1/flunders')}`);
    await page.waitForSelector('#detail[data-id="wardle.example.com/v1alpha1/flunders"] .fields details');
    const meta = await page.locator('#detail dl.meta').innerText();
    assert.match(meta, /served by\s+Aggregated \(v1alpha1\.wardle\.example\.com -> wardle\/api:\d+\)/);
    assert.match(meta, /path\s+\/apis\/wardle\.example\.com\/v1alpha1\/namespaces\/\{namespace\}\/flunders/);
    await shoot(page, '5-live-aggregated');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('hostile names and descriptions stay text: no script runs, no element is injected', async () => {
    const recorded = await kapi(['snapshot', '--with-schemas', '--server', v136.url], env());
    const snapshot = JSON.parse(recorded.stdout);
    // No dots: it is also a field name, and field paths are dotted.
    const hostile = '</script><script>self["__pwned"] = 1</script><img src=x onerror="self[\'__pwned\'] = 2">';
    const crontabs = snapshot.surface.groups
      .find((g: { name: string }) => g.name === 'stable.example.com')
      .versions.find((v: { version: string }) => v.version === 'v1')
      .resources.find((r: { name: string }) => r.name === 'crontabs');
    crontabs.shortNames = [hostile];
    crontabs.categories = ['<!--', '\u2028line'];
    const document = snapshot.schemas.openapiV3['/openapi/v3/apis/stable.example.com/v1'];
    const schema = document.components.schemas['com.example.stable.v1.CronTab'];
    schema.description = `<!-- ${hostile} -->`;
    schema.properties.spec.properties[hostile] = { type: 'string', description: '</SCRIPT >\u2029&amp;', default: '</script>' };
    const file = join(dir, 'hostile.json');
    writeFileSync(file, JSON.stringify(snapshot));
    const html = join(dir, 'hostile.html');
    const result = await kapi(['atlas', '--html', html, '--snapshot', file, '--title', `<title>${hostile}`]);
    assert.equal(result.code, ExitCode.partial, result.stderr);
    const text = readFileSync(html, 'utf8');
    assert.equal(text.match(/<\/script>/gi)?.length, 2, 'only the page’s own two script elements end');
    assert.equal(text.match(/<script/gi)?.length, 2);

    const { page, errors } = await openPage(browser, pathToFileURL(html).href);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.evaluate(() => document.scripts.length), 2);
    assert.equal(await page.evaluate(() => document.images.length), 0);
    assert.equal(await page.title(), `<title>${hostile}`);
    assert.equal(await page.locator('nav a.resource[data-id="stable.example.com/v1/crontabs"] + .short').innerText(), hostile);
    await page.goto(
      `${pathToFileURL(html).href}#r=${encodeURIComponent('stable.example.com/v1/crontabs')}&f=${encodeURIComponent(`spec.${hostile}`)}`,
    );
    await page.waitForSelector('.highlight');
    assert.equal(await page.locator('.highlight > summary .fname').innerText(), hostile);
    assert.match(await page.locator('.highlight .facts').innerText(), /default:\s*"<\/script>"/);
    assert.equal(await page.locator('#detail .fields > p.desc').innerText(), `<!-- ${hostile} -->`);
    assert.equal(await page.evaluate(() => document.images.length), 0);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned), undefined);
    await shoot(page, '6-hostile-names');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a schema bomb (40 levels of $ref, 4 properties each): the page loads, its search answers within the walk budget and says so', async () => {
    const file = join(dir, 'bomb.json');
    writeFileSync(file, JSON.stringify(schemaBombSnapshot({ levels: 40, width: 4 })));
    const html = join(dir, 'bomb.html');
    const result = await kapi(['atlas', '--html', html, '--snapshot', file], env(), 30_000);
    assert.equal(result.code, 0, result.stderr);
    const { page, errors } = await openPage(browser, pathToFileURL(html).href);
    page.setDefaultTimeout(20_000);
    await page.fill('#search', 'p3.p2');
    await page.waitForSelector('.hits-fields li');
    const heading = await page.locator('#results h2', { hasText: 'Fields' }).innerText();
    assert.match(heading, /^Fields \(\d+, first 200 shown\)$/);
    assert.equal(
      await page.locator('#results p.walk-cut').innerText(),
      "The field walk of bombs.bomb.example.com v1 stopped at a depth of 40 fields (kapi's walk budget): its fields are searched only that far.",
    );
    assert.equal(await page.locator('.hits-fields li a').first().innerText(), `bombs.bomb.example.com.spec.${'p0.'.repeat(37)}p3.p2`);
    // The tab is alive: a field found by the search opens.
    await page.locator('.hits-fields li a').first().click();
    await page.waitForSelector('.highlight');
    await shoot(page, '7-schema-bomb');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a lone surrogate in a resource name (\\ud800 in the JSON) reads as U+FFFD: links, search and the detail work', async () => {
    const file = join(dir, 'surrogate.json');
    writeFileSync(file, JSON.stringify(schemaBombSnapshot({ levels: 2, width: 2, resource: 'bo\ud800mbs' })));
    assert.match(readFileSync(file, 'utf8'), /bo\\ud800mbs/);
    const html = join(dir, 'surrogate.html');
    const result = await kapi(['atlas', '--html', html, '--snapshot', file], env());
    assert.equal(result.code, 0, result.stderr);
    const { page, errors } = await openPage(browser, pathToFileURL(html).href);
    assert.deepEqual(errors, []);
    const link = page.locator('nav a.resource');
    assert.equal(await link.innerText(), 'bo\ufffdmbs');
    await link.click();
    await page.waitForSelector('#detail h2');
    assert.equal(await page.locator('#detail h2').innerText(), 'Bomb');
    await page.fill('#search', 'spec.p1');
    await page.waitForSelector('.hits-fields li');
    assert.equal(await page.locator('.hits-fields li a').first().innerText(), 'bo\ufffdmbs.bomb.example.com.spec.p1');
    await page.locator('.hits-fields li a').first().click();
    await page.waitForSelector('.highlight');
    assert.equal(await page.locator('.highlight').getAttribute('data-path'), 'spec.p1');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('no schemas: exit 8 with the way out; --html is required', async () => {
    const plain = await kapi(['snapshot', '--server', v136.url], env());
    const file = join(dir, 'plain.json');
    writeFileSync(file, plain.stdout);
    const result = await kapi(['atlas', '--html', join(dir, 'x.html'), '--snapshot', file]);
    assert.equal(result.code, ExitCode.notFound);
    assert.match(result.stderr, /has no schemas: record it with `kapi snapshot --with-schemas`/);
    const missing = await kapi(['atlas', '--snapshot', 'builtin']);
    assert.equal(missing.code, ExitCode.usage);
  });
});
