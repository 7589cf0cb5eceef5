/**
 * One size of the scale run (issue 17; `npm run bench -- --scale` runs 1 M, 10 M and 100 M, each in
 * a process of its own): `orders` orders over 2024–2025 generated inside chDB into the projector's
 * own tables, then the dashboard's GraphQL queries timed over them, the process's resident memory
 * and the tables' bytes on disk per order.
 *
 * Why not through the event log: appending 100 M facts to the embedded store and projecting them
 * would take hours (about 20,000 appends/s, about 50,000 events/s catch-up); the catch-up bench
 * measures that path. What the dashboard reads is the projector's output, so the rows are written
 * where the projector writes them and the way it does: fact rows into sales_raw and refunds_raw
 * with log positions (a sale at 2i+1, its refund at 2i+2, in time order like a log), then per batch
 * of positions the projector's own statement (ROLLUP_FEED.insert: the Null table of migration 0008
 * and its materialized views) sums them into the sales rollups. The run then checks every
 * rollup holds exactly the orders, quantities, amounts and refunds of the fact rows.
 *
 *   [BENCH_LOCK_FILE=/tmp/redstream-bench.lock] npx tsx services/graphql-api/bench/scale-bench.ts [orders=1000000] [rounds=20]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { DERIVED_TABLES, migrate } from '@redstream/projections';
import { openChdb } from '../test/harness.ts';
import { DASHBOARD_QUERIES, pct, timeDashboardQueries } from './dashboard-bench.ts';

export interface ScaleResult {
  orders: number;
  refunds: number;
  streamers: number;
  loadSeconds: number;
  /** Over every query of every round. */
  overall: { p50: number; p95: number; count: number };
  queries: { name: string; p50: number; p95: number }[];
  /** Peak resident memory of this process (node + embedded chDB) while the queries ran, MB. */
  queryPeakRssMb: number;
  /** Peak resident memory over the whole process, loading included, MB. */
  lifetimePeakRssMb: number;
  /** The machine's 1-minute load average before and after the timed queries. */
  loadAverage: number[];
  /** Bytes of the active parts on disk, per order: all tables, the fact tables, the rollups. */
  bytesPerOrder: { total: number; facts: number; rollups: number };
  diskBytes: number;
  tables: { table: string; rows: number; bytes: number }[];
}

/** Streamers of the generated county (as the dashboard bench: 6 towns, 30 villages each, 15 parks). */
const STREAMERS = 3000;
/**
 * Batches per run: orders are in time order, so a batch holds about a month (at 100 M, 4 M orders,
 * a big projector batch) and its rows fall into one or two monthly partitions — a batch spanning
 * the two years would cut every block into 24 small parts per table.
 */
const BATCHES = 25;
const DAYS = 731;
/** The projector's one statement per batch for the sales rollups (migration 0008's Null table and views; six since 0010). */
const ROLLUP_FEED = DERIVED_TABLES.find((d) => d.feed)!.feed!;

const rssNow = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

/** VmHWM (peak resident set) of this process from /proc, MB; 0 where there is no /proc. */
function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Resets VmHWM to the current resident set (Linux: "5" to clear_refs), so the next peak is the queries' own. */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** A uniform draw in [0, 1) from order i and a salt (sipHash64 is stable across runs). */
const u = (salt: number) => `(sipHash64(i, ${salt}) / 18446744073709551616.0)`;
/** A standard normal draw (Box–Muller over two uniform draws). */
const normal = (a: number, b: number) => `(sqrt(-2 * log(greatest(${u(a)}, 1e-12))) * cos(2 * pi() * ${u(b)}))`;

/**
 * Orders [from, to) of `orders`, one row each in sales_raw's columns. Distributions:
 * - days: volume doubles over the two years (density rising linearly), in time order with i;
 * - hour: 55 % in an evening peak around 20:30 (σ 1.3 h), the rest around noon (σ 4 h);
 * - streamer: skewed (n = 3000·u^2.5: the top 1 % sell about 16 %), each with its village, park,
 *   platform (douyin 50 %, kuaishou 25 %, taobao 15 %, wechat_channels 10 %) and main category (80 %
 *   of its sales);
 * - amount: log-normal, median about ¥45; quantity 1 (70 %) to 4.
 */
function ordersSelect(from: number, to: number, orders: number): string {
  const region = `concat(if(n % 6 = 5, '371311001', concat('371302', leftPad(toString(1 + n % 5), 3, '0'))), leftPad(toString(1 + n % 30), 3, '0'))`;
  const second = `if(sipHash64(i, 3) % 100 < 55, 73800 + 4680 * ${normal(4, 5)}, 43200 + 14400 * ${normal(4, 5)})`;
  return `SELECT concat('o-', toString(i)) AS order_id, toString(2 * i + 1) AS event_id, 2 * i + 1 AS position, t AS occurred_at, toDate(t, 'Asia/Shanghai') AS day,
                 concat('s-', toString(n)) AS streamer_id, ${PLATFORM} AS platform, ${region} AS region_code, '370000' AS province,
                 substring(${region}, 1, 4) || '00' AS city, substring(${region}, 1, 6) AS county, substring(${region}, 1, 9) AS town, ${region} AS village,
                 concat('p-', toString(n % 15)) AS park_id,
                 ${CATEGORIES}[1 + if(sipHash64(i, 6) % 100 < 80, n % 6, sipHash64(i, 7) % 6)] AS category, concat('product-', toString(n % 6), '-', toString(sipHash64(i, 8) % 40)) AS product,
                 toUInt32(if(sipHash64(i, 9) % 100 < 70, 1, 2 + sipHash64(i, 9) % 3)) AS quantity,
                 toInt64(least(2000000, 100 + exp(8.4 + 0.9 * ${normal(10, 11)}))) AS amount_fen,
                 ['110105','310104','440305','371302','410103','330106','320106','510107'][1 + sipHash64(i, 12) % 8] AS buyer_region_code,
                 if(n % 6 = 0, ${region}, '') AS origin_village_code
          FROM (SELECT number AS i, toUInt32(${STREAMERS} * pow(${u(1)}, 2.5)) AS n,
                       toDateTime(toDate('2024-01-01') + toUInt32(${DAYS} * (sqrt(1 + 3 * i / ${orders}) - 1)), 'Asia/Shanghai') AS midnight,
                       toDateTime64(midnight + ((toInt64(${second}) % 86400 + 86400) % 86400), 3, 'Asia/Shanghai') + toIntervalMillisecond(sipHash64(i, 13) % 1000) AS t
                FROM numbers(${from}, ${to - from}))`;
}

const PLATFORM = `multiIf(sipHash64(n, 5) % 100 < 50, 'douyin', sipHash64(n, 5) % 100 < 75, 'kuaishou', sipHash64(n, 5) % 100 < 90, 'taobao', 'wechat_channels')`;
const CATEGORIES = `['农产品','服装','日用品','美妆','家电','食品']`;

/** Loads `orders` orders in BATCHES batches: the batch's sales, its refunds (about 3 %), then the projector's rollup feed over the batch's positions. */
async function load(clickhouse: ClickHouseClient, orders: number, log: (line: string) => void): Promise<void> {
  await migrate(clickhouse);
  await clickhouse.command({
    query: `INSERT INTO streamers (streamer_id, display_name, platform, category, region_code, province, city, county, town, village, park_id, party_status, registered_on, followers, version)
      SELECT concat('s-', toString(n)), concat('主播', toString(n)), ${PLATFORM}, ${CATEGORIES}[1 + n % 6], r, '370000', substring(r, 1, 4) || '00', substring(r, 1, 6), substring(r, 1, 9), r,
             concat('p-', toString(n % 15)), ['none','applicant','activist','probationary','member'][1 + n % 5], toDate('2024-01-01'), toUInt64(1e6 / (1 + n)), 1
      FROM (SELECT number AS n, concat(if(n % 6 = 5, '371311001', concat('371302', leftPad(toString(1 + n % 5), 3, '0'))), leftPad(toString(1 + n % 30), 3, '0')) AS r FROM numbers(${STREAMERS}))`,
  });
  const settings = { max_insert_block_size: '1000000', min_insert_block_size_rows: '1000000' };
  const batch = Math.ceil(orders / BATCHES);
  for (let from = 0; from < orders; from += batch) {
    const to = Math.min(orders, from + batch);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const phases: string[] = [];
    const phase = (name: string) => phases.push(`${name} ${((process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6).toFixed(1)}`);
    await clickhouse.command({
      query: `INSERT INTO sales_raw (order_id, event_id, position, occurred_at, day, streamer_id, platform, region_code, province, city, county, town, village, park_id, category, product, quantity, amount_fen, buyer_region_code, origin_village_code)
              ${ordersSelect(from, to, orders)}`,
      clickhouse_settings: settings,
    });
    phase('sales');
    // About 3 % refunded, 1 hour to a few days later (exponential), 70 % in full, else part.
    await clickhouse.command({
      query: `INSERT INTO refunds_raw (order_id, event_id, position, occurred_at, day, amount_fen, streamer_id, platform, region_code, province, city, county, town, village, park_id, category, order_occurred_at)
              SELECT order_id, toString(position + 1), position + 1, rt, toDate(rt, 'Asia/Shanghai'),
                     if(sipHash64(position, 21) % 100 < 70, amount_fen, intDiv(amount_fen * (10 + sipHash64(position, 22) % 80), 100)),
                     streamer_id, platform, region_code, province, city, county, town, village, park_id, category, occurred_at
              FROM (SELECT *, occurred_at + toIntervalSecond(toUInt32(3600 - 86400 * log(greatest(sipHash64(position, 23) / 18446744073709551616.0, 1e-9)))) AS rt
                    FROM sales_raw WHERE position > ${2 * from} AND position <= ${2 * to} AND sipHash64(position, 20) % 1000 < 30)`,
      clickhouse_settings: settings,
    });
    phase('refunds');
    // The projector's own statement for a batch (positions (2·from, 2·to]): every rollup through the feed.
    await clickhouse.command({ query: ROLLUP_FEED.insert(BigInt(2 * from), BigInt(2 * to)), clickhouse_settings: settings });
    phase('rollups');
    log(`  orders ${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')} loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s (CPU s after ${phases.join(', ')}; rss ${rssNow()} MB)`);
  }
  // Merged, as background merges leave a store some time after its last writes.
  for (const table of ['sales_raw', 'refunds_raw', ...ROLLUP_FEED.targets, 'streamers']) await clickhouse.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
}

/**
 * Runs `fn` holding `lockFile` (flock(1), as the shared machine's benches do), so only the timed
 * part waits its turn: generating 100 M orders takes long and times nothing. No file, no lock.
 */
async function underLock<T>(lockFile: string | undefined, log: (line: string) => void, fn: () => Promise<T>): Promise<T> {
  if (!lockFile) return fn();
  log(`waiting for ${lockFile}`);
  const holder = spawn('flock', [lockFile, 'sh', '-c', 'echo locked; read _'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [first] = (await once(holder.stdout.setEncoding('utf8'), 'data')) as [string];
  if (!first.startsWith('locked')) throw new Error(`flock ${lockFile} said ${first}`);
  try {
    return await fn();
  } finally {
    holder.stdin.end();
  }
}

const rows = async <T>(clickhouse: ClickHouseClient, query: string) => (await clickhouse.query({ query, format: 'JSONEachRow' })).json<T>();

/** The bench checks itself: every rollup holds exactly the fact rows' orders, quantities, amounts and refunds. */
async function checkRollups(clickhouse: ClickHouseClient, orders: number): Promise<number> {
  const measures = `toString(sum(orders)) AS orders, toString(sum(quantity)) AS quantity, toString(sum(gmv_fen)) AS gmv_fen, toString(sum(refunds)) AS refunds, toString(sum(refunds_fen)) AS refunds_fen`;
  const [facts] = await rows<Record<string, string>>(
    clickhouse,
    `SELECT * FROM (SELECT toString(count()) AS orders, toString(sum(quantity)) AS quantity, toString(sum(amount_fen)) AS gmv_fen FROM sales_raw FINAL) AS s
     CROSS JOIN (SELECT toString(count()) AS refunds, toString(sum(amount_fen)) AS refunds_fen FROM refunds_raw FINAL) AS r`,
  );
  if (Number(facts!.orders) !== orders) throw new Error(`sales_raw holds ${facts!.orders} orders, expected ${orders}`);
  for (const table of ROLLUP_FEED.targets) {
    const [rollup] = await rows<Record<string, string>>(clickhouse, `SELECT ${measures} FROM ${table}`);
    for (const [measure, value] of Object.entries(facts!)) {
      if (rollup![measure] !== value) throw new Error(`${table}.${measure} is ${rollup![measure]}, the fact rows say ${value}`);
    }
  }
  return Number(facts!.refunds);
}

export async function runScaleBench(options: { orders?: number; rounds?: number; lockFile?: string; log?: (line: string) => void } = {}): Promise<ScaleResult> {
  const orders = options.orders ?? 1_000_000;
  const rounds = options.rounds ?? 20;
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'redstream-scale-bench-'));
  const clickhouse = openChdb(dir);
  try {
    const started = performance.now();
    log(`generating ${orders.toLocaleString('en-US')} orders in ${dir}`);
    await load(clickhouse, orders, log);
    const loadSeconds = (performance.now() - started) / 1000;
    const refunds = await checkRollups(clickhouse, orders);
    log(`loaded and merged in ${loadSeconds.toFixed(1)} s; ${refunds.toLocaleString('en-US')} refunds; the ${ROLLUP_FEED.targets.length} rollups equal the fact rows`);

    const tables = (
      await rows<{ table: string; rows: string; bytes: string }>(
        clickhouse,
        `SELECT table, toString(sum(rows)) AS rows, toString(sum(bytes_on_disk)) AS bytes FROM system.parts WHERE active AND database = currentDatabase() GROUP BY table ORDER BY sum(bytes_on_disk) DESC`,
      )
    ).map((t) => ({ table: t.table, rows: Number(t.rows), bytes: Number(t.bytes) }));
    const bytesOf = (names: readonly string[]) => tables.filter((t) => names.includes(t.table)).reduce((s, t) => s + t.bytes, 0);
    const diskBytes = tables.reduce((s, t) => s + t.bytes, 0);
    const per = (bytes: number) => Math.round((bytes / orders) * 10) / 10;
    const bytesPerOrder = { total: per(diskBytes), facts: per(bytesOf(['sales_raw', 'refunds_raw'])), rollups: per(bytesOf(ROLLUP_FEED.targets)) };
    log(tables.map((t) => `${t.table} ${t.rows.toLocaleString('en-US')} rows ${(t.bytes / 1e6).toFixed(1)} MB`).join(' · '));

    const lifetimePeakRssMb = peakRssMb();
    const sampled = { peak: 0 };
    const { samples, loadAverage } = await underLock(options.lockFile, log, async () => {
      const before = loadavg()[0]!;
      const sampler = setInterval(() => (sampled.peak = Math.max(sampled.peak, rssNow())), 5);
      const reset = resetPeakRss();
      const { samples: timed } = await timeDashboardQueries(clickhouse, DASHBOARD_QUERIES, rounds).finally(() => clearInterval(sampler));
      if (reset) sampled.peak = Math.max(sampled.peak, peakRssMb());
      return { samples: timed, loadAverage: [before, loadavg()[0]!].map((l) => Math.round(l * 10) / 10) };
    });
    const queryPeakRssMb = sampled.peak;
    const queries = Object.entries(samples).map(([name, xs]) => ({ name, p50: pct(xs, 50), p95: pct(xs, 95) }));
    const all = Object.values(samples).flat();
    const result: ScaleResult = {
      orders,
      refunds,
      streamers: STREAMERS,
      loadSeconds: Math.round(loadSeconds),
      overall: { p50: pct(all, 50), p95: pct(all, 95), count: all.length },
      queries,
      queryPeakRssMb,
      lifetimePeakRssMb: Math.max(lifetimePeakRssMb, queryPeakRssMb),
      loadAverage,
      bytesPerOrder,
      diskBytes,
      tables,
    };
    for (const q of queries) log(`${q.name.padEnd(20)} p50 ${q.p50.toFixed(1).padStart(7)} ms   p95 ${q.p95.toFixed(1).padStart(7)} ms`);
    log(`${'overall'.padEnd(20)} p50 ${result.overall.p50.toFixed(1).padStart(7)} ms   p95 ${result.overall.p95.toFixed(1).padStart(7)} ms  (${all.length} queries)`);
    log(`resident memory: peak ${queryPeakRssMb} MB during the queries (${result.lifetimePeakRssMb} MB over the run, loading included); load average ${loadAverage.join(' → ')}; disk ${(diskBytes / 1e6).toFixed(1)} MB = ${bytesPerOrder.total} bytes/order (facts ${bytesPerOrder.facts}, rollups ${bytesPerOrder.rollups})`);
    return result;
  } finally {
    await clickhouse.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [orders, rounds] = process.argv.slice(2).map(Number);
  await runScaleBench({ orders: orders || undefined, rounds: rounds || undefined, lockFile: process.env.BENCH_LOCK_FILE || undefined });
}
