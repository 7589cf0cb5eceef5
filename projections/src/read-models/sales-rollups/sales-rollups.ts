import type { ReadModel } from '../read-model.ts';
import { salesRollup } from './derive-rollup.ts';

/**
 * Dashboard rollups: hour and day buckets (Asia/Shanghai) by the streamer's region, park, platform,
 * category and streamer, so dashboards read raw orders only for the odd minutes at a period's ends
 * (at most an hour each; there is no minute rollup since migration 0010: a minute held about one
 * row per order, at streamer grain or without it).
 *
 * Why these survive replays. They are not materialized views over raw inserts (a view fires on
 * every insert, so a replayed batch would be counted twice). After each batch's fact rows are
 * written, ClickHouse sums exactly that batch's sales and refunds into them (derive-rollup.ts)
 * under the batch's insert-deduplication token, in the same write-ahead protocol as every other
 * table (see projector/apply-batch.ts): a batch is only ever derived again as the identical block
 * with the same token, which ClickHouse drops. So each event is added to the SummingMergeTree
 * exactly once, whether or not merges have run. Read them with sum(...) GROUP BY.
 */
export const ROLLUP_TABLES = ['sales_hourly', 'sales_daily'] as const;

export const salesRollups: ReadModel = {
  name: 'sales-rollups',
  tables: ROLLUP_TABLES,
  derived: [salesRollup('sales_hourly', 'hour', true), salesRollup('sales_daily', 'day', true)],
};
