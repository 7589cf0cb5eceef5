import {
  appeals,
  farmerIncome,
  loans,
  parcelDiscounts,
  partyBuilding,
  salesBreakdown,
  salesSeries,
  salesSummary,
  param,
  sql,
  SqlFragment,
  topStreamers,
  training,
  trainingEffect,
  warmStations,
  where,
  type PartyBuildingSummary,
  type PeriodFilter,
  type QueryContext,
  type SalesFigures,
  type SalesFilter,
} from '@redstream/queries';
import { PartyStatus, shanghaiDate, yearBefore, yearPeriod, yoy, type YearPeriod } from '@redstream/schema';
import { scopeKey, type Scope } from './scope.ts';

/**
 * The figures of one year and one scope, every one of them read through the GraphQL API's query
 * functions with the same filters GraphQL would be given (the @redstream/queries package); only the lookups of
 * a park's or committee's own name and a park's stations are queries of this package.
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

/**
 * Tables of this package's own few lookups, read as the query layer reads them (with FINAL: entity
 * tables are ReplacingMergeTree); its tables.ts is not exported.
 */
const table = (text: string): SqlFragment => new SqlFragment([{ kind: 'text', text }]);
const T = {
  parks: table('parks FINAL'),
  committees: table('committees FINAL'),
  branches: table('branches FINAL'),
  streamers: table('streamers FINAL'),
  warmStations: table('warm_stations FINAL'),
} as const;

const PARTY_STATUSES = PartyStatus.options;

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
      const rows = await ctx.reader.rows<{ name: string; region_code: string }>(
        'summaries.park',
        sql`SELECT any(name) AS name, any(region_code) AS region_code FROM ${T.parks} WHERE park_id = ${scope.parkId} GROUP BY park_id`,
      );
      if (!rows[0]) throw new ScopeNotFoundError(scope);
      return { key, kind: 'park', regionCode: rows[0].region_code, name: rows[0].name };
    }
    case 'committee': {
      const rows = await ctx.reader.rows<{ name: string; region_code: string }>(
        'summaries.committee',
        sql`SELECT any(name) AS name, any(region_code) AS region_code FROM ${T.committees} WHERE committee_id = ${scope.committeeId} GROUP BY committee_id`,
      );
      if (!rows[0]) throw new ScopeNotFoundError(scope);
      return { key, kind: 'committee', regionCode: rows[0].region_code, name: rows[0].name };
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
      parkId === undefined ? partyBuilding(ctx, f.period) : parkPartyBuilding(ctx, parkId, period),
      byRegion ? training(ctx, f.period) : undefined,
      byRegion ? trainingEffect(ctx, f.period, TRAINING_EFFECT_DAYS) : undefined,
      byRegion ? parcelDiscounts(ctx, f.period) : undefined,
      byRegion ? loans(ctx, f.period) : undefined,
      byRegion ? appeals(ctx, f.period) : undefined,
      parkId === undefined ? warmStations(ctx, f.period) : parkStations(ctx, parkId, period),
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

/** A park's warm stations (the query layer counts stations by region only). */
async function parkStations(ctx: QueryContext, parkId: string, period: YearPeriod): Promise<{ opened: number; stations: number }> {
  const rows = await ctx.reader.rows<{ opened: string; stations: string }>(
    'summaries.park-stations',
    sql`SELECT toString(countIf(opened_on >= ${param(period.firstDay, 'Date')})) AS opened, toString(count()) AS stations
        FROM ${T.warmStations} ${where([sql`park_id = ${parkId}`, sql`opened_on <= ${param(period.lastDay, 'Date')}`])}`,
  );
  return { opened: Number(rows[0]?.opened ?? 0), stations: Number(rows[0]?.stations ?? 0) };
}

/**
 * A park's Party organisation: its branches, and its streamers by current party status. (The query
 * layer's partyBuilding with a parkId also filters committees by park_id, which committees lack.)
 */
async function parkPartyBuilding(ctx: QueryContext, parkId: string, period: YearPeriod): Promise<PartyBuildingSummary> {
  const [counts, statuses] = await Promise.all([
    ctx.reader.rows<{ founded: string; branches: string }>(
      'summaries.park-branches',
      sql`SELECT toString(countIf(founded_on >= ${param(period.firstDay, 'Date')})) AS founded, toString(count()) AS branches
          FROM ${T.branches} ${where([sql`park_id = ${parkId}`, sql`founded_on <= ${param(period.lastDay, 'Date')}`])}`,
    ),
    ctx.reader.rows<{ status: string; streamers: string }>(
      'summaries.park-statuses',
      sql`SELECT party_status AS status, toString(count()) AS streamers
          FROM (SELECT streamer_id, argMax(party_status, version) AS party_status, argMax(park_id, version) AS park_id, min(registered_on) AS registered_on
                FROM ${T.streamers} GROUP BY streamer_id)
          ${where([sql`park_id = ${parkId}`, sql`registered_on <= ${param(period.lastDay, 'Date')}`])} GROUP BY status`,
    ),
  ]);
  const byStatus = new Map(statuses.map((r) => [r.status, Number(r.streamers)]));
  const c = counts[0];
  return {
    committeesFounded: 0,
    branchesFounded: Number(c?.founded ?? 0),
    committees: 0,
    branches: Number(c?.branches ?? 0),
    branchesInParks: Number(c?.branches ?? 0),
    parks: 1,
    parksWithBranch: Number(c?.branches ?? 0) > 0 ? 1 : 0,
    shareOfParksWithBranch: Number(c?.branches ?? 0) > 0 ? 1 : 0,
    streamersByPartyStatus: PARTY_STATUSES.map((status) => ({ status, streamers: byStatus.get(status) ?? 0 })),
    members: (byStatus.get('member') ?? 0) + (byStatus.get('probationary') ?? 0),
    applicants: byStatus.get('applicant') ?? 0,
  };
}
