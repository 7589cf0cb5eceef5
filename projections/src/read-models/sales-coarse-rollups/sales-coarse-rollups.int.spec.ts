import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { appendGenerated, generateEvents } from '../../../test-support/generate-events.ts';
import { migrate } from '../../clickhouse/migrate.ts';
import { openClickHouse } from '../../clickhouse/open-clickhouse.ts';
import { startProjector } from '../../projector/projector.ts';
import { rebuildProjections } from '../../projector/rebuild.ts';

/**
 * The coarse rollups, written by the real projector in small batches (many partial rows per key),
 * equal the raw tables summed by the same keys; a single-projection rebuild gives the same.
 */
const BUCKET = {
  sales_region_hourly: `toStartOfHour(occurred_at, 'Asia/Shanghai')`,
  sales_region_daily: `toStartOfDay(occurred_at, 'Asia/Shanghai')`,
  sales_region_monthly: `toDateTime(toStartOfMonth(occurred_at, 'Asia/Shanghai'), 'Asia/Shanghai')`,
  sales_monthly: `toDateTime(toStartOfMonth(occurred_at, 'Asia/Shanghai'), 'Asia/Shanghai')`,
} as const;

describe('sales-coarse-rollups through the projector', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redstream-coarse-'));
  let store: EventStore;
  let clickhouse: ClickHouseClient;

  beforeAll(async () => {
    store = await openEmbeddedEventStore({ dir: join(dir, 'eventstore') });
    clickhouse = openClickHouse({ dataDir: join(dir, 'clickhouse') });
    await migrate(clickhouse);
    await appendGenerated(store, generateEvents(20_000, 7));
    const projector = startProjector({ store, clickhouse, batchSize: 1500, flushIntervalMs: 50 });
    await projector.ready;
    const head = await store.headPosition();
    while (projector.status().checkpoint < head) await new Promise((r) => setTimeout(r, 50));
    await projector.stop();
  }, 120_000);

  afterAll(async () => {
    await clickhouse?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = async (query: string) => (await clickhouse.query({ query, format: 'JSONEachRow' })).json<Record<string, string>>();

  async function expectEqualToRaw(): Promise<void> {
    for (const [table, bucket] of Object.entries(BUCKET)) {
      const keys = `bucket, region_code, county, park_id, platform, category${table === 'sales_monthly' ? ', streamer_id' : ''}`;
      const fromRollup = await rows(
        `SELECT ${keys}, toString(sum(orders)) AS o, toString(sum(quantity)) AS q, toString(sum(gmv_fen)) AS g, toString(sum(refunds)) AS rn, toString(sum(refunds_fen)) AS r
         FROM ${table} GROUP BY ${keys} HAVING o != '0' OR rn != '0' ORDER BY ${keys}`,
      );
      const fromRaw = await rows(
        `SELECT ${keys}, toString(sum(o)) AS o, toString(sum(qu)) AS q, toString(sum(g)) AS g, toString(sum(rn)) AS rn, toString(sum(r)) AS r
         FROM (SELECT ${bucket} AS bucket, region_code, county, park_id, platform, category, streamer_id, 1 AS o, toUInt64(quantity) AS qu, amount_fen AS g, 0 AS rn, toInt64(0) AS r FROM sales_raw FINAL
               UNION ALL SELECT ${bucket}, region_code, county, park_id, platform, category, streamer_id, 0, toUInt64(0), toInt64(0), 1, amount_fen FROM refunds_raw FINAL)
         GROUP BY ${keys} ORDER BY ${keys}`,
      );
      expect(fromRollup.length, table).toBeGreaterThan(0);
      expect(fromRollup, table).toEqual(fromRaw);
    }
  }

  it('sums every sale and refund exactly once per key', async () => {
    await expectEqualToRaw();
    const [n] = await rows(`SELECT toString(count()) AS parts FROM sales_region_monthly`);
    expect(Number(n!.parts)).toBeGreaterThan(0);
  }, 60_000);

  it('gives the same after rebuilding just this projection', async () => {
    const result = await rebuildProjections({ store, clickhouse, projections: ['sales-coarse-rollups'], batchSize: 4000 });
    expect([...result.tables].sort()).toEqual(['sales_monthly', 'sales_region_daily', 'sales_region_hourly', 'sales_region_monthly']);
    await expectEqualToRaw();
  }, 120_000);
});
