import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Debian's chromium (apt-get install chromium; .ci/run installs it), driven by
 * playwright-core, headless and with nothing that talks to the network.
 */
export const chromiumPath = process.env.KAPI_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page that records script errors and every request it makes (a self-contained page makes none but its own file). */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('request', (request) => requests.push(request.url()));
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]');
  return { page, errors, requests };
}

/** Where screenshots go: the test output folder (KAPI_TEST_OUTPUT, default ./test-output). */
export function screenshotDir(name: string): string {
  const dir = `${process.env.KAPI_TEST_OUTPUT ?? 'test-output'}/${name}`;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** With KAPI_UPDATE_SCREENSHOTS=1, copies a screenshot into the folder committed beside the test (a URL relative to it). */
export function keepScreenshot(file: string, committedDir: URL): void {
  if (process.env.KAPI_UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(committedDir.pathname, { recursive: true });
  copyFileSync(file, join(committedDir.pathname, basename(file)));
}
