/**
 * The GraphQL API's query layer, the one place this package reaches it: every figure in a summary
 * comes from these functions, so a summary's numbers equal GraphQL's for the same filter.
 */
export { createReader, type Reader } from '@redstream/graphql-api';
export type { QueryContext } from '@redstream/graphql-api';
export { ForbiddenRegionError, effectiveRegion } from '@redstream/graphql-api';
export { fenToYuan } from '@redstream/graphql-api';
export { sql, where, and, param, SqlFragment } from '@redstream/graphql-api';
export { salesSummary, salesSeries, salesBreakdown, topStreamers, type SalesFigures, type SalesFilter, type BreakdownRow, type StreamerRanking, type SalesPoint } from '@redstream/graphql-api';
export { farmerIncome, type FarmerIncomeSummary } from '@redstream/graphql-api';
export { partyBuilding, warmStations, type PartyBuildingSummary, type WarmStationsSummary } from '@redstream/graphql-api';
export {
  training,
  trainingEffect,
  parcelDiscounts,
  loans,
  appeals,
  type TrainingSummary,
  type TrainingEffect,
  type ParcelSummary,
  type LoanSummary,
  type AppealSummary,
} from '@redstream/graphql-api';
export type { PeriodFilter } from '@redstream/graphql-api';
