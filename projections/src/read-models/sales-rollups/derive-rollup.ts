import type { DerivedTable, RollupFeed } from '../read-model.ts';

/** The dimensions every sales rollup row carries (the streamer's region, park and platform; the sale's category). */
const REGION_DIMS = ['region_code', 'province', 'city', 'county', 'town', 'village', 'park_id', 'platform', 'category'] as const;
const MEASURES = ['orders', 'quantity', 'gmv_fen', 'refunds', 'refunds_fen'] as const;

/** Bucket starts in Asia/Shanghai, over `occurred_at` (DateTime64(3, 'Asia/Shanghai')) into a DateTime column. */
export const BUCKETS = {
  hour: `toStartOfHour(occurred_at, 'Asia/Shanghai')`,
  day: `toStartOfDay(occurred_at, 'Asia/Shanghai')`,
  month: `toDateTime(toStartOfMonth(occurred_at, 'Asia/Shanghai'), 'Asia/Shanghai')`,
} as const;

/**
 * A sales rollup derived inside ClickHouse from the fact rows of one projector batch: every sale
 * (sales_raw) and refund (refunds_raw) at log positions (from, to], summed by bucket and dimensions.
 * A sale counts in the bucket of its occurred_at with its streamer's dimensions; a refund in the
 * bucket of its own occurred_at with its order's dimensions (both already resolved on the fact rows).
 *
 * Why derived and not mapped in JS: aggregation is what ClickHouse is made for, and a row per sale
 * per grain mapped, encoded and parsed again cost most of a catch-up's time (see README, figures).
 *
 * Why it survives replays: the fact rows of (from, to] are written exactly once in effect before
 * this runs (apply-batch.ts), so the SELECT finds the same rows whenever the batch is applied; with
 * a total ORDER BY and one thread it yields the same single block, which the batch's deduplication
 * token makes ClickHouse drop the second time. Read rollups with sum(...) GROUP BY.
 */
export function salesRollup(table: string, grain: keyof typeof BUCKETS, withStreamer: boolean): DerivedTable {
  const dims = withStreamer ? [...REGION_DIMS, 'streamer_id'] : [...REGION_DIMS];
  const d = dims.join(', ');
  return {
    table,
    sources: ['sales_raw', 'refunds_raw'],
    feed: ROLLUP_FEED,
    insert(from, to, name) {
      return `INSERT INTO ${name(table)} (bucket, ${d}, ${MEASURES.join(', ')})
SELECT ${BUCKETS[grain]} AS bucket, ${d}, sum(o) AS orders, sum(q) AS quantity, sum(g) AS gmv_fen, sum(r) AS refunds, sum(rf) AS refunds_fen
FROM (${batchSalesAndRefunds(from, to, name, d)})
GROUP BY bucket, ${d}
ORDER BY bucket, ${d}`;
    },
  };
}

/** A batch's sales and refunds as rows of one shape: a sale adds an order, its quantity and amount; a refund adds a refund and its amount. */
function batchSalesAndRefunds(from: bigint, to: bigint, name: (table: string) => string, d: string): string {
  const range = `position > ${from} AND position <= ${to}`;
  return `
  SELECT occurred_at, ${d}, 1 AS o, toUInt64(quantity) AS q, amount_fen AS g, 0 AS r, toInt64(0) AS rf FROM ${name('sales_raw')} WHERE ${range}
  UNION ALL
  SELECT occurred_at, ${d}, 0, toUInt64(0), toInt64(0), 1, amount_fen FROM ${name('refunds_raw')} WHERE ${range}`;
}

/**
 * The six sales rollups in one statement (migration 0008; 0010 dropped a seventh, the minute one):
 * the batch's sales and refunds go once into the Null table `sales_rollup_feed`, whose materialized
 * views sum them into every rollup —
 * the same SELECTs as `salesRollup`'s. Live tables only: the views write the live rollups, so a
 * rebuild (`<table>__rebuild`) derives each rollup with its own statement.
 */
export const ROLLUP_FEED: RollupFeed = {
  table: 'sales_rollup_feed',
  targets: ['sales_hourly', 'sales_daily', 'sales_region_hourly', 'sales_region_daily', 'sales_region_monthly', 'sales_monthly'],
  insert(from, to) {
    const d = [...REGION_DIMS, 'streamer_id'].join(', ');
    return `INSERT INTO sales_rollup_feed (occurred_at, ${d}, o, q, g, r, rf)${batchSalesAndRefunds(from, to, (t) => t, d)}`;
  },
};
