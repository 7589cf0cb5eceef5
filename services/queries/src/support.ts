import type { QueryContext } from './access.ts';
import { dateIn, instantIn, regionIn, resolvePeriod, type PeriodFilter } from './period.ts';
import { and, param, sql, where } from './sql.ts';
import { T } from './tables.ts';
import { InvalidInputError } from './time.ts';

const n = (v: unknown): number => Number(v ?? 0);
const fen = (v: unknown): bigint => BigInt((v as string | undefined) ?? 0);

// ---- training ------------------------------------------------------------------------------------

export interface TrainingSummary {
  /** Sessions that started in the period. */
  sessions: number;
  /** Distinct people who completed a session in the period. */
  trainees: number;
  /** Completions (a person trained twice counts twice). */
  personTimes: number;
  hours: number;
}

export async function training(ctx: QueryContext, filter: PeriodFilter | null | undefined): Promise<TrainingSummary> {
  const p = resolvePeriod(ctx, filter);
  const sessionsInRegion = and(regionIn('session_region_code', p));
  const rows = await ctx.reader.rows<Record<string, string>>(
    'training.summary',
    sql`SELECT
        (SELECT count() FROM ${T.trainingSessions} ${where([...regionIn('region_code', p), ...dateIn('starts_on', p)])}) AS sessions,
        t.trainees AS trainees, t.person_times AS person_times, t.hours AS hours
        FROM (SELECT uniqExact(streamer_id) AS trainees, count() AS person_times, toString(round(sum(hours), 2)) AS hours
              FROM ${T.trainings} ${where([...(p.regionPrefix === undefined ? [] : [sessionsInRegion]), ...dateIn('completed_on', p)])}) AS t`,
  );
  const r = rows[0] ?? {};
  return { sessions: n(r.sessions), trainees: n(r.trainees), personTimes: n(r.person_times), hours: Number(r.hours ?? 0) };
}

export interface TrainingEffect {
  days: number;
  /** Trained streamers (first completion in the period) that have sales data on either side. */
  streamers: number;
  gmvBefore: bigint;
  gmvAfter: bigint;
  ordersBefore: number;
  ordersAfter: number;
  /** (after − before) / before; null when nothing was sold before. */
  change: number | null;
}

/**
 * Trained streamers' GMV in the `days` days before their first completion in the period vs the
 * `days` days from it (Shanghai days: [d − N, d) and [d, d + N)). Only sales inside the region are
 * counted, so a scoped key never reads another region's orders.
 */
export async function trainingEffect(ctx: QueryContext, filter: PeriodFilter | null | undefined, days: number): Promise<TrainingEffect> {
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new InvalidInputError('days must be between 1 and 366');
  const p = resolvePeriod(ctx, filter);
  const sessionsInRegion = and(regionIn('session_region_code', p));
  const rows = await ctx.reader.rows<Record<string, string>>(
    'training.effect',
    sql`WITH trained AS (
          SELECT streamer_id, min(completed_on) AS d FROM ${T.trainings}
          ${where([...(p.regionPrefix === undefined ? [] : [sessionsInRegion]), ...dateIn('completed_on', p)])} GROUP BY streamer_id)
        SELECT toString(uniqExact(trained.streamer_id)) AS streamers,
          toString(sumIf(s.amount_fen, s.day < trained.d)) AS gmv_before, toString(sumIf(s.amount_fen, s.day >= trained.d)) AS gmv_after,
          toString(countIf(s.day < trained.d)) AS orders_before, toString(countIf(s.day >= trained.d)) AS orders_after
        FROM trained
        INNER JOIN (SELECT streamer_id, toDate(occurred_at, 'Asia/Shanghai') AS day, amount_fen FROM ${T.salesRaw}
                    ${where([sql`streamer_id IN (SELECT streamer_id FROM trained)`, ...regionIn('region_code', p)])}) AS s
          ON s.streamer_id = trained.streamer_id
        WHERE s.day >= trained.d - ${param(days, 'Int32')} AND s.day < trained.d + ${param(days, 'Int32')}`,
  );
  const r = rows[0] ?? {};
  const before = fen(r.gmv_before);
  const after = fen(r.gmv_after);
  return {
    days,
    streamers: n(r.streamers),
    gmvBefore: before,
    gmvAfter: after,
    ordersBefore: n(r.orders_before),
    ordersAfter: n(r.orders_after),
    change: before === 0n ? null : Number(after - before) / Number(before),
  };
}

// ---- parcel discounts ----------------------------------------------------------------------------

export interface ParcelSummary {
  /** Agreements granted in the period. */
  agreementsGranted: number;
  /** Agreements valid on any day of the period. */
  agreementsActive: number;
  parcels: number;
  /** Σ parcels × (standard − discounted fee). */
  savings: bigint;
  byCarrier: { carrier: string; parcels: number; savings: bigint }[];
}

export async function parcelDiscounts(ctx: QueryContext, filter: PeriodFilter | null | undefined): Promise<ParcelSummary> {
  const p = resolvePeriod(ctx, filter);
  const region = regionIn('region_code', p);
  const active: ReturnType<typeof sql>[] = [];
  if (p.from) active.push(sql`valid_to >= ${param(p.from, 'Date')}`);
  if (p.to) active.push(sql`valid_from <= ${param(p.to, 'Date')}`);
  const [agreements, carriers] = await Promise.all([
    ctx.reader.rows<Record<string, string>>(
      'parcels.agreements',
      sql`SELECT countIf(${and(active)}) AS active, countIf(${and(grantedIn(p))}) AS granted FROM ${T.parcelAgreements} ${where(region)}`,
    ),
    ctx.reader.rows<{ carrier: string; parcels: string; savings: string }>(
      'parcels.shipments',
      sql`SELECT carrier, toString(sum(parcels)) AS parcels, toString(sum(savings_fen)) AS savings
          FROM ${T.parcelShipments} ${where([...region, ...dateIn('shipped_on', p)])}
          GROUP BY carrier ORDER BY toInt64(savings) DESC, carrier`,
    ),
  ]);
  const a = agreements[0] ?? {};
  const byCarrier = carriers.map((c) => ({ carrier: c.carrier, parcels: n(c.parcels), savings: fen(c.savings) }));
  return {
    agreementsGranted: n(a.granted),
    agreementsActive: n(a.active),
    parcels: byCarrier.reduce((sum, c) => sum + c.parcels, 0),
    savings: byCarrier.reduce((sum, c) => sum + c.savings, 0n),
    byCarrier,
  };
}

/** An agreement is "granted" on its validFrom day (the fact carries no separate signing date). */
const grantedIn = (p: { from: string | undefined; to: string | undefined }) => dateIn('valid_from', p);

// ---- loans ---------------------------------------------------------------------------------------

export interface LoanSummary {
  loans: number;
  amount: bigint;
  /**
   * Interest saved against the benchmark rate over each loan's term, simple interest, per loan
   * rounded down to the fen as the projector stores it: Σ ⌊amount × (benchmark − rate) × months / 120000⌋.
   */
  interestSaved: bigint;
  byLender: { lender: string; loans: number; amount: bigint; interestSaved: bigint }[];
}

export async function loans(ctx: QueryContext, filter: PeriodFilter | null | undefined): Promise<LoanSummary> {
  const p = resolvePeriod(ctx, filter);
  const rows = await ctx.reader.rows<{ lender: string; loans: string; amount: string; saved: string }>(
    'loans.by-lender',
    sql`SELECT lender, toString(count()) AS loans, toString(sum(amount_fen)) AS amount,
          toString(sum(interest_saved_fen)) AS saved
        FROM ${T.loans} ${where([...regionIn('region_code', p), ...dateIn('granted_on', p)])}
        GROUP BY lender ORDER BY toInt64(amount) DESC, lender`,
  );
  const byLender = rows.map((r) => ({ lender: r.lender, loans: n(r.loans), amount: fen(r.amount), interestSaved: fen(r.saved) }));
  return {
    loans: byLender.reduce((s, r) => s + r.loans, 0),
    amount: byLender.reduce((s, r) => s + r.amount, 0n),
    interestSaved: byLender.reduce((s, r) => s + r.interestSaved, 0n),
    byLender,
  };
}

// ---- appeals -------------------------------------------------------------------------------------

export interface AppealSummary {
  /** Raised in the period. */
  raised: number;
  /** Resolved in the period. */
  resolved: number;
  /** Raised by the period's end and not resolved by then. */
  open: number;
  /** Median hours from raised to resolved, of appeals resolved in the period; null without any. */
  medianHoursToResolve: number | null;
  byTopic: { topic: string; raised: number; open: number }[];
}

export async function appeals(ctx: QueryContext, filter: PeriodFilter | null | undefined): Promise<AppealSummary> {
  const p = resolvePeriod(ctx, filter);
  const end = p.to ? sql`toDate(raised_at, 'Asia/Shanghai') <= ${param(p.to, 'Date')}` : sql`1`;
  const resolvedBy = p.to ? sql`(resolved_at IS NOT NULL AND toDate(resolved_at, 'Asia/Shanghai') <= ${param(p.to, 'Date')})` : sql`resolved_at IS NOT NULL`;
  const resolvedIn = sql`resolved_at IS NOT NULL AND ${and(instantIn('assumeNotNull(resolved_at)', p))}`;
  const rows = await ctx.reader.rows<{ topic: string; raised: string; open: string; resolved: string; median_ms: string | null; total: number }>(
    'appeals.by-topic',
    sql`SELECT topic, topic = '' AS total, toString(countIf(${and(instantIn('raised_at', p))})) AS raised, toString(countIf(${end} AND NOT ${resolvedBy})) AS open,
          toString(countIf(${resolvedIn})) AS resolved,
          toString(quantileExactInclusiveIf(0.5)(toFloat64(dateDiff('millisecond', raised_at, assumeNotNull(resolved_at))), ${resolvedIn})) AS median_ms
        FROM ${T.appeals} ${where(regionIn('region_code', p))}
        GROUP BY GROUPING SETS ((topic), ()) ORDER BY total DESC, topic`,
  );
  const total = rows.find((r) => Number(r.total) !== 0);
  const resolved = n(total?.resolved);
  return {
    raised: n(total?.raised),
    resolved,
    open: n(total?.open),
    medianHoursToResolve: resolved === 0 ? null : Number(total?.median_ms) / 3_600_000,
    byTopic: rows.filter((r) => Number(r.total) === 0).map((r) => ({ topic: r.topic, raised: n(r.raised), open: n(r.open) })),
  };
}
