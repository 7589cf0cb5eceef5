import { raw } from './sql.ts';

/**
 * The read models this API reads, by name, in one place: the projections package owns the DDL
 * (schema/clickhouse/migrations); this file is the only place the query layer names a table, so
 * a renamed table or column is one edit here.
 */
export const T = {
  /** One row per order: order_id, streamer_id, occurred_at, amount_fen, quantity, category, product, platform, region_code, park_id, buyer_region_code, origin_village_code, cooperative_id. */
  salesRaw: raw('sales_raw'),
  /** One row per refund, with its order's dimensions: order_id, occurred_at, amount_fen, streamer_id, platform, region_code, park_id, category. */
  refundsRaw: raw('refunds_raw'),
  /** Rollups (bucket, streamer_id, platform, region_code, park_id, category) → orders, gmv_fen, refunds_fen. */
  salesMinutely: raw('sales_minutely'),
  salesHourly: raw('sales_hourly'),
  salesDaily: raw('sales_daily'),
  streamers: raw('streamers'),
  parks: raw('parks'),
  committees: raw('committees'),
  branches: raw('branches'),
  warmStations: raw('warm_stations'),
  trainingSessions: raw('training_sessions'),
  trainings: raw('trainings'),
  parcelAgreements: raw('parcel_agreements'),
  parcelShipments: raw('parcel_shipments'),
  loans: raw('loans'),
  appeals: raw('appeals'),
  farmerPayments: raw('farmer_payments'),
} as const;
