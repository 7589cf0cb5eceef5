import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegion, startPlatformProcess, type RunningServer } from '@redstream/screen/testing';
import { CJK_FONT_FAMILY, FONT_PREFIX, launchChromium } from '@redstream/service-kit';
import { ensureScreenBuilt } from '@redstream/screen';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/browser/', import.meta.url));
const ADMIN_KEY = 'admin-key-graphiql-test-0123456789';
const SCREEN_KEY = 'screen-key-graphiql-test-0123456789';

/** What the API answers for the first example tab's query, asked with a key over HTTP. */
async function salesSummary(url: string): Promise<{ orders: number; gmv: string }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify({ query: '{ salesSummary(filter: { regionCode: "371302" }) { orders gmv } }' }),
  });
  return ((await response.json()) as { data: { salesSummary: { orders: number; gmv: string } } }).data.salesSummary;
}

/**
 * GraphiQL as an analyst on a park's intranet meets it: the platform started for real, Chromium
 * with every request to any other host aborted, `/graphql` opened by address, the key typed once.
 */
describe('GraphiQL in Chromium, with nothing reachable but the platform', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const outside: string[] = [];
  const fontFiles: string[] = [];
  const pageErrors: string[] = [];

  const isolated = async (): Promise<BrowserContext> => {
    const c = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const platform = new URL(server.url).host;
    await c.route('**/*', (route) => {
      const target = new URL(route.request().url());
      if (target.host === platform) return route.continue();
      outside.push(target.href);
      return route.abort('internetdisconnected');
    });
    return c;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'redstream-graphiql-e2e-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensureScreenBuilt();
    server = await startPlatformProcess({ dataDir, port: 0, adminKey: ADMIN_KEY, screenKey: SCREEN_KEY });
    await seedRegion(server.url, ADMIN_KEY);
    // The projector follows the log: wait until the figures hold still with every seeded sale in them.
    const deadline = Date.now() + 90_000;
    let last = '';
    for (;;) {
      const now = JSON.stringify(await salesSummary(server.url));
      if ((now === last && !now.includes('"orders":0')) || Date.now() > deadline) break;
      last = now;
      await new Promise((r) => setTimeout(r, 1_500));
    }
    browser = await launchChromium();
    context = await isolated();
    page = await context.newPage();
    page.on('pageerror', (err) => void pageErrors.push(String(err)));
    page.on('request', (request) => void (request.url().includes(`${FONT_PREFIX}files/`) && fontFiles.push(request.url())));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens without a key, takes the key once, runs salesSummary and shows its figures', async () => {
    const expected = await salesSummary(server.url);
    expect(expected.orders).toBeGreaterThan(0);

    const opened = await page.goto(`${server.url}/graphql`);
    expect(opened!.status()).toBe(200);
    await page.fill('#key', ADMIN_KEY);
    await page.click('#key-form button[type=submit]');
    await page.waitForSelector('.graphiql-container .graphiql-execute-button', { timeout: 60_000 });
    // DESIGN.md's queries are the tabs, salesSummary first.
    expect(await page.locator('.graphiql-tab').allInnerTexts()).toEqual(['SalesSummary', 'SalesByMonth', 'TopStreamers', 'BuyersByProvince', 'FarmerIncome', 'AnnualSummary']);
    await page.click('.graphiql-execute-button');
    const response = page.locator('.graphiql-response');
    await expect.poll(async () => (await response.innerText()).replace(/\s+/g, ''), { timeout: 30_000 }).toContain(`"orders":${expected.orders},"gmv":"${expected.gmv}"`);
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql.png') });

    // Names in answers are drawn with the platform's CJK font: buyers by province, 广东省 and the like.
    // A tab is a drag-to-reorder item: the pointer sequence of a real click is taken for a drag start in headless Chromium.
    await page.locator('.graphiql-tab-button', { hasText: 'BuyersByProvince' }).evaluate((button: HTMLElement) => button.click());
    await page.waitForSelector('.graphiql-tab[aria-selected="true"] >> text=BuyersByProvince');
    // The editor takes the tab's text a moment after the tab is selected; run before that and
    // GraphiQL answers "Cannot infer operation SalesSummary". Wait for the text, and run again if
    // GraphiQL still worked from the previous tab.
    await page.waitForFunction(() => /BuyersByProvince/.test(document.querySelector('.graphiql-query-editor')?.textContent ?? ''), null, { timeout: 30_000 });
    await expect
      .poll(
        async () => {
          const text = await response.innerText();
          if (!/"label"/.test(text)) await page.click('.graphiql-execute-button');
          return text;
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toMatch(/"label":\s*"[\u4e00-\u9fff]+/);
    // Monaco lays out spaces as no-break spaces, which \s covers.
    const label = /"label":\s*"([\u4e00-\u9fff]+)/.exec(await response.innerText())![1]!;
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(([family, text]) => document.fonts.check(`14px "${family}"`, text), [CJK_FONT_FAMILY, label] as const)).toBe(true);
    expect(fontFiles.length).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql-buyers.png') });

    // Remembered: a reload goes straight to GraphiQL.
    await page.reload();
    await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
    expect(await page.isHidden('#key-form')).toBe(true);
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('takes a key handed over in the fragment, and drops it from the address', async () => {
    const other = await isolated();
    try {
      const fresh = await other.newPage();
      await fresh.goto(`${server.url}/graphql#key=${encodeURIComponent(ADMIN_KEY)}`);
      await fresh.waitForSelector('.graphiql-container', { timeout: 60_000 });
      expect(new URL(fresh.url()).hash).toBe('');
      expect(await fresh.evaluate(() => localStorage.getItem('redstream.graphql.key'))).toBe(ADMIN_KEY);
      expect(await fresh.isHidden('#key-form')).toBe(true);
    } finally {
      await other.close();
    }
    expect(outside).toEqual([]);
  }, 120_000);
});
