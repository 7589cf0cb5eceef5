import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFen, launchChromium, liveSessionOf, postFacts, saleOf, seedRegion, startPlatformProcess as startServer, streamerWithSale, type RunningServer } from '@redstream/screen/testing';
import { ensureScreenBuilt } from '@redstream/screen';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/browser/', import.meta.url));
const ADMIN_KEY = 'admin-key-browser-test-0123456789';
const SCREEN_KEY = 'screen-key-browser-test-0123456789';
const REGION = '371302';

/** The GMV the screen shows, in fen, once its rolling counter has settled on a value. */
const shownGmv = async (page: Page): Promise<number> => Number(await page.getAttribute('#gmv', 'data-value'));

describe('the big screen in Chromium, on the real server stack', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let streamer: { id: string; displayName: string };
  let hallsFile: string;
  /** The log position of the on-air session's last fact. */
  let onAirPosition: string | undefined;
  /** A hall of four 3-second pages: the region's overview, its farm sales, its ranking, its sessions on air. */
  const writeHalls = (title: string) =>
    writeFileSync(
      hallsFile,
      JSON.stringify({
        halls: {
          e2e: {
            title,
            scope: `region:${REGION}`,
            pages: [
              { kind: 'overview', seconds: 3 },
              { kind: 'farm', seconds: 3, title: '助农专场' },
              { kind: 'ranking', seconds: 3, title: '主播排行' },
              { kind: 'live-now', seconds: 3, title: '正在直播' },
            ],
          },
          // A hall without a mouse reads the metrics' definitions (口径) on a page of their own.
          legend: { title: '指标口径', scope: `region:${REGION}`, pages: [{ kind: 'legend', seconds: 3600 }] },
        },
      }),
    );
  /** A streamer on air with one session today (posted at start), its audience and a sale in it. */
  let onAir: Awaited<ReturnType<typeof liveSessionOf>>;
  /** Asks GraphQL as an analyst would; with `minPosition`, only once the projections hold that log position (read-your-writes). */
  const graphql = async <T>(query: string, minPosition?: string): Promise<T> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` };
    if (minPosition) headers['x-redstream-min-position'] = minPosition;
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query }) });
    const body = (await response.json()) as { data: T; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const consoleErrors: string[] = [];
  const outsideRequests: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'redstream-screen-e2e-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensureScreenBuilt();
    hallsFile = join(dataDir, 'halls.json');
    writeHalls('轮播测试');
    server = await startServer({ dataDir, port: 0, adminKey: ADMIN_KEY, screenKey: SCREEN_KEY, screenScope: `region:${REGION}`, hallsFile });
    const seeded = await seedRegion(server.url, ADMIN_KEY);
    streamer = seeded.streamers.find((s) => s.regionCode.startsWith(REGION))!;
    onAir = liveSessionOf({ name: '在播测试主播', regionCode: REGION, amountFen: 555_000_000, online: 3_456, views: 9_000, viewers: 1_500 });
    for (const fact of onAir.facts) onAirPosition = (await postFacts(server.url, ADMIN_KEY, [fact]))[0]!.position;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    // A hall's intranet: nothing but the platform answers.
    await page.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : (outsideRequests.push(route.request().url()), route.abort())));
    page.on('console', (msg) => void (msg.type() === 'error' && consoleErrors.push(msg.text())));
    page.on('pageerror', (err) => void consoleErrors.push(String(err)));
    // A platform start, a seeded region and a browser: minutes when the machine's two cores are shared.
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('renders the scope’s figures with a screen key, with no console errors', async () => {
    await page.goto(`${server.url}/screen?key=${SCREEN_KEY}`);
    // The key moves to localStorage and leaves the address bar.
    expect(new URL(page.url()).search).toBe('');
    await page.waitForSelector('#link[data-state="live"]', { timeout: 30_000 });
    await page.waitForFunction(() => Number(document.querySelector('#gmv')?.getAttribute('data-value')) > 0, null, { timeout: 30_000 });
    // Every panel has figures: today's sales, the ranking, the party tiles, the freshness.
    expect(await shownGmv(page)).toBeGreaterThan(0);
    expect(Number((await page.textContent('#orders'))!.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(Number(await page.textContent('#branches'))).toBeGreaterThan(0);
    expect(await page.getAttribute('#rank-list', 'aria-label')).toMatch(/^1\. .+ ¥[\d,]+\.\d\d/);
    expect(await page.textContent('#fresh-text')).toMatch(/^最新成交 \d+ (秒|分钟)前$/);
    expect(await page.textContent('#scope-label')).toBe('山东省临沂市兰山区');
    for (const chart of ['#chart-hours', '#chart-categories', '#chart-map']) {
      expect(await page.locator(`${chart} canvas`).count(), chart).toBeGreaterThan(0);
    }
    // Chinese is drawn with the font the platform ships, not a system one (this machine has none).
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const title = (await page.textContent('#title'))!;
    expect(await page.evaluate((text) => document.fonts.check('40px "Noto Sans SC"', text), title)).toBe(true);
    expect(await page.evaluate(() => [...document.fonts].some((f) => f.family === 'Noto Sans SC' && f.status === 'loaded'))).toBe(true);
    await page.waitForTimeout(700); // let the rolling counters settle for the picture
    await page.screenshot({ path: join(ARTIFACTS, 'screen-1920x1080.png') });
    expect(consoleErrors).toEqual([]);
    expect(outsideRequests).toEqual([]);
  });

  /** The region's screen the ranking and 口径 tests read (its own page: the first test's may still be loading on a busy machine). */
  let rankPage: Page;

  it('ranks streamers with their sessions today — on air, sessions, peak online, UV value — as the query layer counts them', async () => {
    rankPage = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await rankPage.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : (outsideRequests.push(route.request().url()), route.abort())));
    await rankPage.goto(`${server.url}/screen/region/${REGION}?key=${SCREEN_KEY}`, { timeout: 120_000 });
    const page = rankPage;
    const row = page.locator(`#rank-list li[data-streamer="${onAir.streamerId}"]`);
    await row.locator('.rk-air:not([hidden])').waitFor({ timeout: 30_000 });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const { liveMetricsBreakdown: [figures] } = await graphql<{ liveMetricsBreakdown: { sessions: number; pcu: number; uvValue: string }[] }>(
      `{ liveMetricsBreakdown(by: STREAMER, filter: { from: "${today}", streamerId: "${onAir.streamerId}" }) { sessions pcu uvValue } }`,
      // The screen is pushed a batch as soon as it is mapped, before its rows are in ClickHouse:
      // the badge can precede the session's summary row, so the question waits for its position.
      onAirPosition,
    );
    // 5,550,000.00 over 1,500 viewers; peak 3,456 online; one session.
    expect(figures).toEqual({ sessions: 1, pcu: 3456, uvValue: '3700.00' });
    // The sessions' figures come with the screen's slow figures (re-read at most 5 s after the
    // commit that brought the audience): on a busy machine the first push may predate them.
    await expect.poll(() => page.getAttribute('#rank-list', 'aria-label'), { timeout: 15_000 }).toContain('在播测试主播 ¥5,550,000.00 直播中 1场 PCU 3456 UV价值 ¥3,700.00');
    expect(await row.locator('.rk-label').textContent()).toBe('在播测试主播');
    expect(await row.locator('.rk-sessions').textContent()).toBe('1');
    expect(await row.locator('.rk-pcu').textContent()).toBe('3456');
    expect(await row.locator('.rk-uv').textContent()).toBe('¥3,700.00');
    expect(await row.locator('.rk-gmv').textContent()).toBe('¥555万');
  });

  it('shows a metric’s definition (口径) from metricDefinitions where the pointer rests', async () => {
    const { metricDefinitions } = await graphql<{ metricDefinitions: { id: string; nameZh: string; formula: string; numerator: string; denominator: string | null; version: number }[] }>(
      '{ metricDefinitions { id nameZh formula numerator denominator version } }',
    );
    const page = rankPage;
    const tip = page.locator('#metric-tip');
    for (const [selector, id] of [
      ['.rank-head [data-metric="uv_value"]', 'uv_value'],
      [`#rank-list li[data-streamer="${onAir.streamerId}"] .rk-pcu`, 'pcu'],
      ['[data-panel="gmv"] dt[data-metric="gmv_per_order"]', 'gmv_per_order'],
      ['[data-panel="farm"] dt[data-metric="farmer_paid"]', 'farmer_paid'],
    ] as const) {
      const d = metricDefinitions.find((m) => m.id === id)!;
      await page.hover(selector);
      await tip.waitFor({ state: 'visible', timeout: 10_000 });
      const text = (await tip.textContent())!;
      expect(await tip.getAttribute('data-metric-id')).toBe(id);
      for (const part of [d.nameZh, d.formula, d.numerator, `v${d.version}`, ...(d.denominator ? [d.denominator] : [])]) expect(text, `${id}: ${part}`).toContain(part);
      // The tip is on screen, whole.
      const box = (await tip.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(1080);
      if (id === 'uv_value') await page.screenshot({ path: join(ARTIFACTS, 'screen-metric-tip.png') });
    }
    await page.mouse.move(5, 1075);
    await tip.waitFor({ state: 'hidden', timeout: 10_000 });
    await page.close();
  });

  for (const wall of [
    { width: 1920, height: 1080 },
    { width: 6656, height: 1792 },
    { width: 1080, height: 1920 },
  ]) {
    it(`lists every metric on the screen with its definition on the playlist’s legend page, whole on a ${wall.width}x${wall.height} wall`, async () => {
      const p = await browser.newPage({ viewport: wall });
      try {
        await p.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : (outsideRequests.push(route.request().url()), route.abort())));
        await p.goto(`${server.url}/screen/playlist/legend?key=${SCREEN_KEY}`);
        await p.waitForSelector('#legend:not([hidden])', { timeout: 30_000 });
        const { metricDefinitions } = await graphql<{ metricDefinitions: { id: string; nameZh: string; formula: string }[] }>('{ metricDefinitions { id nameZh formula } }');
        const shown = await p.evaluate(() => {
          const legend = document.getElementById('legend')!.getBoundingClientRect();
          const named = [...new Set([...document.querySelectorAll<HTMLElement>('#stage [data-metric]')].map((el) => el.dataset.metric!))];
          const items = [...document.querySelectorAll<HTMLElement>('.legend-item')].map((el) => {
            const r = el.getBoundingClientRect();
            return { id: el.dataset.metricId!, text: el.textContent!, inside: r.left >= legend.left - 0.5 && r.right <= legend.right + 0.5 && r.top >= legend.top - 0.5 && r.bottom <= legend.bottom + 0.5 };
          });
          return { named, items };
        });
        // Every metric the page names is listed, with the server's definition.
        expect(shown.items.map((i) => i.id).sort()).toEqual([...shown.named].sort());
        for (const item of shown.items) {
          const d = metricDefinitions.find((m) => m.id === item.id)!;
          expect(item.text).toContain(d.nameZh);
          expect(item.text).toContain(d.formula);
        }
        expect(shown.items.filter((i) => !i.inside).map((i) => i.id), 'legend entries cut off').toEqual([]);
        await p.evaluate(() => document.fonts.ready.then(() => undefined));
        await p.screenshot({ path: join(ARTIFACTS, `screen-legend-${wall.width}x${wall.height}.png`) });
      } finally {
        await p.close();
      }
    });
  }

  it('scales the 1920x1080 stage to the display, letterboxed off 16:9 (fit=letterbox)', async () => {
    const small = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      await small.goto(`${server.url}/screen/region/${REGION}?key=${SCREEN_KEY}&fit=letterbox`);
      await small.waitForSelector('#link[data-state="live"]', { timeout: 30_000 });
      const box = async () => (await small.locator('#stage').boundingBox())!;
      expect(await box()).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
      await small.setViewportSize({ width: 1024, height: 768 });
      await small.waitForFunction(() => document.getElementById('stage')!.getBoundingClientRect().width === 1024);
      expect(await box()).toEqual({ x: 0, y: 96, width: 1024, height: 576 });
      expect(await small.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([1024, 768]);
    } finally {
      await small.close();
    }
  });

  for (const wall of [
    { width: 1920, height: 1080, layout: 'standard' },
    { width: 3840, height: 1080, layout: 'ultrawide' },
    { width: 6656, height: 1792, layout: 'ultrawide' },
    { width: 2560, height: 1080, layout: 'wide' },
    { width: 1024, height: 768, layout: 'square' },
    { width: 1080, height: 1920, layout: 'portrait' },
  ]) {
    it(`lays itself out for a ${wall.width}x${wall.height} wall: filled, one scale, canvases at device pixels`, async () => {
      const p = await browser.newPage({ viewport: { width: wall.width, height: wall.height } });
      try {
        await p.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : (outsideRequests.push(route.request().url()), route.abort())));
        await p.goto(`${server.url}/screen/region/${REGION}?key=${SCREEN_KEY}`);
        await p.waitForSelector('#link[data-state="live"]', { timeout: 30_000 });
        await p.waitForFunction(() => Number(document.querySelector('#gmv')?.getAttribute('data-value')) > 0, null, { timeout: 30_000 });
        expect(await p.getAttribute('#stage', 'data-layout')).toBe(wall.layout);
        // The stage covers the display exactly: no bars, nothing cut off.
        const box = (await p.locator('#stage').boundingBox())!;
        expect(box.x).toBe(0);
        expect(box.y).toBe(0);
        expect(box.width).toBeCloseTo(wall.width, 0);
        expect(box.height).toBeCloseTo(wall.height, 0);
        // Every text is scaled by the layout's own factor and no more, the same across and down
        // (never stretched), and every panel is inside the display.
        const measured = await p.evaluate(() => {
          const stage = document.getElementById('stage')!;
          const scale = stage.getBoundingClientRect().height / stage.offsetHeight;
          // What is on screen: the "live now" panel shows only on its playlist page.
          const texts = [...document.querySelectorAll<HTMLElement>('#title, #gmv, #clock, .panel:not([hidden]) h2, .panel:not([hidden]) .kv dd, .tiles dd')].map((el) => {
            const r = el.getBoundingClientRect();
            return { text: el.textContent, x: r.width / el.offsetWidth, y: r.height / el.offsetHeight };
          });
          const panels = [...document.querySelectorAll<HTMLElement>('.panel:not([hidden])')].map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height }));
          const canvases = [...document.querySelectorAll<HTMLCanvasElement>('.chart canvas')].map((c) => c.width / c.offsetWidth);
          // A figure drawn past its panel's edge is cut off (overflow hidden) or overlaps the next one.
          const figures = '.panel:not([hidden]) .kv dd, .panel:not([hidden]) .kv dt, .panel:not([hidden]) .rank-head span, .panel:not([hidden]) .rank-list li:not([hidden]) > span';
          const outside = [...document.querySelectorAll<HTMLElement>(figures)].flatMap((el) => {
            const r = el.getBoundingClientRect();
            const panel = el.closest('.panel')!.getBoundingClientRect();
            // A ranking figure wider than its column is cut off too (a long name may end in an ellipsis).
            const clipped = !el.classList.contains('rk-name') && el.scrollWidth > el.clientWidth + 1;
            return clipped || r.left < panel.left - 0.5 || r.right > panel.right + 0.5 || r.top < panel.top - 0.5 || r.bottom > panel.bottom + 0.5 ? [`${el.closest('.panel')!.getAttribute('data-panel')}: ${el.textContent}`] : [];
          });
          return { scale, texts, panels, canvases, outside, dpr: window.devicePixelRatio };
        });
        const expectedScale = wall.layout === 'portrait' ? wall.width / 1080 : wall.height / 1080;
        expect(measured.scale).toBeCloseTo(expectedScale, 3);
        for (const t of measured.texts) {
          expect(t.x, `${t.text} across`).toBeCloseTo(measured.scale, 2);
          expect(t.y, `${t.text} down`).toBeCloseTo(measured.scale, 2);
        }
        for (const r of measured.panels) {
          expect(r.left).toBeGreaterThanOrEqual(0);
          expect(r.top).toBeGreaterThanOrEqual(0);
          expect(r.right).toBeLessThanOrEqual(wall.width + 0.5);
          expect(r.bottom).toBeLessThanOrEqual(wall.height + 0.5);
          expect(r.width).toBeGreaterThan(150);
          expect(r.height).toBeGreaterThan(100);
        }
        expect(measured.outside, 'figures outside their panel').toEqual([]);
        // Charts draw at the display's pixels: a canvas is scale x devicePixelRatio bitmap pixels per layout pixel.
        expect(measured.canvases.length).toBeGreaterThanOrEqual(3);
        for (const ratio of measured.canvases) expect(ratio).toBeCloseTo(Math.max(1, measured.scale * measured.dpr), 1);
        await p.evaluate(() => document.fonts.ready.then(() => undefined));
        await p.waitForTimeout(800);
        await p.screenshot({ path: join(ARTIFACTS, `screen-${wall.width}x${wall.height}.png`) });
      } finally {
        await p.close();
      }
    });
  }

  it('rotates a hall’s playlist page by page, holds it while touched, and follows a change of the halls file without a reload', async () => {
    const p = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await p.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : (outsideRequests.push(route.request().url()), route.abort())));
      await p.goto(`${server.url}/screen/playlist/e2e?key=${SCREEN_KEY}`);
      await p.waitForSelector('#link[data-state="live"]', { timeout: 30_000 });
      // Every page in turn, each with its own heading and panel brought forward, and round again.
      // Each sample reads the page and what is on screen in one evaluate: on a loaded machine a
      // 3-second page can turn between two round trips.
      const seen: string[] = [];
      const onLiveNowPage: { live: boolean; map: boolean }[] = [];
      const started = Date.now();
      while (Date.now() - started < 20_000 && seen.length < 5) {
        const sample = await p.evaluate(() => ({
          now: `${document.getElementById('stage')!.dataset.page}:${document.getElementById('title')!.textContent}:${document.querySelector('.panel.focus')?.getAttribute('data-panel') ?? ''}`,
          live: document.querySelector<HTMLElement>('[data-panel="live"]')!.checkVisibility(),
          map: document.querySelector<HTMLElement>('[data-panel="map"]')!.checkVisibility(),
        }));
        const { now } = sample;
        if (seen.at(-1) !== now) seen.push(now);
        if (now.startsWith('1:') && !seen.slice(0, -1).some((s) => s.startsWith('1:'))) await p.screenshot({ path: join(ARTIFACTS, 'screen-playlist-farm.png') });
        // "Live now" takes the map's place, and only on its page.
        if (now.startsWith('3:')) onLiveNowPage.push({ live: sample.live, map: sample.map });
        else expect(sample.live, `live panel on page ${now}`).toBe(false);
        await p.waitForTimeout(200);
      }
      // Page after page in the playlist's order (wherever the rotation was when the page was first read), all four seen.
      const order = ['0:轮播测试:', '1:助农专场:farm', '2:主播排行:rank', '3:正在直播:live'];
      expect(new Set(seen)).toEqual(new Set(order));
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBe(order[(order.indexOf(seen[i - 1]!) + 1) % order.length]);
      expect(onLiveNowPage.length).toBeGreaterThan(0);
      for (const s of onLiveNowPage) expect(s).toEqual({ live: true, map: false });
      // Answered by the persisted liveNow query with the screen key: a row per session on air, or
      // "暂无直播" (never shown before an answer says so). The panel keeps its rows between visits,
      // so by its next turn it shows them from the start.
      await p.waitForFunction(
        () => document.getElementById('stage')!.dataset.page === '3' && /^\d/.test(document.getElementById('live-sessions-on-air')!.textContent!) && (!document.getElementById('live-empty')!.hidden || document.querySelector('#live-list li:not([hidden])')),
        null,
        { timeout: 20_000 },
      );
      await p.screenshot({ path: join(ARTIFACTS, 'screen-playlist-live-now.png') });
      // A touch holds the page well past its 3 seconds.
      await p.mouse.click(960, 540);
      const held = await p.getAttribute('#stage', 'data-page');
      await p.waitForSelector('#paused:not([hidden])', { timeout: 10_000 });
      await p.waitForTimeout(5000);
      expect(await p.getAttribute('#stage', 'data-page')).toBe(held);
      // The halls file changes: the open screen takes the new title within seconds, same document.
      await p.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
      writeHalls('轮播测试 · 新标题');
      await p.waitForFunction(() => document.getElementById('title')!.textContent === '轮播测试 · 新标题', null, { timeout: 10_000 });
      expect(await p.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
      expect((await p.request.get(`${server.url}/screen/playlist/nope`)).status()).toBe(404);
    } finally {
      await p.close();
    }
  });

  it('reloads itself at a safe moment when its memory passes the budget, says so in its log, and only once', async () => {
    const p = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const logs: string[] = [];
    p.on('console', (msg) => void logs.push(msg.text()));
    try {
      await p.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : (outsideRequests.push(route.request().url()), route.abort())));
      // A budget of 1 MB, read every second: the page is over it from the start.
      await p.goto(`${server.url}/screen/region/${REGION}?key=${SCREEN_KEY}&memoryBudgetMb=1&watchdogEveryMs=1000`);
      await p.waitForSelector('#link[data-state="live"]', { timeout: 30_000 });
      await expect.poll(() => logs.some((l) => /watchdog: JS heap .* MB is over the budget of 1 MB/.test(l)), { timeout: 10_000 }).toBe(true);
      // The next push drawn is the safe moment (a sale makes one come now).
      await postFacts(server.url, ADMIN_KEY, [saleOf(streamer.id, 100)]);
      await expect.poll(() => logs.some((l) => /watchdog: reloading now/.test(l)), { timeout: 30_000 }).toBe(true);
      await p.waitForSelector('#link[data-state="live"]', { timeout: 30_000 });
      await expect.poll(() => logs.some((l) => /watchdog: this page was reloaded at .* over the budget of 1 MB/.test(l)), { timeout: 10_000 }).toBe(true);
      // Still over the budget, but it does not reload in a loop.
      await p.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
      await postFacts(server.url, ADMIN_KEY, [saleOf(streamer.id, 100)]);
      await p.waitForTimeout(3000);
      expect(await p.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
      expect(logs.filter((l) => /reloading now/.test(l))).toHaveLength(1);
    } finally {
      await p.close();
    }
  });

  it('shows a sale posted to the write API by itself, without a reload', async () => {
    const before = await shownGmv(page);
    // One fact after a quiet spell, as on a hall screen: the sale of a streamer the region knows.
    const posted = Date.now();
    await postFacts(server.url, ADMIN_KEY, [saleOf(streamer.id, 987_654_321)]);
    const expected = formatFen(before + 987_654_321);
    // How fast is a benchmark figure (services/screen/bench/push-latency.ts), not a timed test: on
    // two shared cores a 2 s limit here failed for load alone. The time is printed; 30 s means stuck.
    await page.waitForFunction((text) => document.querySelector('#gmv')?.textContent === text, expected, { timeout: 30_000 });
    console.info(`screen: a sale posted showed after ${Date.now() - posted} ms`);
    expect(await page.getAttribute('#rank-list', 'aria-label')).toMatch(new RegExp(`^1\\. ${streamer.displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ¥`));
    expect(consoleErrors).toEqual([]);
  });

  it('says it is offline within 5 s with the last figures kept, then recovers by itself without a reload and shows facts accepted since', async () => {
    const before = await shownGmv(page);
    // A reload would lose this marker: the page must come back by itself.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    // Cut off: the badge within 5 s of the server going away, the last figures kept on screen.
    const stopping = Date.now();
    const badgeShown = page.waitForSelector('#offline:not([hidden])', { timeout: 5000 }).then(() => Date.now());
    await server.stop();
    console.info(`screen: the offline badge showed ${(await badgeShown) - stopping} ms after the server was told to stop`);
    await page.waitForSelector('#link:not([data-state="live"])', { timeout: 30_000 });
    expect(await page.textContent('#offline')).toMatch(/^离线 · 数据截至 \d\d:\d\d$/);
    expect(await shownGmv(page)).toBe(before);
    expect(await page.textContent('#gmv')).toBe(formatFen(before));
    await page.screenshot({ path: join(ARTIFACTS, 'screen-offline.png') });
    await ensureScreenBuilt();
    server = await startServer({ dataDir, port: server.port, adminKey: ADMIN_KEY, screenKey: SCREEN_KEY, screenScope: `region:${REGION}`, hallsFile });
    const [newcomer, sale] = streamerWithSale({ name: '重启后主播', amountFen: 1_234_500_000, regionCode: REGION });
    await postFacts(server.url, ADMIN_KEY, [newcomer]);
    await postFacts(server.url, ADMIN_KEY, [sale]);
    const expected = formatFen(before + 1_234_500_000);
    await page.waitForFunction((text) => document.querySelector('#gmv')?.textContent === text, expected, { timeout: 60_000 });
    await page.waitForSelector('#link[data-state="live"]');
    await page.waitForSelector('#offline[hidden]', { state: 'attached' });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await page.getAttribute('#rank-list', 'aria-label')).toMatch(/^1\. 重启后主播 ¥12,345,000\.00/);
    // Only the refused connections while the server was down may have been logged.
    expect(consoleErrors.filter((e) => !/ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|network error|Failed to fetch|ERR_INCOMPLETE_CHUNKED_ENCODING/i.test(e))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'screen-after-restart.png') });
  });
});
