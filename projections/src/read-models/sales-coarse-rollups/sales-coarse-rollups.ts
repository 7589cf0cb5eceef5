import type { ReadModel } from '../read-model.ts';
import { salesRollup } from '../sales-rollups/derive-rollup.ts';

/**
 * Coarser dashboard rollups beside sales-rollups' streamer-grain hour/day tables:
 *
 * - `sales_region_hourly` / `sales_region_daily` / `sales_region_monthly`: by the streamer's region,
 *   park, platform and category, without the streamer. Questions that involve no streamer (summary
 *   figures, series, breakdowns by region/park/platform/category) read these: a year is thousands of
 *   rows here, millions at streamer grain.
 * - `sales_monthly`: the streamer grain by calendar month (top streamers and distinct streamers over
 *   whole months).
 *
 * Exactness is sales-rollups': derived by ClickHouse from each batch's fact rows under the batch's
 * insert-deduplication token, so a replayed batch is dropped and each event is summed exactly once.
 * Read them with sum(...) GROUP BY.
 */
export const COARSE_ROLLUP_TABLES = ['sales_region_hourly', 'sales_region_daily', 'sales_region_monthly', 'sales_monthly'] as const;

export const salesCoarseRollups: ReadModel = {
  name: 'sales-coarse-rollups',
  tables: COARSE_ROLLUP_TABLES,
  derived: [
    salesRollup('sales_region_hourly', 'hour', false),
    salesRollup('sales_region_daily', 'day', false),
    salesRollup('sales_region_monthly', 'month', false),
    salesRollup('sales_monthly', 'month', true),
  ],
};
