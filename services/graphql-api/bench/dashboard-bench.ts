/**
 * Dashboard query benchmark: loads N orders (default 10,000,000) straight into the read models of a
 * fresh chDB directory (rows generated inside the engine with numbers(); rollups summed from them
 * the way the projector writes them), then times the dashboard's GraphQL queries over HTTP
 * (fastify inject, the full yoga pipeline) and prints p50/p95 per query and overall.
 *
 * With `snapshots`, live sessions and their minute-by-minute audience are loaded too (loadLiveData),
 * with sessions on air at the bench's start for liveNow, and the live-session queries are timed
 * beside the sales ones.
 *
 *   npx tsx services/graphql-api/bench/dashboard-bench.ts [orders=10000000] [rounds=30] [snapshots=0]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { DERIVED_TABLES, migrate } from '@redstream/projections';
import { createApiKey, createServer, KeyRing } from '@redstream/service-kit';
import { buildGraphqlApi, loadGraphqlEnv } from '../src/index.ts';
import type { RollupSet } from '@redstream/queries';
import { openChdb } from '../test/harness.ts';

export interface BenchResult {
  orders: number;
  /** Audience snapshots loaded (one a minute per session) and the sessions they belong to. */
  snapshots: number;
  sessions: number;
  loadSeconds: number;
  /** Per query p50 / p95, ms; for the sales questions also the same question over the raw fact tables alone. */
  queries: { name: string; p50: number; p95: number; rawP50?: number; rawP95?: number }[];
  overall: { p50: number; p95: number };
  /** The sales questions (ms), beside the same questions answered from the raw fact tables alone in the same rounds. */
  againstRaw: { p50: number; p95: number; rawP50: number; rawP95: number };
  /** Resident memory of this process (node + embedded chDB) right after loading, MB. */
  rssMb: number;
  /** Resident memory after the timed rounds, MB. */
  rssAfterQueriesMb: number;
}

/** The largest UInt64: every log position. */
const ALL_POSITIONS = 2n ** 64n - 1n;

/** Every rollup the projector derives (projections' own INSERT … SELECT), over all positions. */
async function deriveRollups(client: ClickHouseClient, settings: ClickHouseSettings = {}): Promise<void> {
  for (const derived of DERIVED_TABLES) await client.command({ query: derived.insert(0n, ALL_POSITIONS, (table) => table), clickhouse_settings: settings });
}

const rss = (): number => Math.round(process.memoryUsage().rss / 1024 / 1024);

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

export const DASHBOARD_QUERIES: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  todaySummary: { query: `{ salesSummary(filter: { from: "2025-06-18T00:00:00+08:00", to: "2025-06-19T00:00:00+08:00" }) { orders gmv netSales averageOrderValue streamers } }` },
  monthSummaryCounty: { query: `{ salesSummary(filter: { regionCode: "371302", from: "2025-06-01T00:00:00+08:00", to: "2025-07-01T00:00:00+08:00" }) { orders gmv netSales streamers } }` },
  yearSummary: { query: `{ salesSummary(filter: { from: "2025-01-01T00:00:00+08:00", to: "2026-01-01T00:00:00+08:00" }) { orders gmv refunds netSales streamers } }` },
  oddWindowSummary: { query: `{ salesSummary(filter: { from: "2025-06-18T08:17:30+08:00", to: "2025-06-18T14:03:10+08:00" }) { orders gmv streamers } }` },
  daySeriesMonth: { query: `{ salesSeries(filter: { from: "2025-06-01T00:00:00+08:00", to: "2025-07-01T00:00:00+08:00" }, granularity: DAY) { bucket orders gmv previousPeriod { gmv } samePeriodLastYear { gmv } } }` },
  hourSeriesDay: { query: `{ salesSeries(filter: { from: "2025-06-18T00:00:00+08:00", to: "2025-06-19T00:00:00+08:00" }, granularity: HOUR) { bucket orders gmv previousPeriod { gmv } } }` },
  monthSeriesYear: { query: `{ salesSeries(filter: { category: "农产品" }, granularity: MONTH) { bucket orders gmv samePeriodLastYear { gmv } } }` },
  topStreamersMonth: { query: `{ topStreamers(filter: { from: "2025-06-01T00:00:00+08:00", to: "2025-07-01T00:00:00+08:00" }, limit: 10) { streamerId displayName gmv orders } }` },
  categoriesYear: { query: `{ salesBreakdown(by: CATEGORY, filter: { from: "2025-01-01T00:00:00+08:00" }) { key orders gmv } }` },
  townsYear: { query: `{ salesBreakdown(by: REGION, regionLevel: TOWN, filter: { regionCode: "371302" }) { key orders gmv } }` },
  platformsMonth: { query: `{ salesBreakdown(by: PLATFORM, filter: { from: "2025-06-01T00:00:00+08:00", to: "2025-07-01T00:00:00+08:00" }) { key gmv } }` },
};

/** The live-session questions a dashboard asks (issue 15), timed beside the sales ones when sessions are loaded. */
export const LIVE_DASHBOARD_QUERIES: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  liveSessionsDay: { query: `{ liveSessions(filter: { from: "2025-06-18", to: "2025-06-18" }, limit: 50) { sessionId gmv buyers pcu viewers uvValue gpmOverViews gpmOverViewers viewConversionBp refundRateBp } }` },
  liveMetricsMonth: { query: `{ liveMetrics(filter: { from: "2025-06-01", to: "2025-06-30" }) { sessions gmv buyers pcu viewers uvValue gpmOverViews avgOrderValue refundRateBp previousPeriod { gmv uvValue } samePeriodLastYear { gmv uvValue } } }` },
  liveStreamersMonth: { query: `{ liveMetricsBreakdown(by: STREAMER, limit: 10, filter: { from: "2025-06-01", to: "2025-06-30", regionCode: "371302" }) { key label gmv buyers uvValue gpmOverViews previousPeriod { gmv } } }` },
  liveDaysMonth: { query: `{ liveMetricsSeries(granularity: DAY, filter: { from: "2025-06-01", to: "2025-06-30" }) { bucket sessions gmv viewers uvValue previousPeriod { gmv } } }` },
  liveNow: { query: `{ liveNow(scope: { regionCode: "371302" }) { sessionsOnAir onlineNow gmv last10Minutes { gmv } previous10Minutes { gmv } } }` },
};

/** Minute snapshots per session in the generated data: 19:00 to 23:00. */
const SNAPSHOTS_PER_SESSION = 240;

/**
 * Live sessions and their audience over 2024–2025 in the shape the projector leaves them:
 * `snapshots` ÷ 240 sessions (one each evening 19:00–23:00 for the first streamers, as many as
 * that needs), a snapshot a minute with rising counters and an evening curve of online viewers,
 * the audience rollup summed from them, and the buyers of the sessions' evening orders. Orders
 * already loaded (loadDashboardData) name their streamer's evening session.
 */
export async function loadLiveData(clickhouse: ClickHouseClient, snapshots: number): Promise<{ sessions: number }> {
  const days = 731;
  const sessions = Math.max(1, Math.floor(snapshots / SNAPSHOTS_PER_SESSION));
  const live = Math.max(1, Math.ceil(sessions / days));
  // session k: streamer k % live on day k / live; id ls-<n>-<day>, as the sales below name it.
  const region = `concat(if(n % 6 = 5, '371311001', concat('371302', leftPad(toString(1 + n % 5), 3, '0'))), leftPad(toString(1 + n % 30), 3, '0'))`;
  const session = `(SELECT number AS k, k % ${live} AS n, toDate('2024-01-01') + intDiv(k, ${live}) AS d, concat('ls-', toString(n), '-', toString(d)) AS id,
                    toDateTime64(toDateTime(d, 'Asia/Shanghai') + 19 * 3600, 3, 'Asia/Shanghai') AS started FROM numbers(${sessions}))`;
  await clickhouse.command({
    query: `INSERT INTO live_sessions_raw (session_id, event_id, position, streamer_id, platform, title, started_at, day, region_code, province, city, county, town, village, park_id)
      SELECT id, concat('s', id), 20000000000 + k, concat('s-', toString(n)), ['douyin','kuaishou','taobao','wechat_channels'][1 + n % 4], 'session', started, d,
             ${region}, '370000', '371300', substring(${region}, 1, 6), substring(${region}, 1, 9), ${region}, concat('p-', toString(n % 15))
      FROM ${session}`,
  });
  await clickhouse.command({
    query: `INSERT INTO live_session_ends_raw (session_id, event_id, position, streamer_id, ended_at)
      SELECT id, concat('e', id), 30000000000 + k, concat('s-', toString(n)), started + 4 * 3600 FROM ${session}`,
  });
  // Snapshot m of session k: online follows an evening bump, cumulative counters grow with m.
  await clickhouse.command({
    query: `INSERT INTO live_audience_raw (session_id, event_id, position, streamer_id, at, day, online_now, views, viewers, new_followers, product_click_users, comments, likes, watch_seconds, platform, region_code, park_id)
      SELECT id, concat(id, ':', toString(m)), 40000000000 + number, concat('s-', toString(n)), started + (m + 1) * 60, d,
             toUInt64(base * (0.3 + 0.7 * exp(-pow((m / ${SNAPSHOTS_PER_SESSION} - 0.4) / 0.35, 2)))),
             toUInt64(base * 30 * (m + 1) * 1.6), toUInt64(base * 30 * (m + 1)), toUInt64(base * (m + 1) / 10), toUInt64(base * 3 * (m + 1)),
             toUInt64(base * (m + 1)), toUInt64(base * 40 * (m + 1)), toUInt64(base * 60 * (m + 1) * 0.6),
             ['douyin','kuaishou','taobao','wechat_channels'][1 + n % 4], ${region}, concat('p-', toString(n % 15))
      FROM (SELECT number, intDiv(number, ${SNAPSHOTS_PER_SESSION}) AS k, number % ${SNAPSHOTS_PER_SESSION} AS m, k % ${live} AS n,
                   toDate('2024-01-01') + intDiv(k, ${live}) AS d, concat('ls-', toString(n), '-', toString(d)) AS id,
                   toDateTime64(toDateTime(d, 'Asia/Shanghai') + 19 * 3600, 3, 'Asia/Shanghai') AS started, 20 + sipHash64(k) % 500 AS base
            FROM numbers(${sessions * SNAPSHOTS_PER_SESSION}))`,
    clickhouse_settings: { max_insert_block_size: '1000000' },
  });
  await loadSessionsOnAir(clickhouse, live, region);
  // Evening orders of the live streamers name their session (the only ALTER: a bench load, not the projector's way).
  await clickhouse.command({
    query: `ALTER TABLE sales_raw UPDATE live_session_id = concat('ls-', substring(streamer_id, 3), '-', toString(day))
            WHERE toUInt32OrZero(substring(streamer_id, 3)) < ${live} AND toHour(occurred_at) >= 19 AND toHour(occurred_at) < 23 AND day < toDate('2024-01-01') + ${days}`,
    clickhouse_settings: { mutations_sync: '2' },
  });
  await clickhouse.command({
    query: `INSERT INTO sale_buyers_raw (order_id, event_id, position, buyer_ref, occurred_at, day, streamer_id, live_session_id, platform, region_code, province, city, county, town, park_id, amount_fen)
      SELECT order_id, event_id, position, hex(sipHash64(position % 200000)), occurred_at, day, streamer_id, live_session_id, platform, region_code, '370000', '371300',
             substring(region_code, 1, 6), substring(region_code, 1, 9), park_id, amount_fen
      FROM sales_raw WHERE live_session_id != ''`,
  });
  for (const table of ['live_sessions_raw', 'live_session_ends_raw', 'live_audience_raw', 'sale_buyers_raw', 'sales_raw']) await clickhouse.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
  return { sessions };
}

/** How long the sessions on air at the bench's start have been on air: a snapshot a minute since. */
const ON_AIR_MINUTES = 180;
/** Orders each session on air has taken so far. */
const ON_AIR_ORDERS = 300;

/**
 * Sessions on air now, so liveNow (always asked about the present) has something to read: one for
 * each of the `live` streamers of an evening, started ON_AIR_MINUTES before this minute, with a
 * snapshot a minute since and ON_AIR_ORDERS orders naming it spread over that time (the sales
 * rollups get those orders by the projector's own statements, over their positions only).
 */
async function loadSessionsOnAir(clickhouse: ClickHouseClient, live: number, region: string): Promise<void> {
  const now = Date.now();
  const startedMs = now - (now % 60_000) - ON_AIR_MINUTES * 60_000;
  const started = `fromUnixTimestamp64Milli(${startedMs}, 'Asia/Shanghai')`;
  await clickhouse.command({
    query: `INSERT INTO live_sessions_raw (session_id, event_id, position, streamer_id, platform, title, started_at, day, region_code, province, city, county, town, village, park_id)
      SELECT concat('ls-now-', toString(n)), concat('snow', toString(n)), 50000000000 + n, concat('s-', toString(n)), ['douyin','kuaishou','taobao','wechat_channels'][1 + n % 4], 'on air',
             ${started}, toDate(${started}), ${region}, '370000', '371300', substring(${region}, 1, 6), substring(${region}, 1, 9), ${region}, concat('p-', toString(n % 15))
      FROM (SELECT number AS n FROM numbers(${live}))`,
  });
  await clickhouse.command({
    query: `INSERT INTO live_audience_raw (session_id, event_id, position, streamer_id, at, day, online_now, views, viewers, new_followers, product_click_users, comments, likes, watch_seconds, platform, region_code, park_id)
      SELECT concat('ls-now-', toString(n)), concat('ls-now-', toString(n), ':', toString(m)), 60000000000 + number, concat('s-', toString(n)), ${started} + (m + 1) * 60, toDate(${started} + (m + 1) * 60),
             toUInt64(base * (0.5 + m / ${ON_AIR_MINUTES})), toUInt64(base * 48 * (m + 1)), toUInt64(base * 30 * (m + 1)), toUInt64(base * (m + 1) / 10), toUInt64(base * 3 * (m + 1)),
             toUInt64(base * (m + 1)), toUInt64(base * 40 * (m + 1)), toUInt64(base * 36 * (m + 1)), ['douyin','kuaishou','taobao','wechat_channels'][1 + n % 4], ${region}, concat('p-', toString(n % 15))
      FROM (SELECT number, intDiv(number, ${ON_AIR_MINUTES}) AS n, number % ${ON_AIR_MINUTES} AS m, 20 + sipHash64(n) % 500 AS base FROM numbers(${live * ON_AIR_MINUTES}))`,
  });
  const first = 70_000_000_000n;
  await clickhouse.command({
    query: `INSERT INTO sales_raw (order_id, event_id, position, occurred_at, day, streamer_id, platform, region_code, province, city, county, town, village, park_id, category, product, quantity, amount_fen, buyer_region_code, origin_village_code, live_session_id)
      SELECT concat('o-now-', toString(number)), concat('now', toString(number)), ${first} + number, t, toDate(t, 'Asia/Shanghai'), concat('s-', toString(n)),
             ['douyin','kuaishou','taobao','wechat_channels'][1 + n % 4], ${region}, '370000', substring(${region}, 1, 4) || '00', substring(${region}, 1, 6), substring(${region}, 1, 9), ${region}, concat('p-', toString(n % 15)),
             ['农产品','服装','日用品','美妆','家电','食品'][1 + n % 6], 'p', 1 + number % 3, 100 + (sipHash64(number, 3) % 50000), '110105', '', concat('ls-now-', toString(n))
      FROM (SELECT number, number % ${live} AS n, ${started} + (sipHash64(number, 4) % ${ON_AIR_MINUTES * 60}) AS t FROM numbers(${live * ON_AIR_ORDERS}))`,
  });
  // The sales rollups of those orders (the live-session rollups are derived over every position after the load).
  for (const derived of DERIVED_TABLES.filter((d) => !d.table.startsWith('live_'))) await clickhouse.command({ query: derived.insert(first - 1n, ALL_POSITIONS, (table) => table) });
}

/**
 * Fills the read models of an empty chDB with `orders` generated orders over 2024–2025 (3,000
 * streamers), their refunds (every 33rd order) and every rollup summed from them, as the projector
 * would leave them, merged.
 */
export async function loadDashboardData(clickhouse: ClickHouseClient, orders: number): Promise<void> {
  await migrate(clickhouse);
  const streamers = 3000;
  // streamer n: village of 30 (5 towns of 371302, 1 town of 371311), park n%15, platform n%4, category n%6
  const region = `concat(if(n % 6 = 5, '371311001', concat('371302', leftPad(toString(1 + n % 5), 3, '0'))), leftPad(toString(1 + n % 30), 3, '0'))`;
  await clickhouse.command({
    query: `INSERT INTO streamers (streamer_id, display_name, platform, category, region_code, park_id, party_status, registered_on, followers, version)
      SELECT concat('s-', toString(n)), concat('主播', toString(n)), ['douyin','kuaishou','taobao','wechat_channels'][1 + n % 4],
             ['农产品','服装','日用品','美妆','家电','食品'][1 + n % 6], ${region}, concat('p-', toString(n % 15)),
             ['none','applicant','activist','probationary','member'][1 + n % 5], toDate('2024-01-01'), n * 100, 1
      FROM (SELECT number AS n FROM numbers(${streamers}))`,
  });
  await clickhouse.command({
    query: `INSERT INTO sales_raw (order_id, event_id, position, occurred_at, day, streamer_id, platform, region_code, province, city, county, town, village, park_id, category, product, quantity, amount_fen, buyer_region_code, origin_village_code)
      SELECT concat('o-', toString(number)), toString(number), number + 1, t, toDate(t, 'Asia/Shanghai'), concat('s-', toString(n)),
             ['douyin','kuaishou','taobao','wechat_channels'][1 + n % 4], ${region}, '370000', substring(${region}, 1, 4) || '00', substring(${region}, 1, 6), substring(${region}, 1, 9), ${region}, concat('p-', toString(n % 15)),
             ['农产品','服装','日用品','美妆','家电','食品'][1 + (n + number % 3) % 6], 'p', 1 + number % 3, 100 + (sipHash64(number, 1) % 50000),
             ['110105','310104','440305','371302','410103','330106'][1 + number % 6], if(n % 6 = 0, ${region}, '')
      FROM (SELECT number, sipHash64(number) % ${streamers} AS n,
                   toDateTime64(toDateTime('2024-01-01 00:00:00', 'Asia/Shanghai') + (sipHash64(number, 2) % (731 * 86400)), 3, 'Asia/Shanghai') AS t
            FROM numbers(${orders}))`,
    clickhouse_settings: { max_insert_block_size: '1000000' },
  });
  await clickhouse.command({
    query: `INSERT INTO refunds_raw (order_id, event_id, position, occurred_at, day, amount_fen, streamer_id, platform, region_code, province, city, county, town, village, park_id, category, order_occurred_at)
      SELECT order_id, concat('r', order_id), position + ${orders}, occurred_at + 3600, toDate(occurred_at + 3600, 'Asia/Shanghai'), intDiv(amount_fen, 2),
             streamer_id, platform, region_code, province, city, county, town, village, park_id, category, occurred_at
      FROM sales_raw WHERE position % 33 = 0`,
  });
  // Every rollup the projector writes (streamer grain and streamer-less), summed from the raw rows.
  await deriveRollups(clickhouse, { max_bytes_before_external_group_by: '1000000000' });
  for (const table of ['sales_raw', 'refunds_raw', ...DERIVED_TABLES.map((d) => d.table), 'streamers']) await clickhouse.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
}

/**
 * Times `queries` through the GraphQL API over `clickhouse` (fastify inject, the full yoga
 * pipeline, an analyst's key): one warm-up round, then `rounds` rounds of every query in turn.
 * Returns each query's durations, ms. A query answering with errors fails the bench.
 *
 * With `againstRaw`, each of those queries is also asked, right after it, of a second API whose
 * planner may read no rollup — the same question answered from the raw fact tables alone, what
 * ClickHouse needs without the read models — and must answer the same, or the bench fails.
 */
export async function timeDashboardQueries(
  clickhouse: ClickHouseClient,
  queries: Record<string, { query: string; variables?: Record<string, unknown> }>,
  rounds: number,
  options: { againstRaw?: readonly string[] } = {},
): Promise<{ samples: Record<string, number[]>; raw: Record<string, number[]> }> {
  const admin = createApiKey({ id: 'bench', roles: ['analyst'] });
  const start = async (rollups?: RollupSet) => {
    const api = buildGraphqlApi({ clickhouse, keys: new KeyRing([admin.entry]), env: loadGraphqlEnv({ NODE_ENV: 'production' }), ...(rollups && { rollups }) });
    const app = createServer({ logLevel: 'error' });
    await app.register(api.plugin);
    await app.ready();
    return app;
  };
  const app = await start();
  const rawApp = options.againstRaw?.length ? await start({}) : undefined;
  const run = async (on: typeof app, q: { query: string; variables?: Record<string, unknown> }) => {
    const t0 = performance.now();
    const response = await on.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.plaintext}` }, payload: JSON.stringify(q) });
    const ms = performance.now() - t0;
    const body = response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return { ms, answer: JSON.stringify(body.data) };
  };
  const timeBoth = async (name: string, q: { query: string; variables?: Record<string, unknown> }) => {
    const timed = await run(app, q);
    if (!rawApp || !options.againstRaw!.includes(name)) return { ms: timed.ms };
    const raw = await run(rawApp, q);
    if (raw.answer !== timed.answer) throw new Error(`${name}: the rollups answer ${timed.answer.slice(0, 400)}, the raw fact tables ${raw.answer.slice(0, 400)}`);
    return { ms: timed.ms, rawMs: raw.ms };
  };
  try {
    for (const [name, q] of Object.entries(queries)) await timeBoth(name, q); // warm-up
    const samples: Record<string, number[]> = {};
    const raw: Record<string, number[]> = {};
    for (let round = 0; round < rounds; round++) {
      for (const [name, q] of Object.entries(queries)) {
        const { ms, rawMs } = await timeBoth(name, q);
        (samples[name] ??= []).push(ms);
        if (rawMs !== undefined) (raw[name] ??= []).push(rawMs);
      }
    }
    return { samples, raw };
  } finally {
    await app.close();
    await rawApp?.close();
  }
}

export async function runDashboardBench(options: { orders?: number; snapshots?: number; rounds?: number; log?: (line: string) => void } = {}): Promise<BenchResult> {
  const orders = options.orders ?? 10_000_000;
  const snapshots = options.snapshots ?? 0;
  const rounds = options.rounds ?? 30;
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'redstream-gql-bench-'));
  const clickhouse = openChdb(dir);
  try {
    const started = performance.now();
    // Stage by stage, so a long run that is stopped still says how far it got.
    const stage = (what: string) => log(`${what} at ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await loadDashboardData(clickhouse, orders);
    stage(`${orders.toLocaleString('en-US')} orders and their rollups loaded`);
    const { sessions } = snapshots > 0 ? await loadLiveData(clickhouse, snapshots) : { sessions: 0 };
    if (snapshots > 0) stage(`${sessions.toLocaleString('en-US')} sessions and their snapshots loaded`);
    if (snapshots > 0) {
      // The session summary and the session-minute rollup, summed from the snapshots and the sessions' sales by the projector's own statements.
      for (const table of ['live_session_summary', 'live_session_minutes']) {
        const derived = DERIVED_TABLES.find((d) => d.table === table)!;
        await clickhouse.command({ query: derived.insert(0n, ALL_POSITIONS, (t) => t) });
        await clickhouse.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
      }
    }
    const loadSeconds = (performance.now() - started) / 1000;
    const count = await (await clickhouse.query({ query: 'SELECT count() AS n FROM sales_raw', format: 'JSONEachRow' })).json<{ n: string }>();
    const rssMb = rss();
    log(`loaded ${count[0]?.n} orders${snapshots > 0 ? `, ${sessions.toLocaleString('en-US')} sessions with ${(sessions * SNAPSHOTS_PER_SESSION).toLocaleString('en-US')} audience snapshots` : ''} in ${loadSeconds.toFixed(1)} s; resident memory ${rssMb} MB`);
    const sizes = await (
      await clickhouse.query({ query: `SELECT table, toString(sum(rows)) AS rows FROM system.parts WHERE active AND database = currentDatabase() AND table LIKE 'sales%' GROUP BY table ORDER BY table`, format: 'JSONEachRow' })
    ).json<{ table: string; rows: string }>();
    log(sizes.map((t) => `${t.table} ${Number(t.rows).toLocaleString('en-US')}`).join(' · '));

    const timed = { ...DASHBOARD_QUERIES, ...(snapshots > 0 ? LIVE_DASHBOARD_QUERIES : {}) };
    const { samples, raw } = await timeDashboardQueries(clickhouse, timed, rounds, { againstRaw: Object.keys(DASHBOARD_QUERIES) });
    const queries = Object.entries(samples).map(([name, xs]) => ({ name, p50: pct(xs, 50), p95: pct(xs, 95), ...(raw[name] && { rawP50: pct(raw[name], 50), rawP95: pct(raw[name], 95) }) }));
    const all = Object.values(samples).flat();
    const sales = Object.keys(raw).flatMap((name) => samples[name]!);
    const rawAll = Object.values(raw).flat();
    const againstRaw = { p50: pct(sales, 50), p95: pct(sales, 95), rawP50: pct(rawAll, 50), rawP95: pct(rawAll, 95) };
    const result: BenchResult = { orders, snapshots: sessions * SNAPSHOTS_PER_SESSION, sessions, loadSeconds, queries, overall: { p50: pct(all, 50), p95: pct(all, 95) }, againstRaw, rssMb, rssAfterQueriesMb: rss() };
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    for (const q of queries) {
      const beside = q.rawP50 === undefined ? '' : `   raw facts p50 ${q.rawP50.toFixed(1).padStart(7)} ms   p95 ${q.rawP95!.toFixed(1).padStart(7)} ms   ÷ ${ratio(q.p50, q.rawP50)}x / ${ratio(q.p95, q.rawP95!)}x`;
      log(`${q.name.padEnd(20)} p50 ${q.p50.toFixed(1).padStart(7)} ms   p95 ${q.p95.toFixed(1).padStart(7)} ms${beside}`);
    }
    log(`${'overall'.padEnd(20)} p50 ${result.overall.p50.toFixed(1).padStart(7)} ms   p95 ${result.overall.p95.toFixed(1).padStart(7)} ms  (${all.length} queries)`);
    log(`sales questions     p50 ${againstRaw.p50.toFixed(1).padStart(7)} ms   p95 ${againstRaw.p95.toFixed(1).padStart(7)} ms   the same over the raw fact tables p50 ${againstRaw.rawP50.toFixed(1)} / p95 ${againstRaw.rawP95.toFixed(1)} ms, answers equal: ÷ ${ratio(againstRaw.p50, againstRaw.rawP50)}x / ${ratio(againstRaw.p95, againstRaw.rawP95)}x`);
    log(`resident memory: ${rssMb} MB after loading, ${result.rssAfterQueriesMb} MB after the queries`);
    return result;
  } finally {
    await clickhouse.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [orders, rounds, snapshots] = process.argv.slice(2).map(Number);
  await runDashboardBench({ orders: orders || undefined, rounds: rounds || undefined, snapshots: snapshots || undefined });
}
