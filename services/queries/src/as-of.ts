import type { YearPeriod } from '@redstream/schema';
import type { QueryContext } from './access.ts';
import { dateIn, regionIn, resolvePeriod } from './period.ts';
import { divRound } from './money.ts';
import { resolveSalesFilter, type SalesFigures } from './sales-rows.ts';
import { and, join, param, raw, sql, where, type SqlFragment } from './sql.ts';
import { InvalidInputError, parseInstant } from './time.ts';
import { T } from './tables.ts';

/**
 * Figures "as of" a log position: exactly what the event log held at position P, whatever was
 * appended since. Every fact row carries the `position` of the event that wrote it, so the figures
 * are the fact rows with `position <= P` — never the rollups, which sum many positions into one
 * row. Entity tables carry `version` = the position of their latest event. The one annualSummary
 * reads, `branches`, is written by `BranchFounded` alone (no event changes a branch), so
 * `version <= P` is exactly "founded at or before P". Entities that later events replace (a
 * streamer's party status, an appeal's resolution) cannot be read here as they stood; the summaries'
 * replay (projections' replayTo) gives them exactly.
 */

/** The part of the event store this module reads: its head and events by position. */
export interface PositionLog {
  headPosition(): Promise<bigint>;
  readAll(options: { after: bigint; maxCount: number }): Promise<readonly { position: bigint; recordedAt: Date }[]>;
}

/** `asOf` as clients send it: a log position (digits), or an ISO date-time with an offset. */
export type AsOfInput = string | bigint;

/**
 * The last position recorded at or before `at`: a binary search on the log (positions increase
 * with recording time). 0 when nothing was recorded by then.
 */
export async function positionRecordedBy(log: PositionLog, at: Date): Promise<bigint> {
  const head = await log.headPosition();
  const first = async (after: bigint) => (await log.readAll({ after, maxCount: 1 }))[0];
  // Invariant: the event at or before `lo` was recorded by `at` (lo = 0: none); every event after `hi` was not.
  let lo = 0n;
  let hi = head;
  while (lo < hi) {
    const mid = (lo + hi + 1n) / 2n;
    // The first event at or after mid (positions need not be contiguous: KurrentDB's are not).
    const e = await first(mid - 1n);
    if (!e || e.position > hi) hi = mid - 1n;
    else if (e.recordedAt.getTime() <= at.getTime()) lo = e.position;
    else hi = mid - 1n;
  }
  return lo;
}

/** Resolves `asOf` to a log position; a date-time needs the log. */
export async function resolveAsOf(asOf: AsOfInput, log: PositionLog | undefined): Promise<bigint> {
  if (typeof asOf === 'bigint') {
    if (asOf < 0n) throw new InvalidInputError(`asOf must be a log position ≥ 0, got ${asOf}`);
    return asOf;
  }
  const text = asOf.trim();
  if (/^\d+$/.test(text)) return BigInt(text);
  const ms = parseInstant(text, 'asOf');
  if (!log) throw new InvalidInputError('asOf as a date-time needs the event log, which this process does not read; pass a log position');
  return positionRecordedBy(log, new Date(ms));
}

const atOrBefore = (position: bigint): SqlFragment => sql`position <= ${param(position.toString(), 'UInt64')}`;

/** A year's figures for annualSummary as the log stood at `position`. */
export interface AnnualFiguresAsOf {
  position: bigint;
  current: SalesFigures;
  previous: SalesFigures;
  farmerIncome: bigint;
  households: number;
  branchesFounded: number;
  streamersTrained: number;
  parcelSavings: bigint;
}

/** Sales of [from, to) in a region from the fact rows at or below `position` (refunds count when made). */
export async function salesSummaryAsOf(ctx: QueryContext, filter: { from: string; to: string; regionCode?: string | undefined }, position: bigint): Promise<SalesFigures> {
  const f = resolveSalesFilter(ctx, filter);
  const conditions = [
    atOrBefore(position),
    ...(f.regionPrefix === undefined ? [] : [sql`startsWith(region_code, ${f.regionPrefix})`]),
    sql`occurred_at >= fromUnixTimestamp64Milli(${param(f.from!, 'Int64')}, 'Asia/Shanghai')`,
    sql`occurred_at < fromUnixTimestamp64Milli(${param(f.to!, 'Int64')}, 'Asia/Shanghai')`,
  ];
  const rows = await ctx.reader.rows<{ orders: string; gmv: string; refunds: string; streamers: string }>(
    'as-of.sales',
    sql`SELECT s.orders AS orders, s.gmv AS gmv, s.streamers AS streamers, r.refunds AS refunds
        FROM (SELECT toString(count()) AS orders, toString(sum(amount_fen)) AS gmv, toString(uniqExact(streamer_id)) AS streamers FROM ${T.salesRaw} ${where(conditions)}) AS s
        CROSS JOIN (SELECT toString(sum(amount_fen)) AS refunds FROM ${T.refundsRaw} ${where(conditions)}) AS r`,
  );
  const orders = BigInt(rows[0]?.orders ?? 0);
  const gmv = BigInt(rows[0]?.gmv ?? 0);
  const refunds = BigInt(rows[0]?.refunds ?? 0);
  return { orders: Number(orders), gmv, refunds, netSales: gmv - refunds, averageOrderValue: divRound(gmv, orders), streamers: Number(rows[0]?.streamers ?? 0) };
}

/**
 * annualSummary's figures as of `position`, over the same periods as the live resolver
 * (@redstream/schema's yearPeriod and yearBefore).
 */
export async function annualFiguresAsOf(ctx: QueryContext, period: YearPeriod, before: YearPeriod, regionCode: string, position: bigint): Promise<AnnualFiguresAsOf> {
  const p = resolvePeriod(ctx, { from: period.firstDay, to: period.lastDay, regionCode });
  const upTo = atOrBefore(position);
  const [current, previous, rest] = await Promise.all([
    salesSummaryAsOf(ctx, { from: period.from, to: period.to, regionCode }, position),
    salesSummaryAsOf(ctx, { from: before.from, to: before.to, regionCode }, position),
    ctx.reader.rows<Record<string, string>>(
      'as-of.annual',
      sql`SELECT
          (SELECT toString(sum(amount_fen)) FROM ${T.farmerPayments} ${where([upTo, ...dateIn('paid_on', p), ...regionIn('village_code', p)])}) AS income,
          (SELECT toString(uniqExact(household_id)) FROM ${T.farmerPayments} ${where([upTo, ...dateIn('paid_on', p), ...regionIn('village_code', p)])}) AS households,
          (SELECT toString(count()) FROM ${T.branches} ${where([sql`version <= ${param(position.toString(), 'UInt64')}`, ...regionIn('region_code', p), ...dateIn('founded_on', p)])}) AS branches_founded,
          (SELECT toString(uniqExact(streamer_id)) FROM ${T.trainings} ${where([upTo, ...(p.regionPrefix === undefined ? [] : [and(regionIn('session_region_code', p))]), ...dateIn('completed_on', p)])}) AS trainees,
          (SELECT toString(sum(savings_fen)) FROM ${T.parcelShipments} ${where([upTo, ...regionIn('region_code', p), ...dateIn('shipped_on', p)])}) AS savings`,
    ),
  ]);
  const r = rest[0] ?? {};
  return {
    position,
    current,
    previous,
    farmerIncome: BigInt(r.income ?? 0),
    households: Number(r.households ?? 0),
    branchesFounded: Number(r.branches_founded ?? 0),
    streamersTrained: Number(r.trainees ?? 0),
    parcelSavings: BigInt(r.savings ?? 0),
  };
}

/** A read model's table as the supersede check reads it: where a row's log position is, and what dates it. */
export interface DatedTable {
  table: string;
  /** `position` on fact tables; `version` (the position of the row's latest event) on entity tables. */
  position: 'position' | 'version';
  /** Its Date and DateTime columns (DateTimes are read as their Shanghai day). */
  dates: readonly { column: string; instant: boolean }[];
}

/**
 * The tables among `tables` (the projections' registry: every table the projector writes) that
 * carry a log position, with the columns that date their rows — read from ClickHouse's own
 * catalogue, so a fact table added by a migration is checked without anyone listing it here.
 */
export async function datedTables(ctx: QueryContext, tables: readonly string[]): Promise<DatedTable[]> {
  if (tables.length === 0) return [];
  const columns = await ctx.reader.rows<{ table: string; name: string; type: string }>(
    'as-of.dated-tables',
    sql`SELECT table, name, type FROM system.columns WHERE database = currentDatabase() AND table IN ${[...tables]} ORDER BY table, position`,
  );
  const out: DatedTable[] = [];
  for (const table of [...new Set(columns.map((c) => c.table))]) {
    const own = columns.filter((c) => c.table === table);
    const position = own.some((c) => c.name === 'position') ? 'position' : own.some((c) => c.name === 'version') ? 'version' : undefined;
    if (!position) continue;
    const dates = own.flatMap((c) => {
      const type = c.type.replace(/^Nullable\((.*)\)$/, '$1');
      if (/^Date(32)?$/.test(type)) return [{ column: c.name, instant: false }];
      if (/^DateTime/.test(type)) return [{ column: c.name, instant: true }];
      return [];
    });
    out.push({ table, position, dates });
  }
  return out;
}

/**
 * Rows of `tables` that events after `position` wrote and that may bear on [firstDay, lastDay]:
 * a year's figures read at `position` are superseded when this is above 0 (a late import, a
 * correction). A row bears on the period when its dates span any of it (earliest ≤ lastDay and
 * latest ≥ firstDay: a refund in January of a December order, an appeal resolved a year after it
 * was raised); a row without dates always does. Anywhere in the platform, not only one scope's
 * region: a false alarm costs one recomputation that finds nothing changed, a missed one a wrong
 * document.
 */
export async function rowsWrittenAfter(ctx: QueryContext, period: { firstDay: string; lastDay: string }, position: bigint, tables: readonly DatedTable[]): Promise<number> {
  if (tables.length === 0) return 0;
  const day = (d: DatedTable['dates'][number]) => (d.instant ? sql`toDate(${raw(d.column)}, 'Asia/Shanghai')` : sql`${raw(d.column)}`);
  const spans = (d: DatedTable) =>
    d.dates.length === 0
      ? []
      : [
          sql`(${join(d.dates.map((c) => sql`${day(c)} <= ${param(period.lastDay, 'Date')}`), ' OR ')})`,
          sql`(${join(d.dates.map((c) => sql`${day(c)} >= ${param(period.firstDay, 'Date')}`), ' OR ')})`,
        ];
  const counts = tables.map((d) => sql`(SELECT count() FROM ${raw(d.table)} ${where([sql`${raw(d.position)} > ${param(position.toString(), 'UInt64')}`, ...spans(d)])})`);
  const rows = await ctx.reader.rows<{ rows: string }>('as-of.written-after', sql`SELECT toString(${join(counts, ' + ')}) AS rows`);
  return Number(rows[0]?.rows ?? 0);
}
