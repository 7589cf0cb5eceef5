import { regionAt, regionCovers, type RegionLevel } from '@redstream/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUNDARY, buildDataset, REGIONS } from './dataset.ts';
import { dayOf, factsOf, model, salesBy, summaryOf, yuan, type Filter } from './expected.ts';
import { startHarness, type Harness } from './harness.ts';
import { partyBuilding } from '@redstream/queries';
import { liveFigures, SLOW_FIGURES_MS } from '@redstream/queries';

/**
 * Every field's numbers over HTTP equal what this test computes itself from the facts it sent.
 */
const facts = buildDataset();
const m = model(facts);
let h: Harness;

beforeAll(async () => {
  h = await startHarness(facts);
});
afterAll(async () => h?.close());

const SUMMARY = 'orders gmv refunds netSales averageOrderValue streamers';
async function data<T = any>(query: string, variables?: Record<string, unknown>, key: Parameters<Harness['gql']>[2] = 'admin'): Promise<T> {
  const r = await h.gql<T>(query, variables, key);
  if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
  return r.body.data!;
}
const summary = async (filter: Filter, key: Parameters<Harness['gql']>[2] = 'admin') =>
  (await data(`query($f: SalesFilter) { salesSummary(filter: $f) { ${SUMMARY} } }`, { f: filter }, key)).salesSummary;

const FILTERS: Filter[] = [
  {},
  { regionCode: REGIONS.shandong },
  { regionCode: REGIONS.linyi },
  { regionCode: REGIONS.lanshan },
  { regionCode: '371302001' },
  { regionCode: REGIONS.erqi },
  { parkId: 'p-lanshan-1' },
  { platform: 'douyin' },
  { category: '农产品' },
  { streamerId: 's-01' },
  { from: '2025-06-01T00:00:00+08:00', to: '2025-07-01T00:00:00+08:00' },
  { from: '2025-06-18T00:00:00+08:00', to: '2025-06-19T00:00:00+08:00', regionCode: REGIONS.lanshan },
  // odd boundaries: raw edges around minute, hour and day rollups
  { from: '2025-06-16T10:17:30+08:00', to: '2025-06-20T10:17:39+08:00' },
  { from: '2025-06-20T10:17:13+08:00', to: '2025-06-20T10:18:00+08:00' },
  { from: '2025-06-15T06:00:00Z', to: '2025-06-19T13:45:00+08:00', platform: 'kuaishou', category: '服装' },
  // whole months (monthly rollups) with day, hour, minute and raw edges; open ends
  { from: '2024-05-31T23:59:30+08:00', to: '2025-06-18T12:30:00+08:00', regionCode: REGIONS.linyi },
  { from: '2024-06-01T00:00:00+08:00', to: '2025-07-01T00:00:00+08:00', category: '农产品' },
  { from: '2024-06-20T00:00:00+08:00' },
  { to: '2025-06-18T07:00:00+08:00', parkId: 'p-lanshan-1' },
];

describe('salesSummary', () => {
  it.each(FILTERS.map((f) => [JSON.stringify(f), f] as const))('equals the facts for %s', async (_name, filter) => {
    expect(await summary(filter)).toEqual(summaryOf(m, filter));
  });

  it.each(FILTERS.map((f) => [JSON.stringify(f), f] as const))('without streamers (streamer-less rollups) equals the facts for %s', async (_name, filter) => {
    const r = (await data(`query($f: SalesFilter) { salesSummary(filter: $f) { orders gmv refunds netSales averageOrderValue } }`, { f: filter })).salesSummary;
    const { streamers: _s, ...expected } = summaryOf(m, filter);
    expect(r).toEqual(expected);
  });

  it('counts a sale at 23:59:59 and one at 00:00:00 Shanghai on their own days', async () => {
    const day18 = { from: '2025-06-18T00:00:00+08:00', to: '2025-06-19T00:00:00+08:00', streamerId: 's-01' };
    const day19 = { from: '2025-06-19T00:00:00+08:00', to: '2025-06-20T00:00:00+08:00', streamerId: 's-01' };
    const s18 = await summary(day18);
    const s19 = await summary(day19);
    const sold = m.sales.filter((s) => s.streamerId === 's-01');
    expect(sold.some((s) => s.at === Date.parse(BOUNDARY.before) && dayOf(s.at) === '2025-06-18')).toBe(true);
    expect(s18.orders).toBe(sold.filter((s) => dayOf(s.at) === '2025-06-18').length);
    expect(s19.orders).toBe(sold.filter((s) => dayOf(s.at) === '2025-06-19').length);
    expect(s18).toEqual(summaryOf(m, day18));
    expect(s19).toEqual(summaryOf(m, day19));
  });

  it('refuses malformed input with a clear message', async () => {
    const r = await h.gql(`{ salesSummary(filter: { from: "2025-06-18" }) { orders } }`);
    expect(r.body.errors?.[0]?.message).toMatch(/from must be an ISO 8601 date-time with offset/);
    const p = await h.gql(`{ salesSummary(filter: { platform: "tiktok" }) { orders } }`);
    expect(p.body.errors?.[0]?.message).toMatch(/platform must be one of douyin/);
  });
});

describe('region roll-ups', () => {
  const levels: [RegionLevel, string][] = [
    ['village', 'VILLAGE'],
    ['town', 'TOWN'],
    ['county', 'COUNTY'],
    ['city', 'CITY'],
    ['province', 'PROVINCE'],
  ];
  it.each(levels)('breakdown by %s sums to the parent and matches the facts', async (level, gqlLevel) => {
    const rows = (await data(`query($l: RegionLevel) { salesBreakdown(by: REGION, regionLevel: $l, limit: 1000) { key ${SUMMARY} } }`, { l: gqlLevel })).salesBreakdown as any[];
    const expected = salesBy(m, {}, (s) => regionAt(s.region, level) ?? '');
    expect(new Map(rows.map((r) => [r.key, r.gmv]))).toEqual(new Map([...expected].map(([k, g]) => [k, yuan(g.gmv)])));
    // each row equals the summary of its own region (village → county → city → province consistent)
    for (const row of rows.filter((r) => r.key !== '')) {
      expect({ ...row, key: undefined }).toEqual({ ...(await summary({ regionCode: row.key })), key: undefined });
    }
    const total = await summary({});
    expect(rows.reduce((s, r) => s + r.orders, 0)).toBe(total.orders);
  });
});

describe('salesSeries', () => {
  const granularities = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
  const bucketOf = (ms: number, g: (typeof granularities)[number]): string => {
    const w = new Date(ms + 8 * 3_600_000);
    const y = w.getUTCFullYear();
    const mo = w.getUTCMonth();
    const d = w.getUTCDate();
    const at = (yy: number, mm: number, dd: number, hh = 0) => `${new Date(Date.UTC(yy, mm, dd, hh)).toISOString().slice(0, 19)}+08:00`;
    switch (g) {
      case 'HOUR':
        return at(y, mo, d, w.getUTCHours());
      case 'DAY':
        return at(y, mo, d);
      case 'WEEK':
        return at(y, mo, d - ((w.getUTCDay() + 6) % 7));
      case 'MONTH':
        return at(y, mo, 1);
      case 'QUARTER':
        return at(y, mo - (mo % 3), 1);
      case 'YEAR':
        return at(y, 0, 1);
    }
  };
  const windows: Record<string, Filter> = {
    HOUR: { from: '2025-06-18T00:00:00+08:00', to: '2025-06-20T00:00:00+08:00' },
    DAY: { from: '2025-06-15T00:00:00+08:00', to: '2025-06-22T00:00:00+08:00' },
    WEEK: { from: '2025-06-09T00:00:00+08:00', to: '2025-06-30T00:00:00+08:00', regionCode: REGIONS.linyi },
    MONTH: {},
    QUARTER: { category: '服装' },
    YEAR: {},
  };
  // odd windows (not whole buckets) take the per-period path, whole-bucket ones the merged one
  const oddWindows: [string, (typeof granularities)[number], Filter][] = [
    ['DAY, odd edges', 'DAY', { from: '2025-06-15T06:00:00+08:00', to: '2025-06-21T13:00:00+08:00' }], // whole hours: the test's shift keeps hours only
    ['MONTH, odd edges', 'MONTH', { from: '2024-06-10T00:00:00+08:00', to: '2025-06-19T12:00:00+08:00', platform: 'douyin' }],
    ['DAY, from only', 'DAY', { from: '2025-06-19T00:00:00+08:00' }],
  ];
  const cases: [string, (typeof granularities)[number], Filter, boolean][] = [
    ...granularities.flatMap((g) => [[g, g, windows[g]!, true], [`${g} without streamers`, g, windows[g]!, false]] as [string, (typeof granularities)[number], Filter, boolean][]),
    ...oddWindows.flatMap(([label, g, f]) => [[label, g, f, true], [`${label} without streamers`, g, f, false]] as [string, (typeof granularities)[number], Filter, boolean][]),
  ];
  it.each(cases)('%s: buckets equal the facts, with the previous period and last year beside each', async (label, g, filter, withStreamers) => {
    const fields = withStreamers ? SUMMARY : 'orders gmv refunds netSales averageOrderValue';
    const points = (
      await data(`query($f: SalesFilter, $g: Granularity!) { salesSeries(filter: $f, granularity: $g) { bucket ${fields} previousPeriod { orders gmv } samePeriodLastYear { orders gmv } } }`, { f: filter, g })
    ).salesSeries as any[];
    const expected = salesBy(m, filter, (_s, at) => bucketOf(at, g));
    expect(points.map((p) => p.bucket)).toEqual([...expected.keys()].sort());
    for (const p of points) {
      const e = expected.get(p.bucket)!;
      expect([p.orders, p.gmv, p.refunds, p.streamers]).toEqual([e.orders, yuan(e.gmv), yuan(e.refunds), withStreamers ? e.streamers.size : undefined]);
    }
    // comparisons: the bucket before, and the same bucket a year earlier (52 weeks for WEEK), under the same filter
    const shift = (bucket: string, back: 'previous' | 'year'): string => {
      const ms = Date.parse(bucket);
      const w = new Date(ms + 8 * 3_600_000);
      const steps = { HOUR: [0, 0, 0, 1], DAY: [0, 0, 1, 0], WEEK: [0, 0, 7, 0], MONTH: [0, 1, 0, 0], QUARTER: [0, 3, 0, 0], YEAR: [1, 0, 0, 0] }[g]!;
      const [dy, dm, dd, dh] = back === 'previous' ? steps : g === 'WEEK' ? [0, 0, 364, 0] : [1, 0, 0, 0];
      return `${new Date(Date.UTC(w.getUTCFullYear() - dy!, w.getUTCMonth() - dm!, w.getUTCDate() - dd!, w.getUTCHours() - dh!)).toISOString().slice(0, 19)}+08:00`;
    };
    const shifted = (move: (ms: number) => number): Filter => ({
      ...filter,
      ...(filter.from ? { from: new Date(move(Date.parse(filter.from))).toISOString() } : {}),
      ...(filter.to ? { to: new Date(move(Date.parse(filter.to))).toISOString() } : {}),
    });
    const prevFilter = shifted((ms) => Date.parse(shift(new Date(ms).toISOString(), 'previous')));
    const yearFilter = shifted((ms) => Date.parse(shift(new Date(ms).toISOString(), 'year')));
    const prev = salesBy(m, prevFilter, (_s, at) => bucketOf(at, g));
    const year = salesBy(m, yearFilter, (_s, at) => bucketOf(at, g));
    for (const p of points) {
      const e1 = prev.get(shift(p.bucket, 'previous'));
      const e2 = year.get(shift(p.bucket, 'year'));
      expect(p.previousPeriod).toEqual({ orders: e1?.orders ?? 0, gmv: yuan(e1?.gmv ?? 0n) });
      expect(p.samePeriodLastYear).toEqual({ orders: e2?.orders ?? 0, gmv: yuan(e2?.gmv ?? 0n) });
    }
    if (label === 'DAY') {
      expect(points.find((p) => p.bucket === '2025-06-18T00:00:00+08:00')?.samePeriodLastYear.orders).toBeGreaterThan(0);
    }
  });

  it('puts 23:59:59 and 00:00:00 in different DAY buckets', async () => {
    const points = (await data(`{ salesSeries(filter: { streamerId: "s-01", from: "2025-06-18T23:00:00+08:00", to: "2025-06-19T01:00:00+08:00" }, granularity: DAY) { bucket gmv } }`)).salesSeries;
    const e = salesBy(m, { streamerId: 's-01', from: '2025-06-18T23:00:00+08:00', to: '2025-06-19T01:00:00+08:00' }, (_s, at) => `${dayOf(at)}T00:00:00+08:00`);
    expect(points).toEqual([...e].sort().map(([bucket, g]) => ({ bucket, gmv: yuan(g.gmv) })));
    expect(points.map((p: any) => p.bucket)).toEqual(['2025-06-18T00:00:00+08:00', '2025-06-19T00:00:00+08:00']);
  });

  it('MINUTE buckets over an odd window', async () => {
    const filter = { from: '2025-06-20T10:17:05+08:00', to: '2025-06-20T10:19:00+08:00' };
    const points = (await data(`query($f: SalesFilter) { salesSeries(filter: $f, granularity: MINUTE) { bucket orders gmv } }`, { f: filter })).salesSeries;
    const e = salesBy(m, filter, (_s, at) => `${new Date(at - (at % 60_000) + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`);
    expect(points).toEqual([...e].sort().map(([bucket, g]) => ({ bucket, orders: g.orders, gmv: yuan(g.gmv) })));
  });
});

describe('breakdowns and top-N', () => {
  const dims: [string, (s: any) => string][] = [
    ['PARK', (s) => s.park],
    ['PLATFORM', (s) => s.platform],
    ['CATEGORY', (s) => s.category],
    ['STREAMER', (s) => s.streamerId],
    ['PARTY_STATUS', (s) => m.streamers.get(s.streamerId)!.status],
    ['BRANCH', (s) => factsOf(m, 'BranchFounded').filter((b) => b.parkId && b.parkId === s.park).sort((a, b) => (a.foundedOn < b.foundedOn ? -1 : 1))[0]?.branchId ?? ''],
  ];
  it.each(dims)('by %s equals the facts, ordered by GMV', async (by, key) => {
    const filter = { from: '2025-01-01T00:00:00+08:00' };
    const rows = (await data(`query($f: SalesFilter, $by: SalesDimension!) { salesBreakdown(filter: $f, by: $by, limit: 3) { key ${SUMMARY} } }`, { f: filter, by })).salesBreakdown;
    const expected = [...salesBy(m, filter, key)].sort(([ka, a], [kb, b]) => (a.gmv === b.gmv ? (ka < kb ? -1 : 1) : a.gmv > b.gmv ? -1 : 1)).slice(0, 3);
    expect(rows).toEqual(expected.map(([k, g]) => ({ key: k, orders: g.orders, gmv: yuan(g.gmv), refunds: yuan(g.refunds), netSales: yuan(g.gmv - g.refunds), averageOrderValue: yuan((g.gmv * 2n + BigInt(g.orders)) / (2n * BigInt(Math.max(1, g.orders)))), streamers: g.streamers.size })));
  });

  it.each(dims.slice(0, 3))('by %s without streamers (streamer-less rollups) equals the facts', async (by, key) => {
    for (const filter of [{ from: '2024-06-01T00:00:00+08:00' }, { from: '2025-06-16T10:17:30+08:00', to: '2025-06-20T10:17:39+08:00', regionCode: REGIONS.linyi }]) {
      const rows = (await data(`query($f: SalesFilter, $by: SalesDimension!) { salesBreakdown(filter: $f, by: $by, limit: 100) { key orders gmv refunds } }`, { f: filter, by })).salesBreakdown;
      const expected = [...salesBy(m, filter, key)].sort(([ka, a], [kb, b]) => (a.gmv === b.gmv ? (ka < kb ? -1 : 1) : a.gmv > b.gmv ? -1 : 1));
      expect(rows).toEqual(expected.map(([k, g]) => ({ key: k, orders: g.orders, gmv: yuan(g.gmv), refunds: yuan(g.refunds) })));
    }
  });

  it('by buyer province (refunds follow their order)', async () => {
    const rows = (await data(`{ salesBreakdown(by: BUYER_REGION, regionLevel: PROVINCE, limit: 100) { key orders gmv refunds } }`)).salesBreakdown;
    const e = salesBy(m, {}, (s) => (s.buyer ? `${s.buyer.slice(0, 2)}0000` : ''));
    expect(new Map(rows.map((r: any) => [r.key, [r.orders, r.gmv, r.refunds]]))).toEqual(new Map([...e].map(([k, g]) => [k, [g.orders, yuan(g.gmv), yuan(g.refunds)]])));
  });

  it('names regions beside their codes (GB/T 2260 names; a town, unnamed, shows its code)', async () => {
    const counties = (await data(`{ salesBreakdown(by: REGION, regionLevel: COUNTY, limit: 100) { key label } }`)).salesBreakdown;
    const names: Record<string, string> = { [REGIONS.lanshan]: '兰山区', [REGIONS.luozhuang]: '罗庄区', [REGIONS.erqi]: '二七区' };
    expect(counties.map((r: any) => r.key)).toEqual(expect.arrayContaining([REGIONS.lanshan, REGIONS.erqi]));
    for (const r of counties) expect(r.label).toBe(names[r.key]);
    const towns = (await data(`{ salesBreakdown(by: REGION, regionLevel: TOWN, limit: 100) { key label } }`)).salesBreakdown;
    expect(towns.length).toBeGreaterThan(0);
    for (const r of towns) expect(r.label).toBe(r.key === '' ? null : r.key);
    const year = (await data(`{ annualSummary(year: 2025, regionCode: "${REGIONS.erqi}") { regionCode regionName } }`)).annualSummary;
    expect(year).toEqual({ regionCode: REGIONS.erqi, regionName: '二七区' });
  });

  it('topStreamers ranks by GMV with display names', async () => {
    const filter = { regionCode: REGIONS.shandong };
    const top = (await data(`query($f: SalesFilter) { topStreamers(filter: $f, limit: 5) { streamerId displayName gmv orders } }`, { f: filter })).topStreamers;
    const e = [...salesBy(m, filter, (s) => s.streamerId)].sort(([, a], [, b]) => (a.gmv > b.gmv ? -1 : 1)).slice(0, 5);
    expect(top).toEqual(e.map(([id, g]) => ({ streamerId: id, displayName: m.streamers.get(id)!.displayName, gmv: yuan(g.gmv), orders: g.orders })));
  });
});

describe('farmer income', () => {
  it.each([{}, { regionCode: REGIONS.lanshan }, { from: '2025-06-12', to: '2025-06-20', regionCode: REGIONS.shandong }])('equals the facts for %j', async (filter) => {
    const r = (await data(`query($f: FarmerIncomeFilter) { farmerIncome(filter: $f) { income households payments byVillage { villageCode income households } } }`, { f: filter })).farmerIncome;
    const paid = factsOf(m, 'FarmerPaid').filter(
      (p) => (!('from' in filter) || p.paidOn >= filter.from!) && (!('to' in filter) || p.paidOn <= filter.to!) && (!('regionCode' in filter) || regionCovers(filter.regionCode!, p.villageCode)),
    );
    expect(r.income).toBe(yuan(paid.reduce((s, p) => s + BigInt(p.amountFen), 0n)));
    expect(r.households).toBe(new Set(paid.map((p) => p.householdId)).size);
    expect(r.payments).toBe(paid.length);
    const villages = new Map<string, { income: bigint; households: Set<string> }>();
    for (const p of paid) {
      const v = villages.get(p.villageCode) ?? { income: 0n, households: new Set() };
      v.income += BigInt(p.amountFen);
      v.households.add(p.householdId);
      villages.set(p.villageCode, v);
    }
    expect(new Map(r.byVillage.map((v: any) => [v.villageCode, [v.income, v.households]]))).toEqual(new Map([...villages].map(([k, v]) => [k, [yuan(v.income), v.households.size]])));
  });
});

describe('party building, training, parcels, loans, appeals, stations', () => {
  const period = { from: '2025-01-01', to: '2025-06-30', regionCode: REGIONS.linyi };
  const inRegion = (code: string) => regionCovers(period.regionCode, code);
  const inPeriod = (day: string) => day >= period.from && day <= period.to;

  it('party building', async () => {
    const r = (await data(`query($f: PeriodFilter) { partyBuilding(filter: $f) { committeesFounded branchesFounded committees branches parks parksWithBranch shareOfParksWithBranch members applicants streamersByPartyStatus { status streamers } } }`, { f: period })).partyBuilding;
    const committees = factsOf(m, 'IndustryCommitteeFounded').filter((c) => inRegion(c.regionCode));
    const branches = factsOf(m, 'BranchFounded').filter((b) => inRegion(b.regionCode) && b.foundedOn <= period.to);
    const parks = factsOf(m, 'ParkRegistered').filter((p) => inRegion(p.regionCode));
    const withBranch = parks.filter((p) => factsOf(m, 'BranchFounded').some((b) => b.parkId === p.parkId && b.foundedOn <= period.to));
    const streamers = [...m.streamers.values()].filter((s) => inRegion(s.region) && s.registeredOn <= period.to);
    const count = (status: string) => streamers.filter((s) => s.status === status).length;
    expect(r).toEqual({
      committeesFounded: committees.filter((c) => inPeriod(c.foundedOn)).length,
      branchesFounded: branches.filter((b) => inPeriod(b.foundedOn)).length,
      committees: committees.filter((c) => c.foundedOn <= period.to).length,
      branches: branches.length,
      parks: parks.length,
      parksWithBranch: withBranch.length,
      shareOfParksWithBranch: withBranch.length / parks.length,
      members: count('member') + count('probationary'),
      applicants: count('applicant'),
      streamersByPartyStatus: ['none', 'applicant', 'activist', 'probationary', 'member'].map((status) => ({ status, streamers: count(status) })),
    });
  });

  it('live figures re-read their slow part only when it is older than SLOW_FIGURES_MS', async () => {
    const ctx = { reader: h.api.reader };
    const at = Date.parse('2025-06-18T21:00:00+08:00');
    const first = await liveFigures(ctx, {}, at);
    const soon = await liveFigures(ctx, {}, at + SLOW_FIGURES_MS - 1000, null, first);
    expect(soon.backgroundComputedAt).toBe(first.backgroundComputedAt);
    expect(soon.computedAt).not.toBe(first.computedAt);
    expect(soon.branches).toBe(first.branches);
    const later = await liveFigures(ctx, {}, at + SLOW_FIGURES_MS + 1000, null, soon);
    expect(later.backgroundComputedAt).toBe(later.computedAt);
    expect(later.today).toEqual(first.today);
  });

  it('party building of one park: its branches, and the committees with a branch in it', async () => {
    const park = factsOf(m, 'BranchFounded').find((b) => b.parkId)!.parkId!;
    const r = await partyBuilding({ reader: h.api.reader }, { to: period.to }, { parkId: park });
    const branches = factsOf(m, 'BranchFounded').filter((b) => b.parkId === park && b.foundedOn <= period.to);
    const committeeIds = new Set(branches.map((b) => b.committeeId).filter(Boolean));
    expect(r.branches).toBe(branches.length);
    expect(r.committees).toBe(factsOf(m, 'IndustryCommitteeFounded').filter((c) => committeeIds.has(c.committeeId) && c.foundedOn <= period.to).length);
    expect(r.parks).toBe(1);
  });

  it('training and its effect on GMV', async () => {
    const f = { from: '2025-06-01', to: '2025-06-30' };
    const r = (await data(`query($f: PeriodFilter) { training(filter: $f) { sessions trainees personTimes hours } trainingEffect(filter: $f, days: 3) { streamers gmvBefore gmvAfter ordersBefore ordersAfter change } }`, { f })).data ?? (await data(`query($f: PeriodFilter) { training(filter: $f) { sessions trainees personTimes hours } trainingEffect(filter: $f, days: 3) { streamers gmvBefore gmvAfter ordersBefore ordersAfter change } }`, { f }));
    const trained = factsOf(m, 'StreamerTrained').filter((t) => t.completedOn >= f.from && t.completedOn <= f.to);
    expect(r.training).toEqual({
      sessions: factsOf(m, 'TrainingSessionHeld').filter((s) => s.startsOn >= f.from && s.startsOn <= f.to).length,
      trainees: new Set(trained.map((t) => t.streamerId)).size,
      personTimes: trained.length,
      hours: trained.reduce((s, t) => s + t.hours, 0),
    });
    const first = new Map<string, string>();
    for (const t of trained) if (!first.has(t.streamerId) || t.completedOn < first.get(t.streamerId)!) first.set(t.streamerId, t.completedOn);
    let before = 0n, after = 0n, ob = 0, oa = 0;
    const active = new Set<string>();
    for (const s of m.sales) {
      const d = first.get(s.streamerId);
      if (!d) continue;
      const day = dayOf(s.at);
      const diff = (Date.parse(day) - Date.parse(d)) / 86_400_000;
      if (diff >= -3 && diff < 0) (before += s.amount), ob++, active.add(s.streamerId);
      if (diff >= 0 && diff < 3) (after += s.amount), oa++, active.add(s.streamerId);
    }
    expect(r.trainingEffect).toEqual({ streamers: active.size, gmvBefore: yuan(before), gmvAfter: yuan(after), ordersBefore: ob, ordersAfter: oa, change: before === 0n ? null : Number(after - before) / Number(before) });
  });

  it('parcel discounts', async () => {
    const f = { from: '2025-01-01', to: '2025-12-31', regionCode: REGIONS.shandong };
    const r = (await data(`query($f: PeriodFilter) { parcelDiscounts(filter: $f) { agreementsGranted agreementsActive parcels savings byCarrier { carrier parcels savings } } }`, { f })).parcelDiscounts;
    const agreements = new Map(factsOf(m, 'ParcelDiscountGranted').filter((a) => regionCovers(f.regionCode, a.regionCode)).map((a) => [a.agreementId, a]));
    const shipped = factsOf(m, 'ParcelsShipped').filter((s) => agreements.has(s.agreementId) && s.shippedOn >= f.from && s.shippedOn <= f.to);
    const saving = (s: any) => BigInt(s.parcels) * BigInt(agreements.get(s.agreementId)!.standardFeeFen - agreements.get(s.agreementId)!.discountedFeeFen);
    expect(r.parcels).toBe(shipped.reduce((a, s) => a + s.parcels, 0));
    expect(r.savings).toBe(yuan(shipped.reduce((a, s) => a + saving(s), 0n)));
    expect(r.agreementsActive).toBe([...agreements.values()].filter((a) => a.validTo >= f.from && a.validFrom <= f.to).length);
    expect(r.agreementsGranted).toBe([...agreements.values()].filter((a) => a.validFrom >= f.from && a.validFrom <= f.to).length);
    expect(r.byCarrier.reduce((a: number, c: any) => a + c.parcels, 0)).toBe(r.parcels);
  });

  it('loans and interest saved', async () => {
    const r = (await data(`{ loans { loans amount interestSaved byLender { lender loans amount interestSaved } } }`)).loans;
    const all = factsOf(m, 'LoanGranted');
    const saved = (l: any) => (BigInt(l.amountFen) * BigInt(l.benchmarkRateBp - l.rateBp) * BigInt(l.termMonths)) / 120_000n; // per loan, rounded down
    expect(r.loans).toBe(all.length);
    expect(r.amount).toBe(yuan(all.reduce((s, l) => s + BigInt(l.amountFen), 0n)));
    expect(r.interestSaved).toBe(yuan(all.reduce((s, l) => s + saved(l), 0n)));
    // 100,000 yuan at 0.50 % below the benchmark for 12 months saves exactly 500.00 yuan
    expect(saved(all[0]!)).toBe(50_000n);
    const lanshan = (await data(`{ loans(filter: { regionCode: "410103" }) { loans amount } }`)).loans;
    expect(lanshan).toEqual({ loans: 1, amount: yuan(5_000_000n) });
  });

  it('appeals', async () => {
    const f = { from: '2025-06-01', to: '2025-06-30' };
    const r = (await data(`query($f: PeriodFilter) { appeals(filter: $f) { raised resolved open medianHoursToResolve byTopic { topic raised open } } }`, { f })).appeals;
    const raised = factsOf(m, 'AppealRaised');
    const resolved = new Map(factsOf(m, 'AppealResolved').map((a) => [a.appealId, a.resolvedAt]));
    const hours = raised.filter((a) => resolved.has(a.appealId)).map((a) => (Date.parse(resolved.get(a.appealId)!) - Date.parse(a.raisedAt)) / 3_600_000).sort((a, b) => a - b);
    const mid = hours.length / 2;
    expect(r.raised).toBe(raised.length);
    expect(r.resolved).toBe(hours.length);
    expect(r.open).toBe(raised.length - hours.length);
    expect(r.medianHoursToResolve).toBeCloseTo(hours.length % 2 ? hours[Math.floor(mid)]! : (hours[mid - 1]! + hours[mid]!) / 2, 9);
  });

  it('warm stations', async () => {
    const r = (await data(`query($f: PeriodFilter) { warmStations(filter: $f) { opened stations inParks byCounty { regionCode stations } } }`, { f: period })).warmStations;
    const all = factsOf(m, 'WarmStationOpened').filter((s) => inRegion(s.regionCode) && s.openedOn <= period.to);
    expect(r.opened).toBe(all.filter((s) => inPeriod(s.openedOn)).length);
    expect(r.stations).toBe(all.length);
    expect(r.inParks).toBe(all.filter((s) => s.parkId).length);
  });
});
