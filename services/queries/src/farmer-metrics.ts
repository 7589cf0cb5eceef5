import type { QueryContext } from './access.ts';
import { divRound } from './money.ts';
import { dateIn, regionIn, resolvePeriod, type PeriodFilter, type ResolvedPeriod } from './period.ts';
import { sql, where } from './sql.ts';
import { T } from './tables.ts';
import { lastYear, shanghaiDate, shanghaiMidnight } from './time.ts';

/**
 * Farmer income by METRIC_DEFINITIONS: paid, premium over the reference price, households, paid
 * per household, and households whose income rose against the same days a year earlier; with the
 * period before and the same period last year, like every other figure.
 */
export interface FarmerMetrics {
  paidFen: bigint;
  /** Σ (paid − reference × quantity) over the payments that have a reference price (farmer_premium). */
  premiumFen: bigint;
  /** Payments the premium is over: they name quantity, unit and product, and a reference price covers them. */
  pricedPayments: number;
  payments: number;
  households: number;
  /** paid ÷ households, null without households. */
  paidPerHouseholdFen: bigint | null;
  /** Households paid in the period and a year earlier whose period total is higher now; null for an unbounded period. */
  householdsIncomeRose: number | null;
  /** Households paid both in the period and a year earlier (the base of householdsIncomeRose). */
  householdsComparable: number | null;
}

export interface FarmerMetricsComparison extends FarmerMetrics {
  previousPeriod: FarmerMetrics | null;
  samePeriodLastYear: FarmerMetrics | null;
}

const DAY = 86_400_000;
const addDays = (date: string, days: number): string => shanghaiDate(shanghaiMidnight(date) + days * DAY);
const yearEarlier = (date: string): string => shanghaiDate(lastYear(shanghaiMidnight(date), 'DAY'));

export async function farmerMetrics(ctx: QueryContext, filter: PeriodFilter | null | undefined): Promise<FarmerMetricsComparison> {
  const p = resolvePeriod(ctx, filter);
  if (!p.from || !p.to) return { ...(await periodMetrics(ctx, p)), previousPeriod: null, samePeriodLastYear: null };
  const days = Math.round((shanghaiMidnight(p.to) - shanghaiMidnight(p.from)) / DAY) + 1;
  const [now, previous, year] = await Promise.all([
    periodMetrics(ctx, p),
    periodMetrics(ctx, { ...p, from: addDays(p.from, -days), to: addDays(p.from, -1) }),
    periodMetrics(ctx, { ...p, from: yearEarlier(p.from), to: yearEarlier(p.to) }),
  ]);
  return { ...now, previousPeriod: previous, samePeriodLastYear: year };
}

async function periodMetrics(ctx: QueryContext, p: ResolvedPeriod): Promise<FarmerMetrics> {
  const conditions = [...dateIn('paid_on', p), ...regionIn('village_code', p)];
  const quantityConditions = [...dateIn('q.paid_on', p), ...regionIn('q.village_code', p)];
  const [paid, premium, rose] = await Promise.all([
    ctx.reader.rows<{ paid: string; payments: string; households: string }>(
      'farmer.metrics.paid',
      sql`SELECT toString(sum(amount_fen)) AS paid, toString(count()) AS payments, toString(uniqExact(household_id)) AS households FROM ${T.farmerPayments} ${where(conditions)}`,
    ),
    // Each payment's reference: the most specific region covering its village (then the newest
    // validFrom), valid on its day, for its product and unit. Rounded to the fen half up, per payment.
    ctx.reader.rows<{ premium: string; priced: string }>(
      'farmer.metrics.premium',
      sql`SELECT toString(sum(amount_fen - toInt64(floor(reference_fen * quantity + 0.5)))) AS premium, toString(count()) AS priced
          FROM (
            SELECT q.payment_id AS payment_id, any(q.amount_fen) AS amount_fen, any(q.quantity) AS quantity,
                   argMax(r.price_fen, (length(r.region_code), r.valid_from, r.position)) AS reference_fen
            FROM (SELECT * FROM farmer_payment_quantities FINAL) AS q
            INNER JOIN (SELECT * FROM produce_reference_prices FINAL) AS r ON r.product = q.product AND r.unit = q.unit
            ${where([...quantityConditions, sql`startsWith(q.village_code, r.region_code) AND q.paid_on >= r.valid_from AND q.paid_on <= r.valid_to`])}
            GROUP BY q.payment_id
          )`,
    ),
    p.from && p.to ? householdsRose(ctx, p, p.from, p.to) : null,
  ]);
  const paidFen = BigInt(paid[0]?.paid ?? 0);
  const households = Number(paid[0]?.households ?? 0);
  return {
    paidFen,
    premiumFen: BigInt(premium[0]?.premium ?? 0),
    pricedPayments: Number(premium[0]?.priced ?? 0),
    payments: Number(paid[0]?.payments ?? 0),
    households,
    paidPerHouseholdFen: households === 0 ? null : divRound(paidFen, BigInt(households)),
    householdsIncomeRose: rose?.rose ?? null,
    householdsComparable: rose?.comparable ?? null,
  };
}

async function householdsRose(ctx: QueryContext, p: ResolvedPeriod, from: string, to: string): Promise<{ rose: number; comparable: number }> {
  const now = { from, to };
  const before = { from: yearEarlier(from), to: yearEarlier(to) };
  const inNow = sql`paid_on >= toDate(${now.from}) AND paid_on <= toDate(${now.to})`;
  const inBefore = sql`paid_on >= toDate(${before.from}) AND paid_on <= toDate(${before.to})`;
  const rows = await ctx.reader.rows<{ rose: string; comparable: string }>(
    'farmer.metrics.rose',
    sql`SELECT toString(countIf(now_fen > before_fen)) AS rose, toString(count()) AS comparable
        FROM (SELECT household_id, sumIf(amount_fen, ${inNow}) AS now_fen, sumIf(amount_fen, ${inBefore}) AS before_fen
              FROM ${T.farmerPayments} ${where([sql`((${inNow}) OR (${inBefore}))`, ...regionIn('village_code', p)])}
              GROUP BY household_id)
        WHERE now_fen > 0 AND before_fen > 0`,
  );
  return { rose: Number(rows[0]?.rose ?? 0), comparable: Number(rows[0]?.comparable ?? 0) };
}
