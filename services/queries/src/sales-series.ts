import type { QueryContext } from './access.ts';
import { aggFor, EMPTY_FIGURES, figures, resolveSalesFilter, salesRows, TZ, unionOf, type FigureRow, type Range, type ResolvedSalesFilter, type SalesFigures, type SalesFilter, type SalesOptions } from './sales-rows.ts';
import { join, param, sql, type SqlFragment } from './sql.ts';
import { bucketStart, formatShanghai, InvalidInputError, lastYear, shift, type Granularity } from './time.ts';

/** A sales series: figures per bucket (minute … year), each beside the bucket before and the same bucket a year earlier. */

export interface SalesPoint extends SalesFigures {
  /** Bucket start, epoch ms. */
  start: number;
  /** ISO start in Asia/Shanghai, e.g. 2025-06-18T00:00:00+08:00. */
  bucket: string;
  /** The bucket before, under the same filter (a period shifted back by one bucket). */
  previousPeriod: SalesFigures;
  /** The same bucket a year earlier (52 weeks for weeks). */
  samePeriodLastYear: SalesFigures;
}

function bucketExpr(granularity: Granularity): SqlFragment {
  switch (granularity) {
    case 'MINUTE':
      return sql`toStartOfMinute(ts)`;
    case 'HOUR':
      return sql`toStartOfHour(ts, ${TZ})`;
    case 'DAY':
      return sql`toStartOfDay(ts, ${TZ})`;
    case 'WEEK':
      return sql`toDateTime(toStartOfWeek(ts, 1, ${TZ}), ${TZ})`;
    case 'MONTH':
      return sql`toDateTime(toStartOfMonth(ts, ${TZ}), ${TZ})`;
    case 'QUARTER':
      return sql`toDateTime(toStartOfQuarter(ts, ${TZ}), ${TZ})`;
    case 'YEAR':
      return sql`toDateTime(toStartOfYear(ts, ${TZ}), ${TZ})`;
  }
}

/** Buckets over disjoint ranges. */
async function bucketsOver(ctx: QueryContext, f: ResolvedSalesFilter, ranges: readonly Range[], granularity: Granularity): Promise<Map<number, SalesFigures>> {
  const rows = await ctx.reader.rows<FigureRow & { start: string }>(
    'sales.series',
    sql`SELECT toString(toUnixTimestamp(${bucketExpr(granularity)})) AS start, ${aggFor(f)}
        FROM (${salesRows(f, { streamer: f.streamers, granularity, ts: true }, ranges)}) GROUP BY start ORDER BY toInt64(start)`,
  );
  return new Map(rows.map((row) => [Number(row.start) * 1000, figures(row)]));
}

/**
 * Buckets of several periods (the series, the one before, a year earlier) in one round trip: each
 * period is its own tagged subquery, so overlapping periods stay exact.
 */
async function seriesRows(ctx: QueryContext, periods: readonly ResolvedSalesFilter[], granularity: Granularity): Promise<Map<number, SalesFigures>[]> {
  const parts = periods.map(
    (f, i) => sql`SELECT ${param(i, 'UInt8')} AS part, toString(toUnixTimestamp(${bucketExpr(granularity)})) AS start, ${aggFor(f)}
        FROM (${salesRows(f, { streamer: f.streamers, granularity, ts: true })}) GROUP BY start`,
  );
  const rows = await ctx.reader.rows<FigureRow & { part: number; start: string }>('sales.series', sql`SELECT * FROM (${join(parts, ' UNION ALL ')}) ORDER BY part, toInt64(start)`);
  const maps = periods.map(() => new Map<number, SalesFigures>());
  for (const row of rows) maps[Number(row.part)]!.set(Number(row.start) * 1000, figures(row));
  return maps;
}

/** The most buckets one series may return (a year of minutes is refused, a day of them is fine). */
export const MAX_SERIES_BUCKETS = 5000;

export interface SeriesOptions extends SalesOptions {
  /**
   * MINUTE and HOUR: the buckets from `from` up to this instant that sold nothing are given too, as
   * zeros with their comparisons (the live screen's hours up to now, which a push adds sales to).
   */
  fillTo?: number;
}

/** The granularities whose buckets have one length (ms): Shanghai's minutes and hours start where UTC's do. */
const FIXED_STEP: Partial<Record<Granularity, number>> = { MINUTE: 60_000, HOUR: 3_600_000 };

export async function salesSeries(ctx: QueryContext, filter: SalesFilter | null | undefined, granularity: Granularity, options: SeriesOptions = {}): Promise<SalesPoint[]> {
  const f = resolveSalesFilter(ctx, filter, options);
  const step = FIXED_STEP[granularity];
  if (step !== undefined) {
    if (f.from === undefined || f.to === undefined || (f.to - f.from) / step > MAX_SERIES_BUCKETS) {
      throw new InvalidInputError(`a ${granularity} series needs from and to at most ${MAX_SERIES_BUCKETS} buckets apart`);
    }
  }
  const shifted = (move: (ms: number) => number): ResolvedSalesFilter => ({
    ...f,
    from: f.from === undefined ? undefined : move(f.from),
    to: f.to === undefined ? undefined : move(f.to),
  });
  const back = (ms: number) => shift(ms, granularity, -1);
  const yearBack = (ms: number) => lastYear(ms, granularity);
  const unbounded = f.from === undefined && f.to === undefined;
  const periods = unbounded ? [f] : [f, shifted(back), shifted(yearBack)];
  const aligned = (ms: number | undefined) => ms === undefined || bucketStart(ms, granularity) === ms;
  let main: Map<number, SalesFigures>;
  let previous: Map<number, SalesFigures> | undefined;
  let yearAgo: Map<number, SalesFigures> | undefined;
  if (periods.every((p) => aligned(p.from) && aligned(p.to))) {
    // Whole buckets only: a bucket's figures are the same in whichever period it falls, so the
    // three periods are read once, as their union, from one table access.
    const all = await bucketsOver(ctx, f, unionOf(periods), granularity);
    main = new Map([...all].filter(([start]) => (f.from === undefined || start >= f.from) && (f.to === undefined || start < f.to)));
    previous = yearAgo = all;
  } else {
    [main, previous, yearAgo] = (await seriesRows(ctx, periods, granularity)) as [Map<number, SalesFigures>, ...Map<number, SalesFigures>[]];
  }
  if (options.fillTo !== undefined && f.from !== undefined && step !== undefined) {
    const end = Math.min(options.fillTo, f.to ?? options.fillTo);
    for (let start = bucketStart(f.from, granularity); start < end; start += step) if (!main.has(start)) main.set(start, EMPTY_FIGURES);
    main = new Map([...main].sort(([a], [b]) => a - b));
  }
  return [...main.entries()].map(([start, fig]) => ({
    ...fig,
    start,
    bucket: formatShanghai(start),
    previousPeriod: (previous ?? main).get(bucketStart(back(start), granularity)) ?? EMPTY_FIGURES,
    samePeriodLastYear: (yearAgo ?? main).get(bucketStart(yearBack(start), granularity)) ?? EMPTY_FIGURES,
  }));
}
