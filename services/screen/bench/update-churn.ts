import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatInstant as iso } from '@redstream/schema';
import type { LiveFigures } from '../web/figures.ts';
import { DEFAULT_DIST_DIR } from '../src/index.ts';
import { launchChromium } from '@redstream/service-kit';
import { numberArg } from './load.ts';
import { pageMemory } from './page-memory.ts';

export interface ChurnOptions {
  /** Pushes before the baseline (default 500) and in all (default 5000). */
  warmup?: number;
  updates?: number;
  /** Pushes per SSE response; the stream then completes and the page reconnects (default 100). */
  perConnection?: number;
}

export interface ChurnFigures {
  updates: number;
  reconnects: number;
  baselineHeapMb: number;
  endHeapMb: number;
  growth: number;
  bytesPerUpdate: number;
  nodes: [number, number];
  listeners: [number, number];
}

const ORIGIN = 'http://screen.test';
const log = (text: string) => process.stderr.write(`${text}\n`);
const PROVINCES = ['110000', '310000', '370000', '440000', '320000', '330000', '510000', '420000', '410000', '650000', '540000', '460000'];
const CATEGORIES = ['农产品', '服装鞋帽', '美妆', '日用百货', '食品饮料', '家纺', '数码'];
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** Figures number `n`: every value moves, the ranking reshuffles among 60 names. */
function figures(n: number): LiveFigures {
  const gmv = 1_000_000 + n * 9_137;
  const at = Date.UTC(2026, 0, 1, 4) + n * 1000;
  return {
    regionCode: '371302',
    parkId: null,
    day: '2026-01-01',
    today: { orders: 100 + n, gmv: yuan(gmv), refunds: yuan(n * 13), netSales: yuan(gmv - n * 13), averageOrderValue: yuan(Math.round(gmv / (100 + n))), streamers: 20 + (n % 40) },
    ordersLastMinute: n % 97,
    ordersPerMinute: (n % 53) / 1.7,
    todayByHour: Array.from({ length: 1 + (n % 24) }, (_, h) => ({ bucket: `2026-01-01T${String(h).padStart(2, '0')}:00:00+08:00`, orders: h + n, gmv: yuan((h + 1) * (n + 7) * 101) })),
    topStreamers: Array.from({ length: 10 }, (_, i) => ({ streamerId: `s${(n * 7 + i * 13) % 60}`, displayName: `主播${(n * 7 + i * 13) % 60}号`, gmv: yuan((10 - i) * (n + 100) * 97), orders: 10 - i })),
    topStreamerSessions: Array.from({ length: 10 }, (_, i) => ({
      streamerId: `s${(n * 7 + i * 13) % 60}`,
      onAir: (n + i) % 3 === 0,
      onlineNow: (n + i) % 3 === 0 ? 100 + ((n * i) % 5000) : null,
      sessions: 1 + ((n + i) % 3),
      pcu: 200 + ((n * 31 + i) % 20_000),
      viewers: 1000 + n * 10 + i,
      uvValue: (n + i) % 4 === 0 ? null : yuan(100 + ((n * 17 + i) % 900)),
      gpmOverViews: yuan(10_000 + ((n * 13 + i) % 90_000)),
    })),
    categories: CATEGORIES.map((key, i) => ({ key, orders: i + n, gmv: yuan(((i + n) % 11) * 5000 + 1) })),
    buyerProvinces: PROVINCES.slice(0, 4 + (n % 8)).map((key, i) => ({ key, orders: i + 1, gmv: yuan((i + 1) * (n + 3) * 211) })),
    farmSalesToday: { orders: n, gmv: yuan(n * 503) },
    farmerIncomeToday: yuan(n * 211),
    farmerHouseholdsToday: n % 70,
    branches: 3 + (n % 5),
    members: 40 + (n % 9),
    applicants: 7 + (n % 4),
    trainingThisYear: { sessions: n % 30, trainees: n % 300, personTimes: n % 500, hours: n % 900 },
    parcelSavingsThisYear: yuan(n * 37),
    parcelsThisYear: n * 3,
    newestSaleAt: iso(at - 2000),
    computedAt: iso(at),
    position: String(n),
  };
}

/**
 * The page's memory under many updates and reconnects, fast: the built page in Chromium with
 * /graphql answered by the browser's router (no server), each SSE response `perConnection`
 * pushes then the end of the stream, so the page also reconnects again and again. Heap after GC
 * after `warmup` pushes vs after `updates`.
 */
export async function churn(options: ChurnOptions = {}): Promise<ChurnFigures> {
  const warmup = options.warmup ?? 500;
  const updates = options.updates ?? 5000;
  const per = options.perConnection ?? 100;
  const dist = DEFAULT_DIST_DIR;
  if (!existsSync(join(dist, 'index.html'))) throw new Error('build the page first: npm run build -w services/screen');
  const config = { scope: { regionCode: '371302' }, scopeLabel: '区域 371302', title: '直播电商数据大屏', graphqlUrl: '/graphql', operationHash: '0'.repeat(64) };
  const html = readFileSync(join(dist, 'index.html'), 'utf8').replace('<!--rs-config-->', `<script id="rs-config" type="application/json">${JSON.stringify(config)}</script>`);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => void errors.push(String(e)));
    let sent = 0;
    let connections = 0;
    await page.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/graphql') {
        connections++;
        const n = Math.min(per, updates - sent);
        let body = '';
        for (let i = 0; i < n; i++) body += `event: next\ndata: ${JSON.stringify({ data: { liveFigures: figures(++sent) } })}\n\n`;
        // After the last push the stream stays... ended: the page reconnects; past `updates` it gets nothing new.
        body += 'event: complete\ndata:\n\n';
        return route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body });
      }
      if (url.pathname.startsWith('/screen/assets/')) return route.fulfill({ path: join(dist, 'assets', url.pathname.slice('/screen/assets/'.length)) });
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    });
    await page.goto(`${ORIGIN}/screen?key=churn-key`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const reached = async (n: number) => {
      await page.waitForFunction((p) => Number(document.getElementById('stage')!.dataset.position) >= p, n, { timeout: 600_000, polling: 200 });
    };
    await reached(warmup);
    const base = await pageMemory(cdp);
    log(`baseline after ${warmup} pushes: ${(base.used / 1048576).toFixed(2)} MB, ${base.nodes} nodes, ${base.listeners} listeners`);
    await reached(updates);
    await page.waitForTimeout(1500);
    const end = await pageMemory(cdp);
    log(`after ${updates} pushes, ${connections} connections: ${(end.used / 1048576).toFixed(2)} MB, ${end.nodes} nodes, ${end.listeners} listeners`);
    if (errors.length) throw new Error(`page errors: ${errors.slice(0, 3).join(' | ')}`);
    const mb = (b: number) => Math.round((b / 1048576) * 100) / 100;
    return {
      updates,
      reconnects: connections - 1,
      baselineHeapMb: mb(base.used),
      endHeapMb: mb(end.used),
      growth: Math.round(((end.used - base.used) / base.used) * 1000) / 1000,
      bytesPerUpdate: Math.round((end.used - base.used) / (updates - warmup)),
      nodes: [base.nodes, end.nodes],
      listeners: [base.listeners, end.listeners],
    };
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await churn({ updates: numberArg('updates'), warmup: numberArg('warmup'), perConnection: numberArg('per') }), null, 2));
  process.exit(0);
}
