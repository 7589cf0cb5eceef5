import {
  appeals,
  committeeInfo,
  farmerIncome,
  loans,
  parcelDiscounts,
  parkInfo,
  partyBuilding,
  salesBreakdown,
  salesSeries,
  salesSummary,
  topStreamers,
  training,
  trainingEffect,
  warmStations,
  type PeriodFilter,
  type QueryContext,
  type SalesFigures,
  type SalesFilter,
} from '@redstream/queries';
import { shanghaiDate, yearBefore, yearPeriod, yoy, type YearPeriod } from '@redstream/schema';
import { scopeKey, type Scope } from './scope.ts';

/**
 * The figures of one year and one scope, every one of them read through the query layer
 * (@redstream/queries) with the filters GraphQL and the screen give it: this package holds no SQL.
 */
export interface AnnualFigures {
  year: number;
  /**
   * The days covered: the whole year once it has ended; while it runs, the year to date
   * (`yearToDate`, through `lastDay`), and every comparison is with the same days of the year before.
   */
  period: YearPeriod;
  scope: ScopeInfo;
  /** False when nothing at all was recorded in the scope that year: the summary says so. */
  hasData: boolean;
  sales: {
    current: SalesFigures;
    /** The year before (its same days, for the year to date); null when nothing was sold then (no comparison). */
    previous: SalesFigures | null;
    gmvYoY: number | null;
    ordersYoY: number | null;
    netSalesYoY: number | null;
    /** Twelve months, empty ones included (zero), with the same month a year earlier. */
    monthly: MonthFigures[];
    topStreamers: { streamerId: string; displayName: string; gmv: bigint; orders: number }[];
    topCategories: { category: string; gmv: bigint; orders: number; netSales: bigint }[];
    /** Orders of farm products (with an origin village). */
    farm: SalesFigures;
    /** Sales by the streamer's current party status. */
    byPartyStatus: { status: string; gmv: bigint; orders: number; streamers: number }[];
  };
  /** Null: not recorded at this scope (farm payments carry a village, not a park). */
  farmerIncome: { income: bigint; households: number; payments: number; topVillages: { villageCode: string; income: bigint; households: number }[] } | null;
  partyBuilding: {
    committeesFounded: number;
    branchesFounded: number;
    committees: number;
    branches: number;
    /** Streamers registered by the year's end, by current party status. */
    streamersByPartyStatus: { status: string; streamers: number }[];
    members: number;
    applicants: number;
  };
  training: {
    sessions: number;
    trainees: number;
    personTimes: number;
    hours: number;
    /** Trained streamers' GMV in the 30 days before their first training of the year vs the 30 days from it. */
    effect: { days: number; streamers: number; gmvBefore: bigint; gmvAfter: bigint; change: number | null };
  } | null;
  parcels: { agreementsGranted: number; parcels: number; savings: bigint; byCarrier: { carrier: string; parcels: number; savings: bigint }[] } | null;
  loans: { loans: number; amount: bigint; interestSaved: bigint } | null;
  appeals: { raised: number; resolved: number; open: number; medianHoursToResolve: number | null } | null;
  warmStations: { opened: number; stations: number };
}

export interface ScopeInfo {
  key: string;
  kind: Scope['kind'];
  /** The region the figures are read in (a park's or committee's own region). */
  regionCode: string | undefined;
  name: string | undefined;
}

export interface MonthFigures {
  /** `2025-03` */
  month: string;
  orders: number;
  gmv: bigint;
  netSales: bigint;
  lastYearGmv: bigint;
}

export class ScopeNotFoundError extends Error {
  constructor(scope: Scope) {
    super(`no ${scope.kind} ${scope.kind === 'park' ? scope.parkId : scope.kind === 'committee' ? scope.committeeId : scope.regionCode} is recorded`);
    this.name = 'ScopeNotFoundError';
  }
}

/** Days of the trained streamers' before/after comparison (GraphQL trainingEffect's default). */
export const TRAINING_EFFECT_DAYS = 30;

/** The filters one year and scope give every query: the same a GraphQL client would send. */
export interface YearFilters {
  sales: SalesFilter;
  period: PeriodFilter;
}

export function yearFilters(period: YearPeriod, regionCode: string | undefined, parkId?: string): YearFilters {
  return {
    sales: { from: period.from, to: period.to, regionCode, ...(parkId === undefined ? {} : { parkId }) },
    period: { from: period.firstDay, to: period.lastDay, regionCode },
  };
}

export async function describeScope(ctx: QueryContext, scope: Scope): Promise<ScopeInfo> {
  const key = scopeKey(scope);
  switch (scope.kind) {
    case 'region':
      return { key, kind: 'region', regionCode: scope.regionCode, name: undefined };
    case 'park': {
      const park = await parkInfo(ctx, scope.parkId);
      if (!park) throw new ScopeNotFoundError(scope);
      return { key, kind: 'park', regionCode: park.regionCode, name: park.name };
    }
    case 'committee': {
      const committee = await committeeInfo(ctx, scope.committeeId);
      if (!committee) throw new ScopeNotFoundError(scope);
      return { key, kind: 'committee', regionCode: committee.regionCode, name: committee.name };
    }
  }
}

const hasSales = (f: SalesFigures): boolean => f.orders > 0 || f.gmv !== 0n || f.refunds !== 0n;

/**
 * Reads a year's figures. A park's summary reads its sales and Party organisation by park; the
 * sections whose facts carry no park (farmer income, training, parcels, loans, appeals) are null
 * there. A committee's summary is its region's.
 */
export async function computeAnnualFigures(ctx: QueryContext, year: number, scope: Scope, now: Date = new Date()): Promise<AnnualFigures> {
  const period = yearPeriod(year, now);
  const previousPeriod = yearBefore(period);
  const info = await describeScope(ctx, scope);
  const parkId = scope.kind === 'park' ? scope.parkId : undefined;
  const region = scope.kind === 'park' ? undefined : info.regionCode;
  const f = yearFilters(period, region, parkId);
  const prev = yearFilters(previousPeriod, region, parkId);
  const byRegion = scope.kind !== 'park';

  const [current, previous, series, lastSeries, streamers, categories, farm, byParty, income, party, trained, effect, parcels, lent, appealed, stations] =
    await Promise.all([
      salesSummary(ctx, f.sales),
      salesSummary(ctx, prev.sales),
      salesSeries(ctx, f.sales, 'MONTH'),
      salesSeries(ctx, prev.sales, 'MONTH'),
      topStreamers(ctx, f.sales, 10),
      salesBreakdown(ctx, f.sales, { by: 'CATEGORY', limit: 10 }),
      salesSummary(ctx, f.sales, { farmOnly: true }),
      salesBreakdown(ctx, f.sales, { by: 'PARTY_STATUS', limit: 10 }),
      byRegion ? farmerIncome(ctx, f.period) : undefined,
      // A park's Party organisation is the query layer's, as the park's screen reads it.
      partyBuilding(ctx, f.period, { parkId }),
      byRegion ? training(ctx, f.period) : undefined,
      byRegion ? trainingEffect(ctx, f.period, TRAINING_EFFECT_DAYS) : undefined,
      byRegion ? parcelDiscounts(ctx, f.period) : undefined,
      byRegion ? loans(ctx, f.period) : undefined,
      byRegion ? appeals(ctx, f.period) : undefined,
      warmStations(ctx, f.period, { parkId }),
    ]);

  const monthKey = (start: number): string => shanghaiDate(start).slice(5, 7);
  const thisYear = new Map(series.map((p) => [monthKey(p.start), p]));
  const lastYear = new Map(lastSeries.map((p) => [monthKey(p.start), p]));
  const monthly: MonthFigures[] = Array.from({ length: 12 }, (_, i) => {
    const mm = String(i + 1).padStart(2, '0');
    const p = thisYear.get(mm);
    return { month: `${year}-${mm}`, orders: p?.orders ?? 0, gmv: p?.gmv ?? 0n, netSales: p?.netSales ?? 0n, lastYearGmv: lastYear.get(mm)?.gmv ?? 0n };
  });

  const previousSales = hasSales(previous) ? previous : null;
  const figures: AnnualFigures = {
    year,
    period,
    scope: info,
    hasData: false,
    sales: {
      current,
      previous: previousSales,
      gmvYoY: previousSales ? yoy(current.gmv, previousSales.gmv) : null,
      ordersYoY: previousSales ? yoy(BigInt(current.orders), BigInt(previousSales.orders)) : null,
      netSalesYoY: previousSales ? yoy(current.netSales, previousSales.netSales) : null,
      monthly,
      topStreamers: streamers.map((s) => ({ streamerId: s.streamerId, displayName: s.displayName, gmv: s.gmv, orders: s.orders })),
      topCategories: categories.map((c) => ({ category: c.key, gmv: c.gmv, orders: c.orders, netSales: c.netSales })),
      farm,
      byPartyStatus: byParty.map((r) => ({ status: r.key, gmv: r.gmv, orders: r.orders, streamers: r.streamers })),
    },
    farmerIncome: income
      ? {
          income: income.income,
          households: income.households,
          payments: income.payments,
          topVillages: income.byVillage.slice(0, 10).map((v) => ({ villageCode: v.villageCode, income: v.income, households: v.households })),
        }
      : null,
    partyBuilding: {
      committeesFounded: party.committeesFounded,
      branchesFounded: party.branchesFounded,
      committees: party.committees,
      branches: party.branches,
      streamersByPartyStatus: party.streamersByPartyStatus,
      members: party.members,
      applicants: party.applicants,
    },
    training:
      trained && effect
        ? {
            sessions: trained.sessions,
            trainees: trained.trainees,
            personTimes: trained.personTimes,
            hours: trained.hours,
            effect: { days: effect.days, streamers: effect.streamers, gmvBefore: effect.gmvBefore, gmvAfter: effect.gmvAfter, change: effect.change },
          }
        : null,
    parcels: parcels ? { agreementsGranted: parcels.agreementsGranted, parcels: parcels.parcels, savings: parcels.savings, byCarrier: parcels.byCarrier } : null,
    loans: lent ? { loans: lent.loans, amount: lent.amount, interestSaved: lent.interestSaved } : null,
    appeals: appealed ? { raised: appealed.raised, resolved: appealed.resolved, open: appealed.open, medianHoursToResolve: appealed.medianHoursToResolve } : null,
    warmStations: { opened: stations.opened, stations: stations.stations },
  };
  figures.hasData = yearHasData(figures);
  return figures;
}

/** Anything recorded in the year itself (stock figures such as "branches in existence" do not count). */
export function yearHasData(f: AnnualFigures): boolean {
  return (
    hasSales(f.sales.current) ||
    (f.farmerIncome?.payments ?? 0) > 0 ||
    f.partyBuilding.committeesFounded + f.partyBuilding.branchesFounded > 0 ||
    (f.training?.sessions ?? 0) + (f.training?.personTimes ?? 0) > 0 ||
    (f.parcels?.parcels ?? 0) + (f.parcels?.agreementsGranted ?? 0) > 0 ||
    (f.loans?.loans ?? 0) > 0 ||
    (f.appeals?.raised ?? 0) + (f.appeals?.resolved ?? 0) > 0 ||
    f.warmStations.opened > 0
  );
}
