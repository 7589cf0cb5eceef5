import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateRegion } from '@redstream/simulator';
import { buildGraphqlApi, loadGraphqlEnv } from '@redstream/graphql-api';
import { authPlugin, CJK_FONT_FAMILY, createApiKey, createServer, fontRoutes, KeyRing, launchChromium, type NewKeySpec } from '@redstream/service-kit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeAnnualFigures,
  createPdfPrinter,
  createSummaryStore,
  figuresToJson,
  parseScope,
  renderHtml,
  runSummaryCommand,
  startSummarySchedule,
  summaryRoutes,
  type AnnualFigures,
  type PdfPrinter,
  type ScheduleClock,
  type ScheduleRun,
  type SummaryStore,
} from '../src/index.ts';
import { metricDefinition, type MetricDefinition } from '@redstream/queries';
import { readPdf } from './read-pdf.ts';
import { openTestStores, type TestStores } from './stores.ts';

/**
 * The documents and the ways in, on a simulated Lanshan (2024–2025, deterministic seed): HTML with
 * every chart drawn, the PDF printed by Chromium and read back with pdf.js, the page in Chromium, GraphQL's
 * annualSummary against the summary, the HTTP routes with keys and region scopes, the schedule
 * on a test clock, and the CLI function.
 */
const ARTIFACTS = join(import.meta.dirname, '..', 'test-artifacts');
const facts = [...generateRegion({ seed: 7, from: '2024-01-01', to: '2025-12-31', scale: 0.00002 })];

const KEYS = {
  admin: { id: 'admin-1', roles: ['admin'] },
  analyst: { id: 'analyst', roles: ['analyst'] },
  lanshan: { id: 'lanshan-analyst', roles: ['analyst'], regionCode: '371302' },
  writer: { id: 'writer', roles: ['writer'], families: ['sales'] },
} satisfies Record<string, NewKeySpec>;
type KeyName = keyof typeof KEYS;

let stores: TestStores;
let printer: PdfPrinter;
let store: SummaryStore;
let app: FastifyInstance;
let keys: Record<KeyName, string>;
let lanshan2025: AnnualFigures;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  stores = await openTestStores();
  await stores.send(facts);
  printer = createPdfPrinter();
  // A fixed clock after 2025 ended: 2025 is a closed year whatever day the tests run.
  store = createSummaryStore({ dataDir: stores.dir, query: stores.query, printer, clock: () => new Date('2026-03-01T09:00:00+08:00') });
  const created = Object.fromEntries(Object.entries(KEYS).map(([name, spec]) => [name, createApiKey(spec as NewKeySpec)]));
  keys = Object.fromEntries(Object.entries(created).map(([name, k]) => [name, k.plaintext])) as Record<KeyName, string>;
  const ring = new KeyRing(Object.values(created).map((k) => k.entry));
  app = createServer({ logLevel: 'silent' });
  await app.register(authPlugin, { keyRing: ring });
  await app.register(buildGraphqlApi({ clickhouse: stores.clickhouse, keys: ring, env: loadGraphqlEnv({ NODE_ENV: 'test' }) }).plugin);
  await app.register(summaryRoutes, { store });
  await app.ready();
  lanshan2025 = await computeAnnualFigures(stores.query, 2025, parseScope('371302'));
});

afterAll(async () => {
  await app?.close();
  await printer?.close();
  await stores?.close();
});

const get = (url: string, key: KeyName | null = 'analyst') => app.inject({ method: 'GET', url, headers: key ? { authorization: `Bearer ${keys[key]}` } : {} });

async function gql<T>(query: string, variables: Record<string, unknown>, key: KeyName = 'analyst'): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${keys[key]}` },
    payload: JSON.stringify({ query, variables }),
  });
  return response.json();
}

const ANNUAL = `query ($year: Int!, $region: String!) { annualSummary(year: $year, regionCode: $region) {
  gmv orders netSales gmvYoY farmerIncome households branchesFounded streamersTrained parcelSavings htmlUrl pdfUrl } }`;

describe('the simulated region', () => {
  it('has data of every section in 2025 and sales in 2024 to compare with', () => {
    expect(lanshan2025.hasData).toBe(true);
    expect(lanshan2025.sales.current.orders).toBeGreaterThan(1000);
    expect(lanshan2025.sales.previous?.orders).toBeGreaterThan(1000);
    expect(lanshan2025.farmerIncome?.payments).toBeGreaterThan(0);
    expect(lanshan2025.parcels?.parcels).toBeGreaterThan(0);
    expect(lanshan2025.training?.personTimes).toBeGreaterThan(0);
  });
});

describe('HTML', () => {
  it('draws every chart it names, each an SVG with paths and text', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const html = renderHtml(lanshan2025, lang, new Date());
      writeFileSync(join(ARTIFACTS, `summary-371302-2025.${lang}.html`), html);
      const figures = [...html.matchAll(/<figure class="chart" data-chart="([\w-]+)">([\s\S]*?)<\/figure>/g)];
      expect(figures.map((m) => m[1])).toEqual(['monthly', 'categories', 'party-status', 'carriers']);
      for (const [, id, svg] of figures) {
        expect(svg, id).toMatch(/^<svg[\s\S]*<\/svg>$/);
        expect((svg!.match(/<path /g) ?? []).length, id).toBeGreaterThan(3);
        expect(svg!.match(/<text[^>]*>[^<]+<\/text>/g)?.length ?? 0, id).toBeGreaterThan(2);
      }
      // The monthly chart carries one bar per month with sales, and last year's line.
      const monthly = figures[0]![2]!;
      expect(monthly).toContain(lang === 'zh-CN' ? '12月' : '>12<');
      expect(monthly).toContain('2024');
    }
  });

  it('writes the headline figures in the narrative', () => {
    const html = renderHtml(lanshan2025, 'zh-CN', new Date());
    expect(html).toContain('2025年度直播经济工作总结');
    expect(html).toMatch(/同比(增长|下降)\d+\.\d%|与上年持平/);
    expect(html).toContain(`成交订单${lanshan2025.sales.current.orders.toLocaleString('en-US')}单`);
  });
});

describe('PDF', () => {
  it('ends with the 口径 appendix: each metric it states, its definition and version, as in the JSON', async () => {
    const json = (await get('/summaries/2025/371302.json')).json();
    const ids = (json.definitions as { id: string }[]).map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['gmv', 'orders', 'net_sales', 'farmer_paid', 'households']));
    for (const d of json.definitions) expect(d).toEqual(metricDefinition(d.id));
    const read = await readPdf((await get('/summaries/2025/371302.pdf')).rawPayload);
    const text = read.text.replace(/\s+/g, '');
    expect(text).toContain('附录：口径说明');
    for (const d of json.definitions as MetricDefinition[]) expect(text, d.id).toContain(`${d.nameZh}(${d.id})`.replace(/\s+/g, ''));
    // Σ is drawn as the summation sign ∑, which the shipped font holds.
    expect(text).toContain(metricDefinition('gmv')!.formula.replace('Σ', '∑').replace(/\s+/g, ''));
    const enText = (await readPdf((await get('/summaries/2025/371302.en.pdf')).rawPayload)).text.replace(/\s+/g, '');
    expect(enText).toContain('Appendix:definitions');
    expect(enText).toContain('GMVperorder(gmv_per_order)');
  });

  it('is printed by Chromium with the headline and figures as text, drawn in the embedded shipped CJK font', async () => {
    const response = await get('/summaries/2025/371302.pdf');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync(join(ARTIFACTS, 'summary-371302-2025.pdf'), pdf);
    const read = await readPdf(pdf);
    expect(read.pages).toBeGreaterThanOrEqual(2);
    expect(read.text).toContain('2025年度直播经济工作总结');
    expect(read.text).toContain(`成交订单${lanshan2025.sales.current.orders.toLocaleString('en-US')}单`);
    // Every run of text is drawn by an embedded subset of Noto Sans SC: no glyph fell back to a
    // system font (or to none), whatever the machine has installed.
    expect(read.fonts.length).toBeGreaterThan(0);
    for (const font of read.fonts) {
      expect(font.name).toMatch(/^[A-Z]{6}\+NotoSansSC/);
      expect(font.embedded).toBe(true);
    }
  });
});

describe('the HTML page in Chromium', () => {
  it('draws its Chinese with the font the platform serves, fetching nothing from elsewhere', async () => {
    const site = createServer({ logLevel: 'silent' });
    await site.register(authPlugin, { keyRing: new KeyRing([]) });
    await site.register(fontRoutes);
    site.get('/summary.html', async (_request, reply) => reply.type('text/html; charset=utf-8').send(renderHtml(lanshan2025, 'zh-CN', new Date())));
    const base = await site.listen({ port: 0, host: '127.0.0.1' });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
      const outside: string[] = [];
      await page.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : (outside.push(route.request().url()), route.abort())));
      await page.goto(`${base}/summary.html`, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const title = await page.textContent('h1');
      expect(title).toContain('年度直播经济工作总结');
      expect(await page.evaluate((text) => document.fonts.check('24px "Noto Sans SC"', text), title!)).toBe(true);
      const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family));
      expect(loaded.length).toBeGreaterThan(0);
      expect(new Set(loaded)).toEqual(new Set([CJK_FONT_FAMILY]));
      expect(outside).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, 'summary-371302-2025.png'), fullPage: false });
    } finally {
      await browser.close();
      await site.close();
    }
  });
});

describe('GraphQL annualSummary', () => {
  it('equals the summary’s figures, and its links serve the documents with the same key', async () => {
    const { data, errors } = await gql<{ annualSummary: Record<string, unknown> }>(ANNUAL, { year: 2025, region: '371302' });
    expect(errors).toBeUndefined();
    const json = figuresToJson(lanshan2025, new Date());
    expect(data!.annualSummary).toMatchObject({
      gmv: json.sales.current.gmv,
      orders: json.sales.current.orders,
      netSales: json.sales.current.netSales,
      gmvYoY: json.sales.gmvYoY,
      farmerIncome: json.farmerIncome!.income,
      households: json.farmerIncome!.households,
      branchesFounded: json.partyBuilding.branchesFounded,
      streamersTrained: json.training!.trainees,
      parcelSavings: json.parcels!.savings,
    });
    expect(typeof data!.annualSummary.gmvYoY).toBe('number');
    for (const [field, type] of [
      ['htmlUrl', 'text/html; charset=utf-8'],
      ['pdfUrl', 'application/pdf'],
    ] as const) {
      const url = new URL(data!.annualSummary[field] as string);
      expect(url.pathname).toBe(`/summaries/2025/371302.${field === 'htmlUrl' ? 'html' : 'pdf'}`);
      const response = await get(url.pathname);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(type);
    }
    expect((await get('/summaries/2025/371302.html')).body).toContain('<svg');
  });

  it('answers null gmvYoY without sales the year before', async () => {
    const { data } = await gql<{ annualSummary: { gmvYoY: number | null; orders: number } }>(ANNUAL, { year: 2024, region: '371302' });
    expect(data!.annualSummary.orders).toBeGreaterThan(0);
    expect(data!.annualSummary.gmvYoY).toBeNull();
  });

  it('refuses a region outside the key’s scope, and a bad region or year', async () => {
    expect((await gql(ANNUAL, { year: 2025, region: '371300' }, 'lanshan')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql(ANNUAL, { year: 2025, region: '371302' }, 'lanshan')).errors).toBeUndefined();
    expect((await gql(ANNUAL, { year: 2025, region: '37x' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql(ANNUAL, { year: 1900, region: '371302' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('routes', () => {
  it('answer asOf with 501 in a process that cannot replay the log, and 400 for a bad position', async () => {
    const response = await get('/summaries/2025/371302.html?asOf=5');
    expect(response.statusCode).toBe(501);
    expect(response.body).toContain('asOf needs the event log');
    expect((await get('/summaries/2025/371302.json?asOf=yesterday')).statusCode).toBe(400);
  });

  it('need a key with a reading role, and keep a scoped key inside its region', async () => {
    expect((await get('/summaries/2025/371302.html', null)).statusCode).toBe(401);
    expect((await get('/summaries/2025/371302.html', 'writer')).statusCode).toBe(403);
    expect((await get('/summaries/2025/371300.html', 'lanshan')).statusCode).toBe(403);
    expect((await get('/summaries/2025/371302.json', 'lanshan')).statusCode).toBe(200);
    expect((await get('/summaries/2025/park-nope.html', 'lanshan')).statusCode).toBe(403);
    expect((await get('/summaries/2025/park-nope.html', 'admin')).statusCode).toBe(404);
    expect((await get('/summaries/2025/abc.html')).statusCode).toBe(400);
    expect((await get('/summaries/2099/371302.html')).statusCode).toBe(404);
  });

  it('serve JSON equal to the figures and English on request', async () => {
    const json = (await get('/summaries/2025/371302.json')).json();
    expect(json.sales.current.gmv).toBe(figuresToJson(lanshan2025, new Date()).sales.current.gmv);
    const en = await get('/summaries/2025/371302.en.html');
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('<html lang="en">');
  });

  it('regenerate a closed year’s file written before the year ended, and serve one written after it', async () => {
    const path = join(store.dir, '2025', '371302.json');
    await get('/summaries/2025/371302.json');
    const written = statSync(path).mtimeMs;
    expect((await get('/summaries/2025/371302.json')).statusCode).toBe(200);
    expect(statSync(path).mtimeMs).toBe(written);
    // What the JSON says it is decides (not the file's time): one read in December is not final.
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), generatedAt: '2025-12-01T12:00:00+08:00' }));
    expect((await get('/summaries/2025/371302.json')).statusCode).toBe(200);
    expect(statSync(path).mtimeMs).toBeGreaterThan(Date.parse('2026-01-01T00:00:00+08:00'));
  });

  it('keep a summary read while the projections were behind the log only until they have caught up', async () => {
    const head = await stores.eventStore.headPosition();
    let position = head - 5n;
    const catching = createSummaryStore({
      dataDir: join(stores.dir, 'catching-up'),
      query: stores.query,
      printer,
      clock: () => new Date('2026-03-01T09:00:00+08:00'),
      positions: async () => ({ position, at: new Date(), head }),
      catchUpWaitMs: 50,
    });
    const request = { year: 2025, scope: parseScope('371302'), format: 'json' as const };
    const file = await catching.get(request);
    const first = JSON.parse(file.body.toString());
    expect(first.asOf, 'served, but not final').toMatchObject({ position: String(head - 5n), head: String(head), final: false });
    position = head;
    const second = JSON.parse((await catching.get(request)).body.toString());
    expect(second.asOf, 'read again once caught up').toMatchObject({ position: String(head), head: String(head), final: true });
    expect(second.edition, 'a provisional summary is not an edition').toBe(1);
    const final = statSync(file.path).mtimeMs;
    await catching.get(request);
    expect(statSync(file.path).mtimeMs, 'a final summary is kept').toBe(final);
  });

  it('list what is stored, only inside the key’s region', async () => {
    await get('/summaries/2025/371300.json', 'admin');
    const all = (await get('/summaries', 'analyst')).json().summaries as { year: number; scope: string; htmlUrl: string }[];
    expect(all.map((s) => `${s.year}/${s.scope}`)).toEqual(expect.arrayContaining(['2025/371302', '2025/371300']));
    const scoped = (await get('/summaries', 'lanshan')).json().summaries as { scope: string }[];
    expect(scoped.map((s) => s.scope)).toContain('371302');
    expect(scoped.map((s) => s.scope)).not.toContain('371300');
  });
});

describe('a year with no data', () => {
  it('says so in the document', async () => {
    const response = await get('/summaries/2015/371302.html');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('data-no-data="true"');
    expect(response.body).toContain('本年度无可总结的数据');
    expect(response.body).not.toContain('<figure');
    expect((await get('/summaries/2015/371302.json')).json().hasData).toBe(false);
  });
});

describe('schedule', () => {
  it('on 1 January 00:05 Asia/Shanghai stores last year’s summary of every configured scope', async () => {
    const dataDir = join(stores.dir, 'scheduled');
    const scheduled = createSummaryStore({ dataDir, query: stores.query, printer });
    // 2024's summaries are already stored, so the start makes up nothing.
    mkdirSync(join(dataDir, 'summaries', '2024'), { recursive: true });
    for (const scope of ['371302', '371300']) {
      writeFileSync(
        join(dataDir, 'summaries', '2024', `${scope}.json`),
        JSON.stringify({ generatedAt: '2025-01-01T00:05:00+08:00', hasData: true, scope: { regionCode: scope }, asOf: { position: null, checkpointAt: null, head: null, final: true } }),
      );
    }
    let now = new Date('2025-12-31T23:59:00+08:00');
    const slept: number[] = [];
    let release: (() => void) | undefined;
    const clock: ScheduleClock = {
      now: () => now,
      sleep: (ms, signal) => {
        slept.push(ms);
        if (slept.length === 1) {
          now = new Date(now.getTime() + ms);
          return Promise.resolve();
        }
        // The next wait (a year) lasts until the test stops the schedule.
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
      },
    };
    const runs: ScheduleRun[] = [];
    const done = new Promise<void>((resolve) => (release = resolve));
    const schedule = startSummarySchedule({
      store: scheduled,
      scopes: [parseScope('371302'), parseScope('371300')],
      clock,
      onRun: (run) => {
        runs.push(run);
        if (runs.length === 2) release!();
      },
    });
    await done;
    expect(slept[0]).toBe(6 * 60_000);
    expect(runs.map((r) => [r.year, r.scope, r.ok])).toEqual([
      [2025, '371302', true],
      [2025, '371300', true],
    ]);
    for (const file of ['371302.html', '371302.pdf', '371302.json', '371302.en.html', '371302.en.pdf', '371300.pdf']) expect(existsSync(join(dataDir, 'summaries', '2025', file)), file).toBe(true);
    expect((await scheduled.list()).map((s) => `${s.year}/${s.scope}`)).toEqual(['2024/371300', '2024/371302', '2025/371300', '2025/371302']);
    expect(schedule.nextRunAt().toISOString()).toBe(new Date('2027-01-01T00:05:00+08:00').toISOString());
    await schedule.stop();
  });

  it('makes up a run missed while the process was down', async () => {
    const dataDir = join(stores.dir, 'missed');
    const scheduled = createSummaryStore({ dataDir, query: stores.query, printer });
    const runs: ScheduleRun[] = [];
    const clock: ScheduleClock = { now: () => new Date('2026-03-01T12:00:00+08:00'), sleep: (_ms, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))) };
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const schedule = startSummarySchedule({ store: scheduled, scopes: [parseScope('371302')], clock, onRun: (run) => (runs.push(run), release()) });
    await done;
    expect(runs[0]).toMatchObject({ year: 2025, scope: '371302', ok: true });
    await schedule.stop();
  });
});

describe('CLI', () => {
  it('writes the summary in the asked format', async () => {
    const out = join(stores.dir, 'cli-2025.json');
    const env = { REDSTREAM_DATA_DIR: join(stores.dir, 'cli') };
    const result = await runSummaryCommand(['--year', '2025', '--region', '371302', '--format', 'json', '--out', out], {
      env,
      openQuery: async () => ({ query: stores.query, close: async () => {} }),
    });
    expect(result.out).toBe(out);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.sales.current).toEqual(figuresToJson(lanshan2025, new Date()).sales.current);
    const pdf = join(stores.dir, 'cli-2025.pdf');
    await runSummaryCommand(['--year', '2025', '--region', '371302', '--format', 'pdf', '--lang', 'en', '--out', pdf], { env, openQuery: async () => ({ query: stores.query, close: async () => {} }) });
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses bad options with the usage', async () => {
    await expect(runSummaryCommand(['--year', '20x5', '--region', '371302'], { env: {} })).rejects.toThrow(/--year[\s\S]*usage: redstream summary/);
    await expect(runSummaryCommand(['--year', '2025'], { env: {} })).rejects.toThrow(/--region is required/);
    await expect(runSummaryCommand(['--year', '2025', '--region', '371302', '--format', 'docx'], { env: {} })).rejects.toThrow(/--format must be one of/);
  });
});
