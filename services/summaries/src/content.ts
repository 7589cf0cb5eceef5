import type { AnnualFigures } from './figures.ts';

/**
 * What the annual summary says, decided once for every language: a pure function from the figures
 * to statements (each a kind and the figures it states), grouped in sections with their charts and
 * tables. The phrasebooks (phrases-zh.ts, phrases-en.ts) only word the statements; a language cannot
 * leave one out (each must word every kind) nor add one of its own.
 */
export type Statement =
  | { kind: 'no-data' }
  | { kind: 'lead'; gmv: bigint; gmvYoY: number | null; farmer: { households: number; income: bigint } | null; parcelSavings: bigint | null }
  | { kind: 'lead-no-sales' }
  | { kind: 'sales-none' }
  | { kind: 'sales'; gmv: bigint; gmvYoY: number | null; orders: number; refunds: bigint; netSales: bigint; averageOrderValue: bigint; streamers: number }
  | { kind: 'best-month'; month: string; gmv: bigint }
  | { kind: 'top-streamer'; displayName: string; gmv: bigint; ranked: number; rankedGmv: bigint }
  | { kind: 'top-category'; category: string; gmv: bigint; share: number }
  | { kind: 'farm-sales'; orders: number; gmv: bigint; netSales: bigint }
  | { kind: 'farm-sales-none' }
  | { kind: 'farmer-income'; households: number; income: bigint; payments: number; perHousehold: bigint }
  | { kind: 'farmer-income-none' }
  | { kind: 'farmer-income-not-by-park' }
  | { kind: 'party-organisations'; committeesFounded: number; branchesFounded: number; committees: number; branches: number }
  | { kind: 'party-streamers'; registered: number; byStatus: { status: string; streamers: number }[]; members: number; applicants: number }
  | { kind: 'party-member-sales'; gmv: bigint }
  | { kind: 'training'; sessions: number; personTimes: number; trainees: number; hours: number }
  | { kind: 'training-none' }
  | { kind: 'training-effect'; days: number; gmvBefore: bigint; gmvAfter: bigint; change: number }
  | { kind: 'training-effect-no-base'; days: number; gmvAfter: bigint }
  | { kind: 'parcels'; agreementsGranted: number; parcels: number; savings: bigint }
  | { kind: 'parcels-none' }
  | { kind: 'loans'; loans: number; amount: bigint; interestSaved: bigint }
  | { kind: 'loans-none' }
  | { kind: 'appeals'; raised: number; resolved: number; open: number; medianHoursToResolve: number | null }
  | { kind: 'appeals-none' }
  | { kind: 'support-not-by-park' }
  | { kind: 'stations'; opened: number; stations: number };

export type StatementKind = Statement['kind'];
export type StatementOf<K extends StatementKind> = Extract<Statement, { kind: K }>;

export type SectionId = 'sales' | 'farm' | 'party' | 'training' | 'support' | 'stations';
export type ChartId = 'monthly' | 'categories' | 'party-status' | 'carriers';

/** A table's rows as figures; its head is the phrasebook's. */
export type ContentTable =
  | { kind: 'top-streamers'; rows: { displayName: string; gmv: bigint; orders: number }[] }
  | { kind: 'top-villages'; rows: { villageCode: string; income: bigint; households: number }[] };

export interface ContentSection {
  id: SectionId;
  statements: Statement[];
  /** Charts (charts.ts) shown in the section, only those with data. */
  charts: ChartId[];
  table: ContentTable | undefined;
}

export interface SummaryContent {
  /** The opening statement; `no-data` alone when nothing was recorded in the year. */
  lead: Statement;
  sections: ContentSection[];
  /** The metrics the statements state (METRIC_DEFINITIONS ids), in order of first use: the 口径 appendix. */
  metrics: string[];
}

/** Which defined metrics (queries' METRIC_DEFINITIONS) a statement states. */
function metricsOf(s: Statement): string[] {
  switch (s.kind) {
    case 'lead':
      return ['gmv', ...(s.gmvYoY === null ? [] : ['gmv_yoy']), ...(s.farmer ? ['households', 'farmer_paid'] : []), ...(s.parcelSavings === null ? [] : ['parcel_savings'])];
    case 'sales':
      return ['gmv', ...(s.gmvYoY === null ? [] : ['gmv_yoy']), 'orders', 'refunds', 'net_sales', 'gmv_per_order', 'selling_streamers'];
    case 'best-month':
    case 'top-streamer':
    case 'top-category':
    case 'party-member-sales':
      return ['gmv'];
    case 'farm-sales':
      return ['orders', 'gmv', 'net_sales'];
    case 'farmer-income':
      return ['households', 'farmer_paid', 'farmer_paid_per_household'];
    case 'party-organisations':
      return ['branches_founded'];
    case 'training':
      return ['trainees'];
    case 'training-effect':
    case 'training-effect-no-base':
      return ['gmv'];
    case 'parcels':
      return ['parcel_savings'];
    case 'loans':
      return ['loan_interest_saved'];
    default:
      return [];
  }
}

const byGmv = <T extends { gmv: bigint }>(a: T, b: T): number => (b.gmv > a.gmv ? 1 : b.gmv < a.gmv ? -1 : 0);

export function summaryContent(f: AnnualFigures): SummaryContent {
  if (!f.hasData) return { lead: { kind: 'no-data' }, sections: [], metrics: [] };
  const s = f.sales;
  const c = s.current;
  const sections: ContentSection[] = [];

  const sales: Statement[] = [];
  if (c.orders === 0 && c.gmv === 0n) sales.push({ kind: 'sales-none' });
  else {
    sales.push({ kind: 'sales', gmv: c.gmv, gmvYoY: s.gmvYoY, orders: c.orders, refunds: c.refunds, netSales: c.netSales, averageOrderValue: c.averageOrderValue, streamers: c.streamers });
    const best = [...s.monthly].sort(byGmv)[0];
    if (best && best.gmv > 0n) sales.push({ kind: 'best-month', month: best.month, gmv: best.gmv });
    const top = s.topStreamers[0];
    if (top) sales.push({ kind: 'top-streamer', displayName: top.displayName, gmv: top.gmv, ranked: s.topStreamers.length, rankedGmv: s.topStreamers.reduce((a, r) => a + r.gmv, 0n) });
    const cat = s.topCategories[0];
    if (cat) sales.push({ kind: 'top-category', category: cat.category, gmv: cat.gmv, share: Number(cat.gmv) / Number(c.gmv || 1n) });
  }
  sections.push({
    id: 'sales',
    statements: sales,
    charts: c.orders > 0 ? ['monthly', ...(s.topCategories.length > 0 ? (['categories'] as const) : [])] : [],
    table: s.topStreamers.length > 0 ? { kind: 'top-streamers', rows: s.topStreamers } : undefined,
  });

  const income = f.farmerIncome;
  sections.push({
    id: 'farm',
    statements: [
      s.farm.orders > 0 ? { kind: 'farm-sales', orders: s.farm.orders, gmv: s.farm.gmv, netSales: s.farm.netSales } : { kind: 'farm-sales-none' },
      income === null
        ? { kind: 'farmer-income-not-by-park' }
        : income.payments > 0
          ? { kind: 'farmer-income', households: income.households, income: income.income, payments: income.payments, perHousehold: income.income / BigInt(income.households) }
          : { kind: 'farmer-income-none' },
    ],
    charts: [],
    table: income && income.topVillages.length > 0 ? { kind: 'top-villages', rows: income.topVillages } : undefined,
  });

  const p = f.partyBuilding;
  const party: Statement[] = [{ kind: 'party-organisations', committeesFounded: p.committeesFounded, branchesFounded: p.branchesFounded, committees: p.committees, branches: p.branches }];
  const registered = p.streamersByPartyStatus.reduce((a, r) => a + r.streamers, 0);
  if (registered > 0) {
    party.push({ kind: 'party-streamers', registered, byStatus: p.streamersByPartyStatus.filter((r) => r.streamers > 0), members: p.members, applicants: p.applicants });
    const memberSales = s.byPartyStatus.filter((r) => r.status === 'member' || r.status === 'probationary').reduce((a, r) => a + r.gmv, 0n);
    if (memberSales > 0n) party.push({ kind: 'party-member-sales', gmv: memberSales });
  }
  sections.push({ id: 'party', statements: party, charts: registered > 0 ? ['party-status'] : [], table: undefined });

  if (f.training) {
    const t = f.training;
    const training: Statement[] = [];
    if (t.sessions + t.personTimes === 0) training.push({ kind: 'training-none' });
    else {
      training.push({ kind: 'training', sessions: t.sessions, personTimes: t.personTimes, trainees: t.trainees, hours: t.hours });
      const e = t.effect;
      if (e.streamers > 0 && e.change !== null) training.push({ kind: 'training-effect', days: e.days, gmvBefore: e.gmvBefore, gmvAfter: e.gmvAfter, change: e.change });
      else if (e.streamers > 0) training.push({ kind: 'training-effect-no-base', days: e.days, gmvAfter: e.gmvAfter });
    }
    sections.push({ id: 'training', statements: training, charts: [], table: undefined });
  }

  const support: Statement[] = [];
  if (f.parcels) support.push(f.parcels.parcels > 0 ? { kind: 'parcels', agreementsGranted: f.parcels.agreementsGranted, parcels: f.parcels.parcels, savings: f.parcels.savings } : { kind: 'parcels-none' });
  if (f.loans) support.push(f.loans.loans > 0 ? { kind: 'loans', loans: f.loans.loans, amount: f.loans.amount, interestSaved: f.loans.interestSaved } : { kind: 'loans-none' });
  if (f.appeals) {
    const a = f.appeals;
    support.push(a.raised + a.resolved > 0 ? { kind: 'appeals', raised: a.raised, resolved: a.resolved, open: a.open, medianHoursToResolve: a.medianHoursToResolve } : { kind: 'appeals-none' });
  }
  sections.push({
    id: 'support',
    statements: support.length > 0 ? support : [{ kind: 'support-not-by-park' }],
    charts: f.parcels && f.parcels.byCarrier.length > 0 ? ['carriers'] : [],
    table: undefined,
  });

  sections.push({ id: 'stations', statements: [{ kind: 'stations', opened: f.warmStations.opened, stations: f.warmStations.stations }], charts: [], table: undefined });

  const lead: Statement =
    c.orders > 0
      ? {
          kind: 'lead',
          gmv: c.gmv,
          gmvYoY: s.gmvYoY,
          farmer: income && income.payments > 0 ? { households: income.households, income: income.income } : null,
          parcelSavings: f.parcels && f.parcels.savings > 0n ? f.parcels.savings : null,
        }
      : { kind: 'lead-no-sales' };
  const metrics = [...new Set([lead, ...sections.flatMap((x) => x.statements)].flatMap(metricsOf))];
  return { lead, sections, metrics };
}
