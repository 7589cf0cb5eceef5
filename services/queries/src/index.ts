/** The query layer: every figure the API shows, as functions the summaries and screen services reuse. */
export { effectiveRegion, ForbiddenRegionError, InvalidRegionError, type QueryContext } from './access.ts';
export { batchingReader, createReader, DEFAULT_QUERY_TIMEOUT_MS, QueryTimeoutError, type Reader, type ReaderOptions } from './reader.ts';
export { sql, param, raw, join, where, and, SqlFragment } from './sql.ts';
export { fenToYuan, yuanToFen, toFen, divRound } from './money.ts';
export { GRANULARITIES, type Granularity, formatShanghai, shanghaiDate, shanghaiMidnight, bucketStart, InvalidInputError } from './time.ts';
export { planSales, type RollupSet, type Segment, type SalesSource } from './plan.ts';
export { EMPTY_FIGURES, resolveSalesFilter, salesPlan, type RegionColumn, type ResolvedSalesFilter, type SalesFigures, type SalesFilter, type SalesOptions } from './sales-rows.ts';
export * from './sales.ts';
export * from './sales-series.ts';
export * from './sales-breakdown.ts';
export * from './farmer-income.ts';
export * from './metric-definitions.ts';
export * from './live-metrics.ts';
export * from './live-sessions.ts';
export * from './live-metrics-by.ts';
export * from './farmer-metrics.ts';
export * from './organisation.ts';
export * from './support.ts';
export { type PeriodFilter, resolvePeriod } from './period.ts';
export { liveNow, ON_AIR_LOOKBACK_HOURS, type LiveNowPayload, type LiveNowSession, type LiveNowWindow } from './live-now.ts';
export { rankedStreamerSessions, streamersLiveToday, type RankedStreamerSessions, type StreamersLiveToday } from './ranking-sessions.ts';
export { liveFigures, liveSlowFigures, withSlowFigures, type SlowFigures, SLOW_FIGURES_MS, STREAMER_SALES_LIMIT, TOP_STREAMERS, type LiveFiguresPayload, type LiveScope, type StreamerSales } from './live.ts';
export { projectionLag, readCommittedCheckpoint, checkpointStatus, LIVE_PROJECTION, type CommittedCheckpoint, type ProjectorStatus, type ProjectorStatusSource, type ProjectionLag } from './lag.ts';
export {
  annualFiguresAsOf,
  positionRecordedBy,
  resolveAsOf,
  rowsWrittenAfter,
  datedTables,
  type DatedTable,
  salesSummaryAsOf,
  type AnnualFiguresAsOf,
  type AsOfInput,
  type PositionLog,
} from './as-of.ts';
export { projectionOperations, type ProjectionOperations, type ProjectionView, type ProjectionFaultView } from './projection-operations.ts';
