import { regionColumns, type RegionColumns } from '../../model/state.ts';
import { dayBucket, epochMs, hourBucket, minuteBucket } from '../../model/time.ts';
import type { Output, ReadModel, Row } from '../read-model.ts';

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

interface Dims {
  streamer_id: string;
  platform: string;
  region_code: string;
  park_id: string;
  category: string;
}

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
  project({ event }, state, out) {
    if (event.type === 'SaleRecorded') {
      const d = event.data;
      const s = state.streamers.get(d.streamerId);
      add(out, epochMs(d.occurredAt), { streamer_id: d.streamerId, platform: s?.platform ?? '', region_code: s?.region_code ?? '', park_id: s?.park_id ?? '', category: d.category }, {
        orders: 1,
        quantity: d.quantity,
        gmv_fen: d.amountFen,
        refunds: 0,
        refunds_fen: 0,
      });
    } else if (event.type === 'SaleRefunded') {
      const d = event.data;
      const o = state.orders.get(d.orderId);
      add(out, epochMs(d.occurredAt), { streamer_id: o?.streamer_id ?? '', platform: o?.platform ?? '', region_code: o?.region_code ?? '', park_id: o?.park_id ?? '', category: o?.category ?? '' }, {
        orders: 0,
        quantity: 0,
        gmv_fen: 0,
        refunds: 1,
        refunds_fen: d.amountFen,
      });
    }
  },
};
