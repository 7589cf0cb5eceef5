/**
 * Dashboard query benchmark: loads N orders (default 10,000,000) straight into the read models of a
 * fresh chDB directory (rows generated inside the engine with numbers(); rollups summed from them
 * the way the projector writes them), then times the dashboard's GraphQL queries over HTTP
 * (fastify inject, the full yoga pipeline) and prints p50/p95 per query and overall.
 *
 *   npx tsx services/graphql-api/bench/dashboard-bench.ts [orders=10000000] [rounds=30]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { DERIVED_TABLES, migrate } from '@redstream/projections';
import { createApiKey, createServer, KeyRing } from '@redstream/service-kit';
import { buildGraphqlApi, loadGraphqlEnv } from '../src/index.ts';
import { openChdb } from '../test/harness.ts';

export interface BenchResult {
  orders: number;
  loadSeconds: number;
  queries: { name: string; p50: number; p95: number }[];
  overall: { p50: number; p95: number };
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

const pct = (xs: number[], p: number) => {
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
    query: `INSERT INTO sales_raw (order_id, event_id, position, occurred_at, day, streamer_id, platform, region_code, park_id, category, product, quantity, amount_fen, buyer_region_code, origin_village_code)
      SELECT concat('o-', toString(number)), toString(number), number + 1, t, toDate(t, 'Asia/Shanghai'), concat('s-', toString(n)),
             ['douyin','kuaishou','taobao','wechat_channels'][1 + n % 4], ${region}, concat('p-', toString(n % 15)),
             ['农产品','服装','日用品','美妆','家电','食品'][1 + (n + number % 3) % 6], 'p', 1 + number % 3, 100 + (sipHash64(number, 1) % 50000),
             ['110105','310104','440305','371302','410103','330106'][1 + number % 6], if(n % 6 = 0, ${region}, '')
      FROM (SELECT number, sipHash64(number) % ${streamers} AS n,
                   toDateTime64(toDateTime('2024-01-01 00:00:00', 'Asia/Shanghai') + (sipHash64(number, 2) % (731 * 86400)), 3, 'Asia/Shanghai') AS t
            FROM numbers(${orders}))`,
    clickhouse_settings: { max_insert_block_size: '1000000' },
  });
  await clickhouse.command({
    query: `INSERT INTO refunds_raw (order_id, event_id, position, occurred_at, day, amount_fen, streamer_id, platform, region_code, park_id, category, order_occurred_at)
      SELECT order_id, concat('r', order_id), position + ${orders}, occurred_at + 3600, toDate(occurred_at + 3600, 'Asia/Shanghai'), intDiv(amount_fen, 2),
             streamer_id, platform, region_code, park_id, category, occurred_at
      FROM sales_raw WHERE position % 33 = 0`,
  });
  // Every rollup the projector writes (streamer grain and streamer-less), summed from the raw rows.
  await deriveRollups(clickhouse, { max_bytes_before_external_group_by: '1000000000' });
  for (const table of ['sales_raw', 'refunds_raw', ...DERIVED_TABLES.map((d) => d.table), 'streamers']) await clickhouse.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
}

export async function runDashboardBench(options: { orders?: number; rounds?: number; log?: (line: string) => void } = {}): Promise<BenchResult> {
  const orders = options.orders ?? 10_000_000;
  const rounds = options.rounds ?? 30;
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'redstream-gql-bench-'));
  const clickhouse = openChdb(dir);
  try {
    const started = performance.now();
    await loadDashboardData(clickhouse, orders);
    const loadSeconds = (performance.now() - started) / 1000;
    const count = await (await clickhouse.query({ query: 'SELECT count() AS n FROM sales_raw', format: 'JSONEachRow' })).json<{ n: string }>();
    const rssMb = rss();
    log(`loaded ${count[0]?.n} orders in ${loadSeconds.toFixed(1)} s; resident memory ${rssMb} MB`);
    const sizes = await (
      await clickhouse.query({ query: `SELECT table, toString(sum(rows)) AS rows FROM system.parts WHERE active AND database = currentDatabase() AND table LIKE 'sales%' GROUP BY table ORDER BY table`, format: 'JSONEachRow' })
    ).json<{ table: string; rows: string }>();
    log(sizes.map((t) => `${t.table} ${Number(t.rows).toLocaleString('en-US')}`).join(' · '));

    const admin = createApiKey({ id: 'bench', roles: ['analyst'] });
    const api = buildGraphqlApi({ clickhouse, keys: new KeyRing([admin.entry]), env: loadGraphqlEnv({ NODE_ENV: 'production' }) });
    const app = createServer({ logLevel: 'error' });
    await app.register(api.plugin);
    await app.ready();
    const run = async (q: { query: string; variables?: Record<string, unknown> }) => {
      const t0 = performance.now();
      const response = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.plaintext}` }, payload: JSON.stringify(q) });
      const ms = performance.now() - t0;
      const body = response.json();
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return ms;
    };
    for (const q of Object.values(DASHBOARD_QUERIES)) await run(q); // warm-up
    const samples: Record<string, number[]> = {};
    for (let round = 0; round < rounds; round++) {
      for (const [name, q] of Object.entries(DASHBOARD_QUERIES)) (samples[name] ??= []).push(await run(q));
    }
    await app.close();
    const queries = Object.entries(samples).map(([name, xs]) => ({ name, p50: pct(xs, 50), p95: pct(xs, 95) }));
    const all = Object.values(samples).flat();
    const result: BenchResult = { orders, loadSeconds, queries, overall: { p50: pct(all, 50), p95: pct(all, 95) }, rssMb, rssAfterQueriesMb: rss() };
    for (const q of queries) log(`${q.name.padEnd(20)} p50 ${q.p50.toFixed(1).padStart(7)} ms   p95 ${q.p95.toFixed(1).padStart(7)} ms`);
    log(`${'overall'.padEnd(20)} p50 ${result.overall.p50.toFixed(1).padStart(7)} ms   p95 ${result.overall.p95.toFixed(1).padStart(7)} ms  (${all.length} queries)`);
    log(`resident memory: ${rssMb} MB after loading, ${result.rssAfterQueriesMb} MB after the queries`);
    return result;
  } finally {
    await clickhouse.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [orders, rounds] = process.argv.slice(2).map(Number);
  await runDashboardBench({ orders: orders || undefined, rounds: rounds || undefined });
}
