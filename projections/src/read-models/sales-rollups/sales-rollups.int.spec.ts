import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@redstream/schema';
import { generateEvents } from '../../../test-support/generate-events.ts';
import { openProjectedLog, type ProjectedLog } from '../../../test-support/projected-log.ts';
import { startProjector } from '../../projector/projector.ts';
import { rebuildProjections } from '../../projector/rebuild.ts';
import { COARSE_ROLLUP_TABLES } from '../sales-coarse-rollups/sales-coarse-rollups.ts';
import { BUCKETS } from './derive-rollup.ts';
import { ROLLUP_TABLES, salesRollups } from './sales-rollups.ts';

/**
 * Every sales rollup is derived by ClickHouse from the facts of each projector batch. Given a few
 * known sales and refunds, the rows land in the right Shanghai buckets; given 20,000 generated
 * events written by the real projector in small batches (many partial rows per key), every rollup
 * equals the raw tables summed by the same keys; a rebuild of just the rollups gives the same.
 */
const GRAIN: Record<string, [string, boolean]> = {
  sales_hourly: [BUCKETS.hour, true],
  sales_daily: [BUCKETS.day, true],
  sales_region_hourly: [BUCKETS.hour, false],
  sales_region_daily: [BUCKETS.day, false],
  sales_region_monthly: [BUCKETS.month, false],
  sales_monthly: [BUCKETS.month, true],
};

const registered = (streamerId: string): DomainEvent => ({
  type: 'StreamerRegistered',
  data: { streamerId, displayName: '主播', platform: 'douyin', category: '农产品', regionCode: '371302001', followers: 10, partyStatus: 'none', registeredOn: '2025-01-01', parkId: 'p-rollup' },
});
const sale = (orderId: string, streamerId: string, occurredAt: string, amountFen: number): DomainEvent => ({
  type: 'SaleRecorded',
  data: { orderId, streamerId, occurredAt, product: '苹果', category: '生鲜', quantity: 2, amountFen },
});
const KNOWN: DomainEvent[] = [
  registered('rs1'),
  registered('rs2'),
  sale('ro1', 'rs1', '2025-06-18T10:00:10+08:00', 100),
  sale('ro2', 'rs2', '2025-06-18T10:00:50+08:00', 200),
  sale('ro3', 'rs1', '2025-06-18T10:01:00+08:00', 300),
  sale('ro4', 'rs1', '2025-06-30T23:59:59+08:00', 400),
  // Refunded at 00:00:01 Shanghai on 1 July (16:00:01 UTC on 30 June): counts in July, not June.
  { type: 'SaleRefunded', data: { orderId: 'ro4', amountFen: 50, occurredAt: '2025-06-30T16:00:01Z' } },
];
const sec = (iso: string) => Date.parse(iso) / 1000;

describe('sales rollups derived by ClickHouse', () => {
  let log: ProjectedLog;

  beforeAll(async () => {
    log = await openProjectedLog('redstream-rollups-', { generated: generateEvents(20_000, 7), events: KNOWN, idPrefix: 'rollup-known', batchSize: 1500, flushIntervalMs: 50 });
  }, 120_000);

  afterAll(() => log?.close());

  const rows = (query: string) => log.rows(query);
  const summed = (table: string, keys: string) =>
    rows(`SELECT ${keys}, toUnixTimestamp(bucket) AS b, toUInt64(sum(orders)) AS o, toUInt64(sum(quantity)) AS q, toInt64(sum(gmv_fen)) AS g, toUInt64(sum(refunds)) AS rn, toInt64(sum(refunds_fen)) AS r
          FROM ${table} WHERE park_id = 'p-rollup' GROUP BY bucket, ${keys} ORDER BY bucket, ${keys}`);

  it('counts sales in their Shanghai hour, day and month, and refunds in their own', async () => {
    const daily = await summed('sales_daily', 'streamer_id');
    expect(daily.map((x) => [x.b, x.streamer_id, Number(x.o), Number(x.g), Number(x.rn), Number(x.r)])).toEqual([
      [sec('2025-06-18T00:00:00+08:00'), 'rs1', 2, 400, 0, 0],
      [sec('2025-06-18T00:00:00+08:00'), 'rs2', 1, 200, 0, 0],
      [sec('2025-06-30T00:00:00+08:00'), 'rs1', 1, 400, 0, 0],
      [sec('2025-07-01T00:00:00+08:00'), 'rs1', 0, 0, 1, 50],
    ]);
    const regionHourly = await summed('sales_region_hourly', 'county, platform, category');
    expect(regionHourly.map((x) => [x.b, x.county, x.platform, x.category, Number(x.o), Number(x.g), Number(x.r)])).toEqual([
      [sec('2025-06-18T10:00:00+08:00'), '371302', 'douyin', '生鲜', 3, 600, 0],
      [sec('2025-06-30T23:00:00+08:00'), '371302', 'douyin', '生鲜', 1, 400, 0],
      [sec('2025-07-01T00:00:00+08:00'), '371302', 'douyin', '生鲜', 0, 0, 50],
    ]);
    const regionMonthly = await summed('sales_region_monthly', 'town');
    expect(regionMonthly.map((x) => [x.b, x.town, Number(x.o), Number(x.q), Number(x.g), Number(x.rn), Number(x.r)])).toEqual([
      [sec('2025-06-01T00:00:00+08:00'), '371302001', 4, 8, 1000, 0, 0],
      [sec('2025-07-01T00:00:00+08:00'), '371302001', 0, 0, 0, 1, 50],
    ]);
    const monthly = await summed('sales_monthly', 'streamer_id');
    expect(monthly.map((x) => [x.b, x.streamer_id, Number(x.o), Number(x.g), Number(x.r)])).toEqual([
      [sec('2025-06-01T00:00:00+08:00'), 'rs1', 3, 800, 0],
      [sec('2025-06-01T00:00:00+08:00'), 'rs2', 1, 200, 0],
      [sec('2025-07-01T00:00:00+08:00'), 'rs1', 0, 0, 50],
    ]);
  }, 60_000);

  async function expectEqualToRaw(): Promise<void> {
    expect(Object.keys(GRAIN).sort()).toEqual([...ROLLUP_TABLES, ...COARSE_ROLLUP_TABLES].sort());
    for (const [table, [bucket, withStreamer]] of Object.entries(GRAIN)) {
      const keys = `bucket, region_code, county, park_id, platform, category${withStreamer ? ', streamer_id' : ''}`;
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
      expect(fromRollup.length, table).toBeGreaterThan(100);
      expect(fromRollup, table).toEqual(fromRaw);
    }
  }

  it('sums every generated sale and refund exactly once per key, in every rollup', async () => {
    await expectEqualToRaw();
  }, 60_000);

  it('are refused to a live projector that does not also write the facts they derive from', () => {
    expect(() => startProjector({ store: log.store, clickhouse: log.clickhouse, models: [salesRollups] })).toThrow(/derived tables read facts this projector does not write \(sales_hourly ← sales_raw/);
  });

  it('gives the same after rebuilding just the rollups (derived from the live facts)', async () => {
    const coarse = await rebuildProjections({ store: log.store, clickhouse: log.clickhouse, projections: ['sales-coarse-rollups'], batchSize: 4000 });
    expect([...coarse.tables].sort()).toEqual([...COARSE_ROLLUP_TABLES].sort());
    const fine = await rebuildProjections({ store: log.store, clickhouse: log.clickhouse, projections: ['sales-rollups'], batchSize: 2500 });
    expect([...fine.tables].sort()).toEqual([...ROLLUP_TABLES].sort());
    await expectEqualToRaw();
  }, 120_000);
});
