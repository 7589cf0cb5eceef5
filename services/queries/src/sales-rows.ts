import { Platform } from '@redstream/schema';
import { regionPrefixFor, type QueryContext } from './access.ts';
import { divRound } from './money.ts';
import { planSales, type PlanNeeds, type RollupSet, type Segment } from './plan.ts';
import { and, join, param, raw, sql, where, type SqlFragment } from './sql.ts';
import { T } from './tables.ts';
import { InvalidInputError, parseInstant } from './time.ts';

/**
 * What every sales question shares: the filter (DESIGN's SalesFilter, bound to the caller's scope),
 * the figures a row of sums becomes, and the rows a question is asked of — planned over the raw
 * table and the rollups (plan.ts). The questions themselves are sales.ts (summary),
 * sales-series.ts and sales-breakdown.ts.
 */
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
  /** The rollups the reader lets the planner read (Reader.rollups); undefined: all. */
  rollups?: RollupSet | undefined;
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
    rollups: ctx.reader.rollups,
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

export interface FigureRow {
  orders: string;
  gmv: string;
  refunds: string;
  streamers: string;
}

export const figures = (row: FigureRow | undefined): SalesFigures => {
  const orders = BigInt(row?.orders ?? 0);
  const gmv = BigInt(row?.gmv ?? 0);
  const refunds = BigInt(row?.refunds ?? 0);
  return { orders: Number(orders), gmv, refunds, netSales: gmv - refunds, averageOrderValue: divRound(gmv, orders), streamers: Number(row?.streamers ?? 0) };
};

export const EMPTY_FIGURES: SalesFigures = figures(undefined);

// ---- the rows every sales question is asked of ------------------------------------------------

export const TZ = sql`'Asia/Shanghai'`;

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

const ROLLUP_TABLE = { monthly: T.salesMonthly, daily: T.salesDaily, hourly: T.salesHourly } as const;
const REGION_ROLLUP_TABLE = { monthly: T.salesRegionMonthly, daily: T.salesRegionDaily, hourly: T.salesRegionHourly } as const;

function rollupTable(seg: Segment): SqlFragment {
  if (seg.source === 'raw') throw new Error('raw is not a rollup');
  return seg.grain === 'region' ? REGION_ROLLUP_TABLE[seg.source] : ROLLUP_TABLE[seg.source];
}

export interface RowShape {
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
export interface Range {
  from: number | undefined;
  to: number | undefined;
}

/** The union of periods as disjoint ranges (overlapping or touching ones merged). */
export function unionOf(ranges: readonly Range[]): Range[] {
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
  return { ...needs, streamer, rawOnly: needs.rawOnly || needs.buyer || f.farmOnly, rollups: needs.rollups ?? f.rollups };
}

/** The rows of the filter's period, or of `ranges` (disjoint) instead. */
export function salesRows(f: ResolvedSalesFilter, needs: PlanNeeds & RowShape, ranges: readonly Range[] = [f]): SqlFragment {
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

export const SUMS = sql`toString(sum(o)) AS orders, toString(sum(g)) AS gmv, toString(sum(r)) AS refunds`;
export const AGG = sql`${SUMS}, toString(uniqExactIf(streamer_id, o > 0)) AS streamers`;
/** AGG over rows without streamer_id (streamer-less rollups): `streamers` is 0, not asked. */
const AGG_NO_STREAMERS = sql`${SUMS}, '0' AS streamers`;
export const aggFor = (f: ResolvedSalesFilter): SqlFragment => (f.streamers ? AGG : AGG_NO_STREAMERS);

/**
 * `streamer_id` of every sale (orders only: a refund alone makes no streamer "with a sale") over
 * the streamer-grain rollups, for counting distinct streamers beside a streamer-less sum.
 */
export function sellingStreamers(f: ResolvedSalesFilter): SqlFragment {
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
