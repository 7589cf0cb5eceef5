import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, postFacts, seedRegion, startPlatformProcess as startServer, streamerWithSale, type RunningServer } from '@redstream/screen/testing';
import { ensureScreenBuilt, screenOperationHash } from '@redstream/screen';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/browser/', import.meta.url));
const ADMIN_KEY = 'admin-key-map-test-0123456789';
const SCREEN_KEY = 'screen-key-map-test-0123456789';
/** A hall key bound to 兰山区: the map's figures must show it nothing else. */
const LANSHAN_KEY = 'screen-key-lanshan-map-test-0123456789';

describe('the big screen’s map drill-down in Chromium, on the real server stack', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const outsideRequests: string[] = [];

  const crumbs = () => page.evaluate(() => [...document.querySelectorAll('#map-crumbs > *')].map((n) => n.textContent).join('›'));
  const heading = () => page.textContent('#map-heading');
  /** Clicks where the map draws `name` (its centre), through the stage's scale. */
  const clickRegion = async (name: string) => {
    const point = await page.evaluate((n) => {
      const el = document.getElementById('chart-map') as HTMLElement & { regionPoint(name: string): number[] };
      const [x, y] = el.regionPoint(n);
      const box = el.getBoundingClientRect();
      const scale = box.width / el.offsetWidth;
      return { x: box.left + x! * scale, y: box.top + y! * scale };
    }, name);
    await page.mouse.click(point.x, point.y);
  };
  // The breadcrumb changes once the clicked region's map has come (a GeoJSON fetch): as long as a figure may take on a busy machine.
  const waitCrumbs = (text: string) => page.waitForFunction((t) => [...document.querySelectorAll('#map-crumbs > *')].map((n) => n.textContent).join('›') === t, text, { timeout: 20_000 });
  const waitFigure = (name: string) => page.waitForFunction((n) => (document.getElementById('chart-map')!.getAttribute('aria-label') ?? '').includes(`${n} ¥`), name, { timeout: 20_000 });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'redstream-screen-map-e2e-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensureScreenBuilt();
    server = await startServer({ dataDir, port: 0, adminKey: ADMIN_KEY, screenKey: SCREEN_KEY, regionScreenKeys: [{ key: LANSHAN_KEY, regionCode: '371302' }] });
    await seedRegion(server.url, ADMIN_KEY);
    // Sales outside 兰山区 today: 罗庄区 (the same city) and 历下区 (济南市).
    for (const [name, regionCode] of [['罗庄主播', '371311'], ['历下主播', '370102']] as const) {
      const [streamer, sale] = streamerWithSale({ name, amountFen: 50_000_00, regionCode });
      await postFacts(server.url, ADMIN_KEY, [streamer]);
      await postFacts(server.url, ADMIN_KEY, [sale]);
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    // A hall's intranet: nothing but the platform answers.
    await page.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : (outsideRequests.push(route.request().url()), route.abort())));
    page.on('console', (msg) => void (msg.type() === 'error' && consoleErrors.push(msg.text())));
    page.on('pageerror', (err) => void consoleErrors.push(String(err)));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('drills from China to 兰山区 by clicks, named at every level, and back by the breadcrumb', async () => {
    await page.goto(`${server.url}/screen?key=${SCREEN_KEY}`);
    await page.waitForSelector('#link[data-state="live"]', { timeout: 30_000 });
    expect(await crumbs()).toBe('中国');
    expect(await heading()).toBe('今日买家地域分布');
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(ARTIFACTS, 'screen-map-china.png') });
    // The province's map loads only now: no county or city map came with the page.
    const mapRequests: string[] = [];
    page.on('request', (r) => void (r.url().includes('/screen/maps/') && mapRequests.push(new URL(r.url()).pathname)));

    await clickRegion('山东');
    await waitCrumbs('中国›山东省');
    expect(await heading()).toBe('今日成交分布 · 山东省');
    await waitFigure('临沂市');
    await waitFigure('济南市');
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(ARTIFACTS, 'screen-map-shandong.png') });

    // While a map is on its way the breadcrumb says so: the city's map is held until the mark is seen.
    let releaseMap!: () => void;
    const mapHeld = new Promise<void>((r) => (releaseMap = r));
    await page.route('**/screen/maps/371300', async (route) => (await mapHeld, route.continue()));
    await clickRegion('临沂市');
    await page.waitForSelector('#map-crumbs[aria-busy="true"]', { timeout: 20_000 });
    expect(await page.evaluate(() => getComputedStyle(document.getElementById('map-crumbs')!, '::after').content)).toBe('"载入中…"');
    expect(await crumbs()).toBe('中国›山东省');
    await page.screenshot({ path: join(ARTIFACTS, 'screen-map-loading.png') });
    releaseMap();
    await waitCrumbs('中国›山东省›临沂市');
    expect(await page.getAttribute('#map-crumbs', 'aria-busy')).toBeNull();
    await page.unroute('**/screen/maps/371300');
    expect(await heading()).toBe('今日成交分布 · 临沂市');
    await waitFigure('兰山区');
    await waitFigure('罗庄区');

    await clickRegion('兰山区');
    await waitCrumbs('中国›山东省›临沂市›兰山区');
    expect(await heading()).toBe('今日成交分布 · 临沂市');
    expect(await page.getAttribute('#map-crumbs', 'data-code')).toBe('371302');
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(ARTIFACTS, 'screen-map-lanshan.png') });
    expect(mapRequests).toEqual(['/screen/maps/370000', '/screen/maps/371300', '/screen/maps/371302']);

    // Back up by the breadcrumb, a level and then to the top.
    await page.click('#map-crumbs button:has-text("山东省")');
    await waitCrumbs('中国›山东省');
    expect(await heading()).toBe('今日成交分布 · 山东省');
    // A click on 中国 while a city's map is still on its way: China shows, the mark goes, and the late map is ignored.
    let releaseLate!: () => void;
    const lateHeld = new Promise<void>((r) => (releaseLate = r));
    await page.route('**/screen/maps/371300', async (route) => (await lateHeld, route.continue()));
    await clickRegion('临沂市');
    await page.waitForSelector('#map-crumbs[aria-busy="true"]', { timeout: 20_000 });
    await page.click('#map-crumbs button:has-text("中国")');
    await waitCrumbs('中国');
    expect(await page.getAttribute('#map-crumbs', 'aria-busy')).toBeNull();
    const late = page.waitForResponse('**/screen/maps/371300', { timeout: 20_000 });
    releaseLate();
    await late;
    await page.waitForTimeout(500);
    expect(await crumbs()).toBe('中国');
    expect(await page.getAttribute('#map-crumbs', 'aria-busy')).toBeNull();
    await page.unroute('**/screen/maps/371300');
    expect(await heading()).toBe('今日买家地域分布');
    expect(consoleErrors).toEqual([]);
    expect(outsideRequests).toEqual([]);
  }, 180_000);

  it('opens /screen/region/371302 at 临沂市’s map with 兰山区 highlighted', async () => {
    await page.goto(`${server.url}/screen/region/371302`);
    await page.waitForSelector('#link[data-state="live"]', { timeout: 30_000 });
    await waitCrumbs('中国›山东省›临沂市›兰山区');
    expect(await heading()).toBe('今日成交分布 · 临沂市');
    await waitFigure('兰山区');
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(ARTIFACTS, 'screen-map-region-371302.png') });
    // A city opens at its own map, a province at its own.
    await page.goto(`${server.url}/screen/region/370000`);
    await waitCrumbs('中国›山东省');
    expect(consoleErrors).toEqual([]);
    expect(outsideRequests).toEqual([]);
  }, 180_000);

  it('shows a key bound to 兰山区 no other region’s figures, whatever region it asks for', async () => {
    const ask = async (key: string, regionCode: string) => {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ variables: { filter: { regionCode } }, extensions: { persistedQuery: { version: 1, sha256Hash: screenOperationHash('screen-regions') } } }),
      });
      const body = (await response.json()) as { data?: { salesBreakdown: { key: string; label: string; gmv: string }[] }; errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      return body.data!.salesBreakdown;
    };
    // The unbound key sees 罗庄区 and 济南市's 历下区 beside 兰山区: there are figures to hide.
    const all = await ask(SCREEN_KEY, '370000');
    expect(all.map((r) => r.key)).toEqual(expect.arrayContaining(['371302', '371311', '370102']));
    expect(all.find((r) => r.key === '371311')!.label).toBe('罗庄区');
    // The bound key, asking for the province or the city, gets 兰山区 alone, with the same figures.
    const lanshan = all.find((r) => r.key === '371302')!;
    for (const region of ['370000', '371300', '371302']) expect(await ask(LANSHAN_KEY, region)).toEqual([lanshan]);
    // And its screen's map shows no other county's figures.
    const hall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await hall.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : (outsideRequests.push(route.request().url()), route.abort())));
      await hall.goto(`${server.url}/screen/region/371302?key=${LANSHAN_KEY}`);
      await hall.waitForFunction(() => (document.getElementById('chart-map')!.getAttribute('aria-label') ?? '').startsWith('兰山区 ¥'), null, { timeout: 20_000 });
      expect(await hall.getAttribute('#chart-map', 'aria-label')).toMatch(/^兰山区 ¥[\d.]+$/);
    } finally {
      await hall.close();
    }
  }, 180_000);
});
