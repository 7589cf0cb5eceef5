import type { QueryContext } from './access.ts';
import { dateIn, regionIn, resolvePeriod, type PeriodFilter } from './period.ts';
import { sql, where } from './sql.ts';
import { T } from './tables.ts';

/** DESIGN's FarmerIncomeFilter: `from`, `to` dates inclusive, `regionCode` (villages beneath it). */
export type FarmerIncomeFilter = PeriodFilter;

export interface VillageIncome {
  villageCode: string;
  income: bigint;
  households: number;
  payments: number;
}

export interface FarmerIncomeSummary {
  income: bigint;
  /** Distinct households paid in the period. */
  households: number;
  payments: number;
  byVillage: VillageIncome[];
}

interface Row {
  village_code: string;
  income: string;
  households: string;
  payments: string;
}

export async function farmerIncome(ctx: QueryContext, filter: FarmerIncomeFilter | null | undefined): Promise<FarmerIncomeSummary> {
  const p = resolvePeriod(ctx, filter);
  const conditions = [...dateIn('paid_on', p), ...regionIn('village_code', p)];
  // One pass: per village, plus the grand-total grouping set (village '') whose distinct count spans villages.
  const rows = await ctx.reader.rows<Row & { total: number }>(
    'farmer-income.summary',
    sql`SELECT village_code, toString(sum(amount_fen)) AS income, toString(uniqExact(household_id)) AS households, toString(count()) AS payments,
          village_code = '' AS total
        FROM ${T.farmerPayments} ${where(conditions)}
        GROUP BY GROUPING SETS ((village_code), ())
        ORDER BY total DESC, toInt64(income) DESC, village_code`,
  );
  const total = rows.find((r) => Number(r.total) !== 0);
  const villages = rows.filter((r) => Number(r.total) === 0);
  return {
    income: BigInt(total?.income ?? 0),
    households: Number(total?.households ?? 0),
    payments: Number(total?.payments ?? 0),
    byVillage: villages.map((r) => ({ villageCode: r.village_code, income: BigInt(r.income), households: Number(r.households), payments: Number(r.payments) })),
  };
}
