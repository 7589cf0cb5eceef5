import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startPlatformProcess, type RunningServer } from '@redstream/screen/testing';

const ADMIN_KEY = 'admin-key-offline-pages-0123456789';
const SCREEN_KEY = 'screen-key-offline-pages-0123456789';

/**
 * A park's intranet, like this machine, has no internet: every page a person opens must come
 * whole from the platform. Each page is opened with every request to another origin refused and
 * recorded; the list must stay empty and the page must still be drawn.
 */
describe('pages on a closed network', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'redstream-offline-pages-'));
    server = await startPlatformProcess({ dataDir, port: 0, adminKey: ADMIN_KEY, screenKey: SCREEN_KEY });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Opens `path`, refusing and recording every request that leaves the platform. */
  async function open(path: string, ready: string) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const outside: string[] = [];
    await page.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : (outside.push(route.request().url()), route.abort())));
    await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
    await page.waitForSelector(ready, { timeout: 30_000 });
    return { page, outside };
  }

  it('/docs (the write API reference) is drawn with no outside request', async () => {
    const { page, outside } = await open('/docs', '.swagger-ui .info .title');
    expect(await page.textContent('.swagger-ui .info .title')).toMatch(/redstream/i);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('a summary page draws its Chinese in the shipped font with no outside request', async () => {
    const { page, outside } = await open(`/summaries/2025/371302.html?key=${ADMIN_KEY}`, 'h1');
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const title = (await page.textContent('h1'))!;
    expect(title).toContain('年度直播经济工作总结');
    expect(await page.evaluate((text) => document.fonts.check('24px "Noto Sans SC"', text), title)).toBe(true);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('fetches only the font slices a page uses, not the whole face', async () => {
    const { page, outside } = await open(`/summaries/2025/371302.html?key=${ADMIN_KEY}`, 'h1');
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const fontBytes = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/assets/fonts/') && e.name.endsWith('.woff2'))
        .reduce((sum, e) => sum + (e as PerformanceResourceTiming).encodedBodySize, 0),
    );
    expect(fontBytes).toBeGreaterThan(0);
    expect(fontBytes).toBeLessThan(2_000_000); // the two full weights are ~20 MB
    expect(outside).toEqual([]);
    await page.close();
  });
});
