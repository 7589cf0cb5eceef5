import { tableRef, type SqlFragment } from './sql.ts';

/**
 * The read models this API reads (schema/clickhouse/migrations, owned by the projections package),
 * by name, in one place: a renamed table or column is one edit here.
 *
 * - Fact tables (`sales_raw`, `refunds_raw`, `trainings`, `parcel_shipments`, `farmer_payments`) are
 *   ReplacingMergeTree(position) keyed by event identity and written with insert deduplication, so
 *   they hold each fact once; they are read with FINAL too, which costs little on the time ranges
 *   raw reads cover and keeps answers exact even before a merge removed a slipped duplicate.
 * - Entity tables (`streamers`, `parks`, `branches`, `appeals` …) are ReplacingMergeTree(version):
 *   several versions of a row live until a merge, so they are always read with FINAL.
 * - Rollups (`sales_hourly/daily/monthly` at streamer grain, `sales_region_hourly/daily/monthly`
 *   without the streamer) are SummingMergeTree: always read with sum(), never FINAL (a merge only
 *   adds rows of one key together, so a sum over unmerged parts is already exact).
 */
const table = (text: string): SqlFragment => {
  const [name, final] = text.split(' ');
  return tableRef(name!, final === 'FINAL');
};

export const T = {
  salesRaw: table('sales_raw FINAL'),
  refundsRaw: table('refunds_raw FINAL'),
  salesHourly: table('sales_hourly'),
  salesDaily: table('sales_daily'),
  salesMonthly: table('sales_monthly'),
  salesRegionHourly: table('sales_region_hourly'),
  salesRegionDaily: table('sales_region_daily'),
  salesRegionMonthly: table('sales_region_monthly'),
  streamers: table('streamers FINAL'),
  parks: table('parks FINAL'),
  committees: table('committees FINAL'),
  branches: table('branches FINAL'),
  warmStations: table('warm_stations FINAL'),
  trainingSessions: table('training_sessions FINAL'),
  trainings: table('trainings FINAL'),
  parcelAgreements: table('parcel_agreements FINAL'),
  parcelShipments: table('parcel_shipments FINAL'),
  loans: table('loans FINAL'),
  appeals: table('appeals FINAL'),
  farmerPayments: table('farmer_payments FINAL'),
} as const;
