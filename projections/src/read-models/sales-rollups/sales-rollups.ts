import { regionColumns, type RegionColumns } from '../../model/state.ts';
import { dayBucket, hourBucket, minuteBucket } from '../../model/time.ts';
import type { Output, ReadModel, Row } from '../read-model.ts';
import { saleContribution, type SaleDims } from './sale-contribution.ts';

/**
 * Dashboard rollups: minute, hour and day buckets (Asia/Shanghai) by the streamer's region, park,
 * platform, category and streamer, so dashboards never scan raw orders.
 *
 * Why these survive replays. They are not materialized views over raw inserts (a view fires on
 * every insert, so a replayed batch would be counted twice). The projector pre-aggregates each
 * batch in memory and writes the partial sums with the batch's insert-deduplication token, in the
 * same write-ahead protocol as every other table (see projector/apply-batch.ts): a batch is only
 * ever written again as the byte-identical batch with the same token, which ClickHouse drops. So
 * each event is added to the SummingMergeTree exactly once, whether or not merges have run.
 * Read them with sum(...) GROUP BY: partial rows of one key may stay unmerged.
 */
export const ROLLUP_TABLES = ['sales_minutely', 'sales_hourly', 'sales_daily'] as const;

const BUCKETS = [
  ['sales_minutely', minuteBucket],
  ['sales_hourly', hourBucket],
  ['sales_daily', dayBucket],
] as const;

type Dims = SaleDims;

function add(out: Output, ms: number, dims: Dims, measures: Record<string, number>): void {
  const dimsKey = `${dims.region_code}\u0001${dims.park_id}\u0001${dims.platform}\u0001${dims.category}\u0001${dims.streamer_id}`;
  const region = regionColumns(dims.region_code || undefined);
  // Hot loop (three rows per sale): no named closures here — tsx/esbuild wraps each in __name().
  for (let i = 0; i < BUCKETS.length; i++) {
    const [table, bucketOf] = BUCKETS[i]!;
    const bucket = bucketOf(ms);
    out.sum(table, `${bucket}\u0001${dimsKey}`, () => rollupRow(bucket, region, dims), measures);
  }
}

function rollupRow(bucket: number, region: Readonly<RegionColumns>, dims: Dims): Row {
  return {
    bucket,
    region_code: region.region_code,
    province: region.province,
    city: region.city,
    county: region.county,
    town: region.town,
    village: region.village,
    park_id: dims.park_id,
    platform: dims.platform,
    category: dims.category,
    streamer_id: dims.streamer_id,
    // Measures in the literal (set by `sum`): the row keeps one shape, no property additions.
    orders: 0,
    quantity: 0,
    gmv_fen: 0,
    refunds: 0,
    refunds_fen: 0,
  };
}

export const salesRollups: ReadModel = {
  name: 'sales-rollups',
  tables: ROLLUP_TABLES,
  project(projected, state, out) {
    const c = saleContribution(projected, state);
    if (c) add(out, c.ms, c.dims, c.measures);
  },
};
