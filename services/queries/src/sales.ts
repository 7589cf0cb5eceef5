import { Platform, regionName } from '@redstream/schema';
import { regionPrefixFor, type QueryContext } from './access.ts';
import { divRound } from './money.ts';
import { planSales, type PlanNeeds, type Segment } from './plan.ts';
import { and, join, param, raw, sql, where, type SqlFragment } from './sql.ts';
import { T } from './tables.ts';
import { bucketStart, formatShanghai, InvalidInputError, lastYear, parseInstant, shift, type Granularity } from './time.ts';

/** DESIGN's SalesFilter: half-open [from, to) ISO date-times, wire values for platform and category. */
export interface SalesFilter {
  from?: string | null | undefined;
  to?: string | null | undefined;
  regionCode?: string | null | undefined;
  parkId?: string | null | undefined;
  streamerId?: string | null | undefined;
  platform?: string | null | undefined;
  category?: string | null | undefined;
}

/** Options the query layer offers beyond the public filter (live screens use them). */
export interface SalesOptions {
  /** Only farm products: orders with an origin village. */
  farmOnly?: boolean;
  /**
   * Whether the caller reads `streamers` (distinct streamers with a sale); default true. Without
   * it the figures come from the streamer-less rollups and `streamers` is 0.
   */
  streamers?: boolean;
}

/** A filter checked and bound to the caller's scope. */
export interface ResolvedSalesFilter {
  from: number | undefined;
  to: number | undefined;
  regionPrefix: string | undefined;
  parkId: string | undefined;
  streamerId: string | undefined;
  platform: string | undefined;
  category: string | undefined;
  farmOnly: boolean;
  /** Distinct streamers wanted (see SalesOptions.streamers). */
  streamers: boolean;
}

export function resolveSalesFilter(ctx: QueryContext, filter: SalesFilter | null | undefined, options: SalesOptions = {}): ResolvedSalesFilter {
  const f = filter ?? {};
  const from = f.from == null ? undefined : parseInstant(f.from, 'from');
  const to = f.to == null ? undefined : parseInstant(f.to, 'to');
  if (f.platform != null && !Platform.safeParse(f.platform).success) {
    throw new InvalidInputError(`platform must be one of ${Platform.options.join(', ')}, got ${JSON.stringify(f.platform)}`);
  }
  return {
    from,
    to,
    regionPrefix: regionPrefixFor(ctx, f.regionCode),
    parkId: f.parkId ?? undefined,
    streamerId: f.streamerId ?? undefined,
    platform: f.platform ?? undefined,
    category: f.category ?? undefined,
    farmOnly: options.farmOnly ?? false,
    streamers: options.streamers ?? true,
  };
}

export interface SalesFigures {
  orders: number;
  gmv: bigint;
  refunds: bigint;
  netSales: bigint;
  averageOrderValue: bigint;
  streamers: number;
}

interface FigureRow {
  orders: string;
  gmv: string;
  refunds: string;
  streamers: string;
}

const figures = (row: FigureRow | undefined): SalesFigures => {
  const orders = BigInt(row?.orders ?? 0);
  const gmv = BigInt(row?.gmv ?? 0);
  const refunds = BigInt(row?.refunds ?? 0);
  return { orders: Number(orders), gmv, refunds, netSales: gmv - refunds, averageOrderValue: divRound(gmv, orders), streamers: Number(row?.streamers ?? 0) };
};

export const EMPTY_FIGURES: SalesFigures = figures(undefined);

// ---- the rows every sales question is asked of ------------------------------------------------

const TZ = sql`'Asia/Shanghai'`;

function dimensionConditions(f: ResolvedSalesFilter): SqlFragment[] {
  const c: SqlFragment[] = [];
  if (f.regionPrefix !== undefined) c.push(sql`startsWith(region_code, ${f.regionPrefix})`);
  if (f.parkId !== undefined) c.push(sql`park_id = ${f.parkId}`);
  if (f.streamerId !== undefined) c.push(sql`streamer_id = ${f.streamerId}`);
  if (f.platform !== undefined) c.push(sql`platform = ${f.platform}`);
  if (f.category !== undefined) c.push(sql`category = ${f.category}`);
  return c;
}

function rawTime(column: string, seg: Segment): SqlFragment[] {
  const col = raw(column);
  const c: SqlFragment[] = [];
  if (seg.from !== undefined) c.push(sql`${col} >= fromUnixTimestamp64Milli(${param(seg.from, 'Int64')}, ${TZ})`);
  if (seg.to !== undefined) c.push(sql`${col} < fromUnixTimestamp64Milli(${param(seg.to, 'Int64')}, ${TZ})`);
  return c;
}

function bucketTime(seg: Segment): SqlFragment[] {
  const c: SqlFragment[] = [];
  if (seg.from !== undefined) c.push(sql`bucket >= toDateTime(${param(Math.floor(seg.from / 1000), 'Int64')}, ${TZ})`);
  if (seg.to !== undefined) c.push(sql`bucket < toDateTime(${param(Math.floor(seg.to / 1000), 'Int64')}, ${TZ})`);
  return c;
}

const ROLLUP_TABLE = { monthly: T.salesMonthly, daily: T.salesDaily, hourly: T.salesHourly, minutely: T.salesMinutely } as const;
const REGION_ROLLUP_TABLE = { monthly: T.salesRegionMonthly, daily: T.salesRegionDaily, hourly: T.salesRegionHourly } as const;

function rollupTable(seg: Segment): SqlFragment {
  if (seg.source === 'raw') throw new Error('raw is not a rollup');
  if (seg.grain === 'region') {
    if (seg.source === 'minutely') throw new Error('no streamer-less minutely rollup');
    return REGION_ROLLUP_TABLE[seg.source];
  }
  return ROLLUP_TABLE[seg.source];
}

interface RowShape {
  /** Adds streamer_id (set whenever the filter or the question involves a streamer). */
  streamer?: boolean;
  /** Adds buyer_region_code (raw only). */
  buyer?: boolean;
  /** Adds ts (only series need it; converting every row's time costs). */
  ts?: boolean;
  /** Adds region_level: the streamer's region at this level, as the projector stored it ('' above it). */
  level?: RegionColumn;
}

/** The stored region columns of every sales table (the projector writes a code's ancestors: projections' regionColumns). */
export type RegionColumn = 'province' | 'city' | 'county' | 'town' | 'village';

/**
 * Rows `([ts, ][streamer_id, ]platform, region_code, park_id, category[, buyer_region_code], o, g, r)`
 * over segments served by one table (their time ranges OR-ed): a rollup's buckets, or raw orders and
 * refunds (refunds count when they happen).
 */
function segmentRows(segs: readonly Segment[], f: ResolvedSalesFilter, shape: RowShape): SqlFragment {
  const seg = segs[0]!;
  const dims = dimensionConditions(f);
  const streamerCol = shape.streamer ? sql`streamer_id, ` : sql``;
  const levelCol = (table = '') => (shape.level ? sql`${raw(`${table}${shape.level}`)} AS region_level, ` : sql``);
  if (seg.source !== 'raw') {
    return sql`SELECT ${shape.ts ? sql`toDateTime64(bucket, 3, ${TZ}) AS ts, ` : sql``}${streamerCol}${levelCol()}platform, region_code, park_id, category,
      toInt64(orders) AS o, toInt64(gmv_fen) AS g, toInt64(refunds_fen) AS r
      FROM ${rollupTable(seg)} ${where([...dims, ...anyOf(segs, bucketTime)])}`;
  }
  const rawTimes = anyOf(segs, (s) => rawTime('occurred_at', s));
  const farm = f.farmOnly ? [sql`origin_village_code != ''`] : [];
  const buyerCol = shape.buyer ? sql`, buyer_region_code` : sql``;
  const tsCol = (col: string) => (shape.ts ? sql`toDateTime64(${raw(col)}, 3, ${TZ}) AS ts, ` : sql``);
  const sales = sql`SELECT ${tsCol('occurred_at')}${streamerCol}${levelCol()}platform, region_code, park_id, category${buyerCol},
      toInt64(1) AS o, toInt64(amount_fen) AS g, toInt64(0) AS r
      FROM ${T.salesRaw} ${where([...dims, ...farm, ...rawTimes])}`;
  const refundConds = [...dims, ...rawTimes];
  if (f.farmOnly) refundConds.push(sql`order_id IN (SELECT order_id FROM ${T.salesRaw} WHERE origin_village_code != '')`);
  const refunds = shape.buyer
    ? sql`SELECT ${tsCol('rf.occurred_at')}${shape.streamer ? sql`rf.streamer_id AS streamer_id, ` : sql``}${levelCol('rf.')}rf.platform AS platform, rf.region_code AS region_code,
        rf.park_id AS park_id, rf.category AS category, s.buyer_region_code AS buyer_region_code,
        toInt64(0) AS o, toInt64(0) AS g, toInt64(rf.amount_fen) AS r
        FROM (SELECT * FROM ${T.refundsRaw} ${where(refundConds)}) AS rf
        LEFT JOIN (SELECT order_id, buyer_region_code FROM ${T.salesRaw}
          WHERE order_id IN (SELECT order_id FROM ${T.refundsRaw} ${where(refundConds)})) AS s ON s.order_id = rf.order_id`
    : sql`SELECT ${tsCol('occurred_at')}${streamerCol}${levelCol()}platform, region_code, park_id, category,
        toInt64(0) AS o, toInt64(0) AS g, toInt64(amount_fen) AS r
        FROM ${T.refundsRaw} ${where(refundConds)}`;
  return sql`${sales} UNION ALL ${refunds}`;
}

/**
 * Time conditions of segments read from one table, OR-ed: one table access for both edges of a
 * period (or for several periods) instead of one per segment. [] when one of them is unbounded.
 */
function anyOf(segs: readonly Segment[], time: (seg: Segment) => SqlFragment[]): SqlFragment[] {
  const each = segs.map(time);
  if (each.some((c) => c.length === 0)) return [];
  if (each.length === 1) return each[0]!;
  return [sql`(${join(each.map((c) => sql`(${and(c)})`), ' OR ')})`];
}

/** Segments grouped by the table that serves them (source and grain), in first-seen order. */
function byTable(segments: readonly Segment[]): Segment[][] {
  const groups = new Map<string, Segment[]>();
  for (const seg of segments) {
    const key = `${seg.source}:${seg.grain ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(seg);
    else groups.set(key, [seg]);
  }
  return [...groups.values()];
}

/** A period; `undefined` ends are open. */
interface Range {
  from: number | undefined;
  to: number | undefined;
}

/** The union of periods as disjoint ranges (overlapping or touching ones merged). */
function unionOf(ranges: readonly Range[]): Range[] {
  const lo = (r: Range) => r.from ?? -Infinity;
  const hi = (r: Range) => r.to ?? Infinity;
  const sorted = [...ranges].filter((r) => lo(r) < hi(r)).sort((a, b) => lo(a) - lo(b));
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && lo(r) <= hi(last)) {
      if (hi(r) > hi(last)) last.to = r.to;
    } else out.push({ ...r });
  }
  return out;
}

/** A question's needs with the filter's: a streamer filter needs the streamer grain too. */
function planNeeds(f: ResolvedSalesFilter, needs: PlanNeeds & RowShape): PlanNeeds & RowShape {
  const streamer = Boolean(needs.streamer || f.streamerId !== undefined);
  return { ...needs, streamer, rawOnly: needs.rawOnly || needs.buyer || f.farmOnly };
}

/** The rows of the filter's period, or of `ranges` (disjoint) instead. */
function salesRows(f: ResolvedSalesFilter, needs: PlanNeeds & RowShape, ranges: readonly Range[] = [f]): SqlFragment {
  const n = planNeeds(f, needs);
  const segments = ranges.flatMap((r) => planSales(r.from, r.to, n));
  if (segments.length === 0) return sql`SELECT * FROM (${segmentRows([{ source: 'raw', from: 0, to: 0 }], f, n)}) WHERE 0`;
  return join(
    byTable(segments).map((segs) => sql`SELECT * FROM (${segmentRows(segs, f, n)})`),
    ' UNION ALL ',
  );
}

/** The tables a question would read (tests and the benchmark use it to see the rollups chosen). */
export function salesPlan(f: ResolvedSalesFilter, needs: PlanNeeds & RowShape = {}): Segment[] {
  return planSales(f.from, f.to, planNeeds(f, needs));
}

const SUMS = sql`toString(sum(o)) AS orders, toString(sum(g)) AS gmv, toString(sum(r)) AS refunds`;
const AGG = sql`${SUMS}, toString(uniqExactIf(streamer_id, o > 0)) AS streamers`;
/** AGG over rows without streamer_id (streamer-less rollups): `streamers` is 0, not asked. */
const AGG_NO_STREAMERS = sql`${SUMS}, '0' AS streamers`;
const aggFor = (f: ResolvedSalesFilter): SqlFragment => (f.streamers ? AGG : AGG_NO_STREAMERS);

/**
 * `streamer_id` of every sale (orders only: a refund alone makes no streamer "with a sale") over
 * the streamer-grain rollups, for counting distinct streamers beside a streamer-less sum.
 */
function sellingStreamers(f: ResolvedSalesFilter): SqlFragment {
  const n = planNeeds(f, { streamer: true });
  const segments = planSales(f.from, f.to, n);
  if (segments.length === 0) return sql`SELECT '' AS streamer_id WHERE 0`;
  const dims = dimensionConditions(f);
  return join(
    byTable(segments).map((segs) =>
      segs[0]!.source === 'raw'
        ? sql`SELECT streamer_id FROM ${T.salesRaw} ${where([...dims, ...(f.farmOnly ? [sql`origin_village_code != ''`] : []), ...anyOf(segs, (s) => rawTime('occurred_at', s))])}`
        : sql`SELECT streamer_id FROM ${rollupTable(segs[0]!)} ${where([...dims, ...anyOf(segs, bucketTime), sql`orders > 0`])}`,
    ),
    ' UNION ALL ',
  );
}

// ---- salesSummary --------------------------------------------------------------------------------

export async function salesSummary(ctx: QueryContext, filter: SalesFilter | null | undefined, options: SalesOptions = {}): Promise<SalesFigures> {
  const f = resolveSalesFilter(ctx, filter, options);
  return salesSummaryResolved(ctx, f);
}

export async function salesSummaryResolved(ctx: QueryContext, f: ResolvedSalesFilter): Promise<SalesFigures> {
  if (!f.streamers || f.streamerId !== undefined) {
    // One streamer (a handful of rows at streamer grain) or no distinct count: one query.
    const rows = await ctx.reader.rows<FigureRow>('sales.summary', sql`SELECT ${aggFor(f)} FROM (${salesRows(f, { streamer: f.streamers })})`);
    return figures(rows[0]);
  }
  // Sums from the streamer-less rollups, distinct streamers from the streamer grain: two
  // single-row subqueries side by side in one round trip.
  const rows = await ctx.reader.rows<FigureRow>(
    'sales.summary',
    sql`SELECT sums.orders AS orders, sums.gmv AS gmv, sums.refunds AS refunds, cnt.streamers AS streamers
        FROM (SELECT ${SUMS} FROM (${salesRows(f, {})})) AS sums
        CROSS JOIN (SELECT toString(uniqExact(streamer_id)) AS streamers FROM (${sellingStreamers(f)})) AS cnt`,
  );
  return figures(rows[0]);
}

// ---- salesSeries ---------------------------------------------------------------------------------

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

export async function salesSeries(ctx: QueryContext, filter: SalesFilter | null | undefined, granularity: Granularity, options: SalesOptions = {}): Promise<SalesPoint[]> {
  const f = resolveSalesFilter(ctx, filter, options);
  if (granularity === 'MINUTE' || granularity === 'HOUR') {
    const step = granularity === 'MINUTE' ? 60_000 : 3_600_000;
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
  return [...main.entries()].map(([start, fig]) => ({
    ...fig,
    start,
    bucket: formatShanghai(start),
    previousPeriod: (previous ?? main).get(bucketStart(back(start), granularity)) ?? EMPTY_FIGURES,
    samePeriodLastYear: (yearAgo ?? main).get(bucketStart(yearBack(start), granularity)) ?? EMPTY_FIGURES,
  }));
}

// ---- breakdowns and top-N ------------------------------------------------------------------------

export const DIMENSIONS = ['REGION', 'PARK', 'PLATFORM', 'CATEGORY', 'STREAMER', 'BRANCH', 'PARTY_STATUS', 'BUYER_REGION'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type RegionLevelName = 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWN' | 'VILLAGE';

export interface BreakdownRow extends SalesFigures {
  key: string;
  label: string | null;
}

const LEVEL_COLUMN: Record<RegionLevelName, RegionColumn> = { PROVINCE: 'province', CITY: 'city', COUNTY: 'county', TOWN: 'town', VILLAGE: 'village' };

/** A buyer's region at a level: buyer codes have no stored ancestors, so the code is cut (GB/T 2260 prefixes). */
function buyerRegionKey(level: RegionLevelName): SqlFragment {
  const col = raw('buyer_region_code');
  switch (level) {
    case 'PROVINCE':
      return sql`if(length(${col}) >= 6, concat(substring(${col}, 1, 2), '0000'), '')`;
    case 'CITY':
      return sql`if(length(${col}) >= 6, concat(substring(${col}, 1, 4), '00'), '')`;
    case 'COUNTY':
      return sql`if(length(${col}) >= 6, substring(${col}, 1, 6), '')`;
    case 'TOWN':
      return sql`if(length(${col}) >= 9, substring(${col}, 1, 9), '')`;
    case 'VILLAGE':
      return sql`if(length(${col}) >= 12, substring(${col}, 1, 12), '')`;
  }
}

export interface BreakdownOptions {
  by: Dimension;
  /** For REGION and BUYER_REGION; default COUNTY. */
  regionLevel?: RegionLevelName | null | undefined;
  /** Top-N by GMV; default 50, at most 1000. */
  limit?: number | null | undefined;
}

export const MAX_BREAKDOWN_ROWS = 1000;

export async function salesBreakdown(ctx: QueryContext, filter: SalesFilter | null | undefined, options: BreakdownOptions, salesOptions: SalesOptions = {}): Promise<BreakdownRow[]> {
  const f = resolveSalesFilter(ctx, filter, salesOptions);
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BREAKDOWN_ROWS) throw new InvalidInputError(`limit must be between 1 and ${MAX_BREAKDOWN_ROWS}`);
  const level = options.regionLevel ?? 'COUNTY';
  const order = sql`ORDER BY toInt64(gmv) DESC, key ASC LIMIT ${param(limit, 'UInt32')}`;
  const id = `sales.breakdown.${options.by.toLowerCase()}`;
  let query: SqlFragment;
  switch (options.by) {
    case 'REGION':
    case 'PLATFORM':
    case 'CATEGORY':
    case 'BUYER_REGION': {
      const key =
        options.by === 'REGION' ? raw('region_level') : options.by === 'BUYER_REGION' ? buyerRegionKey(level) : raw(options.by === 'PLATFORM' ? 'platform' : 'category');
      const shape = { streamer: f.streamers, buyer: options.by === 'BUYER_REGION', ...(options.by === 'REGION' ? { level: LEVEL_COLUMN[level] } : {}) };
      query = sql`SELECT ${key} AS key, NULL AS label, ${aggFor(f)} FROM (${salesRows(f, shape)}) GROUP BY key ${order}`;
      break;
    }
    case 'PARK':
      query = sql`SELECT grp.key AS key, nullIf(p.name, '') AS label, grp.orders AS orders, grp.gmv AS gmv, grp.refunds AS refunds, grp.streamers AS streamers
        FROM (SELECT park_id AS key, ${aggFor(f)} FROM (${salesRows(f, { streamer: f.streamers })}) GROUP BY key) AS grp
        LEFT JOIN (SELECT park_id, any(name) AS name FROM ${T.parks} GROUP BY park_id) AS p ON p.park_id = grp.key ${order}`;
      break;
    case 'STREAMER':
      // Names looked up for the top N only (the CTE is the ranked page; one streamer is 1 streamer).
      query = sql`WITH grp AS (SELECT streamer_id AS key, ${SUMS}, toString(max(o > 0)) AS streamers FROM (${salesRows(f, { streamer: true })}) GROUP BY key ${order})
        SELECT grp.key AS key, nullIf(s.display_name, '') AS label, grp.orders AS orders, grp.gmv AS gmv, grp.refunds AS refunds, grp.streamers AS streamers
        FROM grp LEFT JOIN (SELECT streamer_id, argMax(display_name, version) AS display_name FROM ${T.streamers}
                            WHERE streamer_id IN (SELECT key FROM grp) GROUP BY streamer_id) AS s ON s.streamer_id = grp.key ${order}`;
      break;
    case 'PARTY_STATUS':
      query = sql`SELECT if(s.party_status = '', 'none', s.party_status) AS key, NULL AS label, ${AGG}
        FROM (SELECT streamer_id, sum(o) AS o, sum(g) AS g, sum(r) AS r FROM (${salesRows(f, { streamer: true })}) GROUP BY streamer_id) AS grp
        LEFT JOIN (SELECT streamer_id, argMax(party_status, version) AS party_status FROM ${T.streamers} GROUP BY streamer_id) AS s ON s.streamer_id = grp.streamer_id
        GROUP BY key ${order}`;
      break;
    case 'BRANCH':
      query = sql`SELECT b.first_branch AS key, b.branch_name AS label, ${AGG}
        FROM (SELECT park_id, streamer_id, sum(o) AS o, sum(g) AS g, sum(r) AS r FROM (${salesRows(f, { streamer: true })}) GROUP BY park_id, streamer_id) AS grp
        LEFT JOIN (SELECT park_id, argMin(branch_id, (founded_on, branch_id)) AS first_branch, argMin(name, (founded_on, branch_id)) AS branch_name
                   FROM ${T.branches} WHERE park_id != '' GROUP BY park_id) AS b ON b.park_id = grp.park_id
        GROUP BY key, label ${order}`;
      break;
  }
  const rows = await ctx.reader.rows<FigureRow & { key: string; label: string | null }>(id, query);
  // Regions are named here, from the committed GB/T 2260 names, not in SQL: an unnamed code is its own label.
  const regional = options.by === 'REGION' || options.by === 'BUYER_REGION';
  return rows.map((row) => ({ ...figures(row), key: row.key, label: row.label || (regional && row.key ? regionName(row.key) : null) }));
}

export interface StreamerRanking {
  streamerId: string;
  displayName: string;
  gmv: bigint;
  orders: number;
  netSales: bigint;
}

export async function topStreamers(ctx: QueryContext, filter: SalesFilter | null | undefined, limit = 10, options: SalesOptions = {}): Promise<StreamerRanking[]> {
  const rows = await salesBreakdown(ctx, filter, { by: 'STREAMER', limit }, options);
  return rows.map((row) => ({ streamerId: row.key, displayName: row.label ?? row.key, gmv: row.gmv, orders: row.orders, netSales: row.netSales }));
}
