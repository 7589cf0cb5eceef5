import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCheckpoint } from '@redstream/projections';
import type { Fact } from '@redstream/schema';
import { generateRegion } from '@redstream/simulator';
import { buildGraphqlApi, loadGraphqlEnv } from '@redstream/graphql-api';
import { authPlugin, createApiKey, createServer, KeyRing } from '@redstream/service-kit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datedTables, rowsWrittenAfter } from '@redstream/queries';
import { createPdfPrinter, createSummaryStore, parseScope, projectedTables, replayedReadModels, runSummaryCommand, summaryRoutes, type PdfPrinter, type SummaryStore } from '../src/index.ts';
import { openTestStores, type TestStores } from './stores.ts';

/**
 * A summary knows the log position it reflects: generated at P1, then late facts of its year
 * appended (an import of orders a park's system had held back) make it superseded, and the next
 * request stores a revision that names the change, with the first edition kept.
 */
const all = [...generateRegion({ seed: 11, from: '2025-01-01', to: '2025-12-31', scale: 0.00002 })];
const refunded = new Set(all.filter((f) => f.type === 'SaleRefunded').map((f) => (f.data as { orderId: string }).orderId));
// Twelve orders of Lanshan's streamers without a refund, held back for the late import.
const late = all.filter((f) => f.type === 'SaleRecorded' && !refunded.has((f.data as { orderId: string }).orderId)).slice(-12);
const lateIds = new Set(late.map((f) => f.id));
const early = all.filter((f) => !lateIds.has(f.id));
const amount = (f: Fact) => BigInt((f.data as { amountFen: number | string }).amountFen);
const sales2025 = (facts: readonly Fact[]) => facts.filter((f) => f.type === 'SaleRecorded' && (f.data as { occurredAt: string }).occurredAt.startsWith('2025'));
/** A summary's JSON without what says when, at which position and in which edition it was read. */
const figuresOnly = (json: Record<string, unknown>) => {
  const { generatedAt: _g, asOf: _a, edition: _e, revision: _r, ...figures } = json;
  return figures;
};
/** A summary page's body without its as-of or revision notice (and echarts' per-render class counters). */
const mainText = (html: string) =>
  /<main>([\s\S]*)<\/main>/
    .exec(html)![1]!
    .replace(/<p class="revision[^"]*"[^>]*>.*?<\/p>\n?/g, '')
    .replace(/zr\d+-cls-\d+/g, 'zr-cls');
const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

let stores: TestStores;
let printer: PdfPrinter;
let store: SummaryStore;
let app: FastifyInstance;
let analystKey: string;
const scope = parseScope('371302');

const ANNUAL = `query ($asOf: String) { annualSummary(year: 2025, regionCode: "371302", asOf: $asOf) { gmv orders netSales farmerIncome households branchesFounded streamersTrained parcelSavings asOf } }`;
async function annual(asOf: string | null): Promise<Record<string, unknown>> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${analystKey}` },
    payload: JSON.stringify({ query: ANNUAL, variables: { asOf } }),
  });
  const body = response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data.annualSummary;
}

beforeAll(async () => {
  stores = await openTestStores();
  printer = createPdfPrinter();
  store = createSummaryStore({
    dataDir: stores.dir,
    query: stores.query,
    printer,
    clock: () => new Date('2026-03-01T09:00:00+08:00'),
    log: stores.eventStore,
    readModelsAt: replayedReadModels({ store: stores.eventStore, clickhouse: stores.clickhouse }),
    positions: async () => {
      const cp = await readCheckpoint(stores.clickhouse, 'main');
      return { position: cp.position, at: undefined, head: await stores.eventStore.headPosition() };
    },
  });
  const analyst = createApiKey({ id: 'analyst', roles: ['analyst'] });
  analystKey = analyst.plaintext;
  const ring = new KeyRing([analyst.entry]);
  app = createServer({ logLevel: 'silent' });
  await app.register(authPlugin, { keyRing: ring });
  await app.register(buildGraphqlApi({ clickhouse: stores.clickhouse, store: stores.eventStore, keys: ring, env: loadGraphqlEnv({ NODE_ENV: 'test' }) }).plugin);
  await app.register(summaryRoutes, { store });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await printer?.close();
  await stores?.close();
});

describe('a summary superseded by late facts', () => {
  it('regenerates as a revision naming the change and keeps the first edition', async () => {
    expect(late.length).toBe(12);
    expect(sales2025(late).length, 'the late orders are of 2025').toBe(12);
    await stores.send(early);
    const p1 = await stores.eventStore.headPosition();

    const first = JSON.parse((await store.get({ year: 2025, scope, format: 'json' })).body.toString());
    expect(first.asOf).toMatchObject({ position: String(p1), head: String(p1), final: true });
    expect(first.edition).toBe(1);
    expect(first.revision).toBeNull();
    const earlyGmv = sales2025(early).reduce((sum, f) => sum + amount(f), 0n);
    expect(first.sales.current.orders).toBe(sales2025(early).length);
    expect(first.sales.current.gmv).toBe(yuan(earlyGmv));
    await store.get({ year: 2025, scope, format: 'html' });
    const liveAtP1 = await annual(null);
    expect(liveAtP1.gmv).toBe(first.sales.current.gmv);
    // Recorded at or before this instant: everything up to P1, nothing of the late import.
    await new Promise((r) => setTimeout(r, 20));
    const beforeLateImport = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));

    await stores.send(late);
    const lateGmv = late.reduce((sum, f) => sum + amount(f), 0n);
    const html = (await store.get({ year: 2025, scope, format: 'html' })).body.toString();
    const zhNote = `修订：补录 12 笔订单，GMV 增加 ${yuan(lateGmv).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} 元`;
    expect(html).toContain(zhNote);
    expect(html).toContain('data-edition="2"');
    const second = JSON.parse((await store.get({ year: 2025, scope, format: 'json' })).body.toString());
    expect(second.edition).toBe(2);
    expect(second.revision).toMatchObject({ of: 1, orders: 12, gmv: yuan(lateGmv), note: { 'zh-CN': zhNote } });
    expect(second.revision.note.en).toContain('Revision: 12 late orders recorded, GMV up');
    expect(second.asOf.position).toBe(String(await stores.eventStore.headPosition()));
    expect(second.sales.current.orders).toBe(sales2025(all).length);

    const kept = await store.edition({ year: 2025, scope, format: 'json', edition: 1 });
    expect(JSON.parse(kept!.body.toString()).sales.current.gmv, 'the first edition as it was served').toBe(first.sales.current.gmv);
    expect(existsSync(join(store.dir, '2025', 'editions', '371302.1.html'))).toBe(true);
    expect((await store.edition({ year: 2025, scope, format: 'json', edition: 2 }))!.body.toString()).toContain('"edition": 2');

    // As of P1 the log held the first edition's figures, to the fen, whatever was appended since.
    const asOfP1 = await annual(String(p1));
    expect(asOfP1).toEqual({ ...liveAtP1, asOf: String(p1) });
    expect(asOfP1.gmv).toBe(first.sales.current.gmv);
    expect(asOfP1.orders).toBe(first.sales.current.orders);
    expect(await annual(beforeLateImport), 'a date-time is the last position recorded by then').toEqual(asOfP1);
    const now = await annual(null);
    expect(now.gmv).toBe(second.sales.current.gmv);
    expect(await annual(String(await stores.eventStore.headPosition()))).toEqual({ ...now, asOf: String(await stores.eventStore.headPosition()) });

    // The summary routes and the CLI answer the same as of P1: the whole summary, computed again
    // from the events at or below P1 — every figure of the first edition, and that edition named.
    const route = async (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${analystKey}` } });
    const routeJson = (await route(`/summaries/2025/371302.json?asOf=${p1}`)).json();
    expect(figuresOnly(routeJson), 'every figure of the first edition').toEqual(figuresOnly(first));
    expect(routeJson.edition).toBe(1);
    expect(routeJson.asOf.position).toBe(String(p1));
    expect((await route(`/summaries/2025/371302.json?asOf=${encodeURIComponent(beforeLateImport)}`)).json().asOf.position).toBe(String(p1));
    const firstHtml = await route(`/summaries/2025/371302.html?asOf=${p1}`);
    expect(firstHtml.statusCode).toBe(200);
    expect(firstHtml.body).not.toContain('修订');
    expect(firstHtml.body).toContain(`data-as-of="${p1}"`);
    const firstEditionHtml = (await store.edition({ year: 2025, scope, format: 'html', edition: 1 }))!.body.toString();
    expect(mainText(firstHtml.body), 'the first edition’s text, charts and tables').toBe(mainText(firstEditionHtml));
    const enHtml = await route(`/summaries/2025/371302.en.html?asOf=${p1}`);
    expect(enHtml.statusCode).toBe(200);
    expect(enHtml.body).toContain(`Computed from the event log as it stood at position ${p1}`);
    const pdf = await route(`/summaries/2025/371302.pdf?asOf=${p1}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((await route(`/summaries/2025/371302.html?edition=2`)).body).toContain(zhNote);
    // One event earlier no edition was ever served, and the summary is still given, whole.
    const earlier = await route(`/summaries/2025/371302.html?asOf=${p1 - 1n}`);
    expect(earlier.statusCode).toBe(200);
    expect(earlier.body).toContain(`data-as-of="${p1 - 1n}"`);
    expect((await route(`/summaries/2025/371302.json?asOf=${p1 - 1n}`)).json().edition).toBeNull();
    expect((await route(`/summaries/2025/371302.json?asOf=${(await stores.eventStore.headPosition()) + 1n}`)).statusCode, 'beyond the head').toBe(400);
    expect((await route(`/summaries/2025/park-x.json?asOf=${p1}`)).statusCode).toBe(404);
    const chunks: Buffer[] = [];
    const stdout = { write: (chunk: string | Buffer, cb: (error?: Error | null) => void) => (chunks.push(Buffer.from(chunk)), cb(), true) } as unknown as NodeJS.WritableStream;
    await runSummaryCommand(['--year', '2025', '--region', '371302', '--format', 'json', '--as-of', String(p1)], {
      env: { REDSTREAM_DATA_DIR: stores.dir },
      openQuery: async () => ({ query: stores.query, log: stores.eventStore, readModelsAt: replayedReadModels({ store: stores.eventStore, clickhouse: stores.clickhouse }), close: async () => {} }),
      stdout,
    });
    expect(figuresOnly(JSON.parse(Buffer.concat(chunks).toString()))).toEqual(figuresOnly(first));

    // Nothing appended since: the revision is served as stored.
    const again = JSON.parse((await store.get({ year: 2025, scope, format: 'json' })).body.toString());
    expect(again.generatedAt).toBe(second.generatedAt);
  });
});

describe('what supersedes a final summary', () => {
  it('checks every table the projector writes, 0004’s live-session tables and any a later migration adds', async () => {
    const tables = await datedTables(stores.query, projectedTables());
    const names = tables.map((t) => t.table);
    for (const t of ['sales_raw', 'refunds_raw', 'farmer_payments', 'branches', 'appeals', 'live_sessions_raw', 'live_session_ends_raw', 'live_audience_raw', 'sale_buyers_raw', 'produce_reference_prices', 'farmer_payment_quantities']) {
      expect(names, t).toContain(t);
    }
    expect(tables.find((t) => t.table === 'appeals')).toMatchObject({ position: 'version', dates: [{ column: 'raised_at', instant: true }, { column: 'resolved_at', instant: true }] });

    // A late live session of 2025 (a 0004 table, in no hand-kept list) makes the stored summary stale.
    await store.get({ year: 2025, scope, format: 'json' });
    expect(await store.isCurrent(2025, scope)).toBe(true);
    const streamer = all.find((f) => f.type === 'StreamerRegistered')!.data as { streamerId: string; platform: string };
    await stores.send([
      {
        id: 'b9a7f0de-5c1e-4c53-9a43-0d6f3c1f2a11',
        type: 'LiveSessionStarted',
        data: { sessionId: 'late-session-1', streamerId: streamer.streamerId, platform: streamer.platform, title: '补录的场次', startedAt: '2025-06-01T20:00:00+08:00' },
      } as Fact,
    ]);
    expect(await store.isCurrent(2025, scope)).toBe(false);

    // A fact table a new migration adds is found by its columns alone.
    await stores.clickhouse.command({ query: 'CREATE TABLE IF NOT EXISTS late_facts_raw (event_id String, position UInt64, happened_at DateTime64(3, \'Asia/Shanghai\')) ENGINE = ReplacingMergeTree(position) ORDER BY event_id' });
    await stores.clickhouse.command({ query: "INSERT INTO late_facts_raw VALUES ('e1', 1000000, '2025-12-31 23:30:00.000')" });
    const extra = await datedTables(stores.query, ['late_facts_raw']);
    expect(extra).toEqual([{ table: 'late_facts_raw', position: 'position', dates: [{ column: 'happened_at', instant: true }] }]);
    expect(await rowsWrittenAfter(stores.query, { firstDay: '2025-01-01', lastDay: '2025-12-31' }, 999_999n, extra)).toBe(1);
    expect(await rowsWrittenAfter(stores.query, { firstDay: '2026-01-01', lastDay: '2026-12-31' }, 999_999n, extra), 'dated in 2025 only').toBe(0);
    expect(await rowsWrittenAfter(stores.query, { firstDay: '2025-01-01', lastDay: '2025-12-31' }, 1_000_000n, extra), 'written at, not after').toBe(0);
  });
});

describe('entities as of a position', () => {
  it('counts a streamer by the party status it had then, though a later event replaced its row', async () => {
    const before = await stores.eventStore.headPosition();
    const asOfBefore = JSON.parse((await store.asOf({ year: 2025, scope, format: 'json', asOf: String(before) })).body.toString());
    const registered = all.filter((f) => f.type === 'StreamerRegistered').map((f) => f.data as { streamerId: string; partyStatus: string; regionCode: string });
    const outsider = registered.find((s) => s.partyStatus === 'none' && s.regionCode.startsWith('371302'))!;
    expect(outsider, 'a Lanshan streamer outside the Party').toBeDefined();
    await stores.send([
      { id: 'f1c2d3e4-0000-4000-8000-00000000a001', type: 'PartyStatusChanged', data: { streamerId: outsider.streamerId, to: 'applicant', changedOn: '2025-07-01' } } as Fact,
    ]);
    const live = JSON.parse((await store.get({ year: 2025, scope, format: 'json' })).body.toString());
    expect(live.partyBuilding.applicants, 'the live read models count the change').toBe(asOfBefore.partyBuilding.applicants + 1);
    // The live streamers row now carries the new status and a version past `before`; the replay does not.
    const again = JSON.parse((await store.asOf({ year: 2025, scope, format: 'json', asOf: String(before) })).body.toString());
    expect(again.partyBuilding).toEqual(asOfBefore.partyBuilding);
    expect(again.sales.byPartyStatus).toEqual(asOfBefore.sales.byPartyStatus);
    expect(existsSync(join(store.dir, '2025', 'as-of')), 'figures of a position kept').toBe(true);
    // The replay's tables are gone once the figures are read.
    const left = await stores.clickhouse.query({ query: "SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name LIKE '%__asof_%'", format: 'JSONEachRow' });
    expect(Number((await left.json<{ n: string }>())[0]!.n)).toBe(0);
  });
});
