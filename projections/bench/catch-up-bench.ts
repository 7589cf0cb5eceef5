/**
 * Catch-up benchmark: a fresh embedded store filled with `events` generated facts (the mix of
 * test-support/generate-events.ts: 70 % sales, refunds, farmer payments, shipments …), then the
 * projector from position 0 into a fresh chDB directory until caught up. Prints events/s.
 *   tsx projections/bench/catch-up-bench.ts [events=1000000]
 * REDSTREAM_BENCH_STORE=<dir> keeps the generated store in <dir> and reuses it on the next run
 * (catch-up only reads it), so profiling runs skip the append phase.
 * REDSTREAM_BENCH_STORE_THREAD=current runs PGlite on the main thread instead of its worker thread
 * (the platform's way), to compare the two.
 * After the catch-up (untimed) the read models' totals are checked against the log's; a mismatch fails the run.
 */
import { z } from 'zod';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { ClickHouseClient } from '@clickhouse/client';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { appendGenerated, generateEvents } from '../test-support/generate-events.ts';
import { migrate, openClickHouse, startProjector } from '../src/index.ts';
import { totalsFromClickHouse, totalsFromLog } from '../test-support/totals.ts';
import { measureEngineLimits, type EngineLimits } from './engine-limits.ts';

const round2 = (v: number) => Math.round(v * 100) / 100;

export interface CatchUpFigures {
  events: number;
  appendSeconds: number;
  catchUpSeconds: number;
  eventsPerSecond: number;
  batches: number;
  rows: { sales_raw: number; sales_hourly: number };
  /** The engines alone on the same work, same run (engine-limits.ts). */
  limits: EngineLimits;
  /** catch-up seconds ÷ ClickHouse-alone seconds: 1 would be ClickHouse's own speed. */
  ratioToClickhouse: number;
  /** catch-up seconds ÷ store-read seconds: 1 would be the store's own reading speed. */
  ratioToStoreRead: number;
}

/**
 * A fast catch-up must also be a right one: the figures of the read models (orders, GMV, refunds,
 * farmer income, … per county and per day, and every rollup against the raw tables) must equal
 * those computed from the log itself. Outside the timed span.
 */
async function checkTotals(store: EventStore, clickhouse: ClickHouseClient): Promise<void> {
  const expected = await totalsFromLog(store);
  const { rollupMismatch, ...projected } = await totalsFromClickHouse(clickhouse);
  if (rollupMismatch.length > 0) throw new Error(`catch-up: rollups differ from the raw tables: ${rollupMismatch.join('; ')}`);
  const differing = (Object.keys(expected) as (keyof typeof expected)[]).filter((k) => !isDeepStrictEqual(expected[k], projected[k]));
  if (differing.length > 0) throw new Error(`catch-up: read models differ from the log in ${differing.map((k) => `${k} (log ${JSON.stringify(expected[k]).slice(0, 200)}, ClickHouse ${JSON.stringify(projected[k]).slice(0, 200)})`).join(', ')}`);
}

export async function benchCatchUp(options: { events?: number; batchSize?: number; keep?: boolean; storeDir?: string; storeThread?: 'worker' | 'current' } = {}): Promise<CatchUpFigures> {
  const events = options.events ?? 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'redstream-catchup-bench-'));
  const storeDir = options.storeDir ?? join(dir, 'eventstore');
  const reuse = options.storeDir !== undefined && existsSync(storeDir);
  const store = await openEmbeddedEventStore({ dir: storeDir, thread: options.storeThread ?? 'worker' });
  const clickhouse = openClickHouse({ dataDir: join(dir, 'clickhouse') });
  try {
    let t = performance.now();
    if (!reuse) await appendGenerated(store, generateEvents(events, 1), 5000);
    else if ((await store.headPosition()) !== BigInt(events)) throw new Error(`${storeDir} holds ${await store.headPosition()} events, not ${events}`);
    const appendSeconds = (performance.now() - t) / 1000;
    await migrate(clickhouse);
    const head = await store.headPosition();
    t = performance.now();
    const projector = startProjector({ store, clickhouse, until: head, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
    await projector.done;
    const catchUpSeconds = (performance.now() - t) / 1000;
    const s = projector.status();
    if (s.checkpoint < head) throw new Error(`projector stopped at ${s.checkpoint} of ${head}: ${s.lastError}`);
    await checkTotals(store, clickhouse);
    const limits = await measureEngineLimits(store, clickhouse, head, dir);
    const count = async (table: string) => Number((await (await clickhouse.query({ query: `SELECT count() AS n FROM ${table}`, format: 'JSONEachRow' })).json<{ n: string }>())[0]!.n);
    return { events, appendSeconds, catchUpSeconds, eventsPerSecond: Math.round(events / catchUpSeconds), batches: s.batchesApplied,
      rows: { sales_raw: await count('sales_raw'), sales_hourly: await count('sales_hourly') },
      limits,
      ratioToClickhouse: round2(catchUpSeconds / limits.clickhouseAloneSeconds),
      ratioToStoreRead: round2(catchUpSeconds / limits.storeReadSeconds),
    };
  } finally {
    await clickhouse.close();
    await store.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const events = Number(process.argv[2] ?? 1_000_000);
  const env = z.object({ REDSTREAM_BENCH_STORE: z.string().min(1).optional(), REDSTREAM_BENCH_STORE_THREAD: z.enum(['worker', 'current']).default('worker') }).parse(process.env);
  const f = await benchCatchUp({ events, storeThread: env.REDSTREAM_BENCH_STORE_THREAD, ...(env.REDSTREAM_BENCH_STORE ? { storeDir: env.REDSTREAM_BENCH_STORE } : {}) });
  console.log(`catch-up embedded store (PGlite on the ${env.REDSTREAM_BENCH_STORE_THREAD} thread) → chDB: ${f.events} events in ${f.catchUpSeconds.toFixed(1)} s = ${f.eventsPerSecond} events/s (${f.batches} batches; append took ${f.appendSeconds.toFixed(1)} s)`);
  console.log(
    `  ClickHouse alone (its ${f.limits.rows} rows from Native files): ${f.limits.clickhouseAloneSeconds.toFixed(1)} s → catch-up ${f.ratioToClickhouse}x; ` +
      `the store alone (reading the log): ${f.limits.storeReadSeconds.toFixed(1)} s → catch-up ${f.ratioToStoreRead}x`,
  );
  console.log('  read models equal the log: orders, GMV, refunds, farmer income, parcels, training, loans, appeals, streamers, by county and day, every rollup');
  console.log(JSON.stringify(f));
}
