import { regionColumns, type RegionColumns } from '../../model/state.ts';
import { dayBucket, hourBucket } from '../../model/time.ts';
import type { Output, ReadModel, Row } from '../read-model.ts';
import { saleContribution, type SaleDims } from '../sales-rollups/sale-contribution.ts';

/**
 * Coarser dashboard rollups beside sales-rollups' streamer-grain minute/hour/day tables:
 *
 * - `sales_region_hourly` / `sales_region_daily` / `sales_region_monthly`: by the streamer's region,
 *   park, platform and category, without the streamer. Questions that involve no streamer (summary
 *   figures, series, breakdowns by region/park/platform/category) read these: a year is thousands of
 *   rows here, millions at streamer grain.
 * - `sales_monthly`: the streamer grain by calendar month (top streamers and distinct streamers over
 *   whole months).
 *
 * Exactness is sales-rollups': rows are pre-aggregated per batch in event order (deterministic for
 * a batch), written with the batch's insert-deduplication token, so a replayed batch is dropped by
 * ClickHouse and each event is summed exactly once. Read them with sum(...) GROUP BY.
 */
export const COARSE_ROLLUP_TABLES = ['sales_region_hourly', 'sales_region_daily', 'sales_region_monthly', 'sales_monthly'] as const;

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Unix seconds of Shanghai midnight on the 1st of the month of `ms`. */
export function monthBucket(ms: number): number {
  const local = new Date(ms + SHANGHAI_OFFSET_MS);
  return (Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - SHANGHAI_OFFSET_MS) / 1000;
}

const REGION_BUCKETS = [
  ['sales_region_hourly', hourBucket],
  ['sales_region_daily', dayBucket],
  ['sales_region_monthly', monthBucket],
] as const;

type Dims = SaleDims;

function add(out: Output, ms: number, dims: Dims, measures: Record<string, number>): void {
  const regionKey = `${dims.region_code}\u0001${dims.park_id}\u0001${dims.platform}\u0001${dims.category}`;
  const region = regionColumns(dims.region_code || undefined);
  // Hot loop (four rows per sale): no named closures or spreads here (see sales-rollups).
  for (let i = 0; i < REGION_BUCKETS.length; i++) {
    const [table, bucketOf] = REGION_BUCKETS[i]!;
    const bucket = bucketOf(ms);
    out.sum(table, `${bucket}\u0001${regionKey}`, () => coarseRow(bucket, region, dims, false), measures);
  }
  const month = monthBucket(ms);
  out.sum('sales_monthly', `${month}\u0001${regionKey}\u0001${dims.streamer_id}`, () => coarseRow(month, region, dims, true), measures);
}

/** A row's dimensions; every row of one table has the same columns in the same order. */
function coarseRow(bucket: number, region: Readonly<RegionColumns>, dims: Dims, streamer: boolean): Row {
  const row: Row = {
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
  };
  if (streamer) row.streamer_id = dims.streamer_id;
  return row;
}

export const salesCoarseRollups: ReadModel = {
  name: 'sales-coarse-rollups',
  tables: COARSE_ROLLUP_TABLES,
  project(projected, state, out) {
    const c = saleContribution(projected, state);
    if (c) add(out, c.ms, c.dims, c.measures);
  },
};
