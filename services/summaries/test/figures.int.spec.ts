import { buildGraphqlApi, loadGraphqlEnv } from '@redstream/graphql-api';
import { liveFigures, partyBuilding } from '@redstream/queries';
import { createApiKey, createServer, KeyRing } from '@redstream/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAnnualFigures, parseScope, renderHtml, type AnnualFigures } from '../src/index.ts';
import { CITY, dataset, HEDONG, LANSHAN, LUOZHUANG, STREAMERS } from './dataset.ts';
import { expectedFigures, money } from './expected.ts';
import { openTestStores, type TestStores } from './stores.ts';

const facts = dataset();
let stores: TestStores;

beforeAll(async () => {
  stores = await openTestStores();
  await stores.send(facts);
});
afterAll(async () => stores?.close());

const figuresOf = (year: number, scope: string): Promise<AnnualFigures> => computeAnnualFigures(stores.query, year, parseScope(scope));

describe('annual figures equal the figures computed from the facts', () => {
  for (const [year, region] of [
    [2025, LANSHAN],
    [2025, CITY],
    [2025, LUOZHUANG],
    [2024, LANSHAN],
    [2024, CITY],
  ] as const) {
    it(`${year} ${region}`, async () => {
      const f = await figuresOf(year, region);
      const e = expectedFigures(facts, year, region);
      expect(e.orders).toBeGreaterThan(0);
      expect(f.hasData).toBe(true);
      expect(f.sales.current).toMatchObject({ orders: e.orders, gmv: e.gmv, refunds: e.refunds, netSales: e.netSales });
      expect(f.sales.previous?.gmv ?? null).toEqual(e.previousOrders === 0 ? null : e.previousGmv);
      expect(f.sales.gmvYoY).toEqual(e.gmvYoY);
      expect(f.sales.monthly.map((m) => m.gmv)).toEqual(e.monthly);
      expect(f.sales.monthly.reduce((a, m) => a + m.gmv, 0n)).toBe(e.gmv);
      expect(f.sales.topStreamers.map((s) => [s.streamerId, s.gmv])).toEqual(e.topStreamers.slice(0, 10).map((s) => [s.id, s.gmv]));
      expect(f.sales.topStreamers[0]?.displayName).toBe(STREAMERS.find((s) => s.id === e.topStreamers[0]!.id)!.name);
      expect(new Map(f.sales.topCategories.map((c) => [c.category, c.gmv]))).toEqual(e.categories);
      expect(f.sales.farm).toMatchObject({ orders: e.farm.orders, gmv: e.farm.gmv });
      expect(f.farmerIncome).toMatchObject({ income: e.farmerIncome, households: e.households });
      expect(f.partyBuilding).toMatchObject({ committeesFounded: e.committeesFounded, branchesFounded: e.branchesFounded });
      expect(f.training).toMatchObject({ sessions: e.sessions, trainees: e.streamersTrained, personTimes: e.personTimes });
      expect(f.parcels).toMatchObject({ parcels: e.parcels, savings: e.parcelSavings });
      expect(f.loans).toMatchObject({ loans: e.loans, amount: e.loanAmount });
      expect(f.appeals).toMatchObject({ raised: e.appealsRaised, resolved: e.appealsResolved });
      expect(f.warmStations.opened).toBe(e.stationsOpened);
    });
  }

  it('holds a figure of every kind in 2025 in Lanshan (the dataset exercises every section)', () => {
    const e = expectedFigures(facts, 2025, LANSHAN);
    expect(e.refunds).toBeGreaterThan(0n);
    expect(e.farmerIncome).toBeGreaterThan(0n);
    expect(e.branchesFounded).toBe(2); // b2 (June) and b4 (31 December); b5 on 1 January 2026 is not 2025's
    expect(e.streamersTrained).toBe(3);
    expect(e.parcelSavings).toBe(BigInt((2_000 + 5_500) * 180));
    expect(e.appealsResolved).toBe(2);
  });
});

describe('the year is the calendar year in Asia/Shanghai', () => {
  it('puts 2024-12-31T23:30+08:00 (15:30Z) in 2024 and 2025-01-01T00:10+08:00 in 2025', async () => {
    const y2024 = await figuresOf(2024, HEDONG);
    const y2025 = await figuresOf(2025, HEDONG);
    expect(y2024.sales.current).toMatchObject({ orders: 1, gmv: 10_000n });
    expect(y2025.sales.current).toMatchObject({ orders: 1, gmv: 25_000n });
    expect(y2024.sales.monthly[11]!.gmv).toBe(10_000n);
    expect(y2025.sales.monthly[0]!.gmv).toBe(25_000n);
    expect(y2025.sales.monthly[0]!.lastYearGmv).toBe(0n);
    expect(y2025.sales.gmvYoY).toBe(1.5);
    expect(y2025.sales.previous?.gmv).toBe(10_000n);
  });

  it('gives no year-on-year figure when the year before has no sales, and says so', async () => {
    const y2024 = await figuresOf(2024, HEDONG);
    expect(y2024.sales.previous).toBeNull();
    expect(y2024.sales.gmvYoY).toBeNull();
    expect(renderHtml(y2024, 'zh-CN', new Date())).toContain('上年无销售记录，无同比数据');
    expect(renderHtml(y2024, 'en', new Date())).toContain('no comparison');
  });

  it('counts a refund in the year it happens: a 2024 order refunded on 2025-01-03 is 2025’s', async () => {
    const [f2024, f2025] = await Promise.all([figuresOf(2024, LANSHAN), figuresOf(2025, LANSHAN)]);
    const [e2024, e2025] = [expectedFigures(facts, 2024, LANSHAN), expectedFigures(facts, 2025, LANSHAN)];
    expect(f2024.sales.current.refunds).toBe(e2024.refunds);
    expect(f2025.sales.current.refunds).toBe(e2025.refunds);
    expect(e2025.refunds).toBeGreaterThanOrEqual(7_700n); // r1, of the order sold at 2024-12-31T23:59:59+08:00
  });
});

describe('a year with no data', () => {
  it('says so instead of printing zeros as facts', async () => {
    const f = await figuresOf(2023, LANSHAN);
    expect(f.hasData).toBe(false);
    const zh = renderHtml(f, 'zh-CN', new Date());
    expect(zh).toContain('本年度无可总结的数据');
    expect(zh).not.toContain('<figure');
    expect(zh).not.toMatch(/交易额0/);
    expect(renderHtml(f, 'en', new Date())).toContain('No data was recorded');
  });
});

describe('park and committee scopes', () => {
  it('reads a park’s sales by park and its own Party organisation', async () => {
    const f = await figuresOf(2025, 'park-p-lanshan');
    const parkStreamers = new Set(STREAMERS.filter((s) => s.park === 'p-lanshan').map((s) => s.id));
    const sold = facts.filter((x) => x.type === 'SaleRecorded').map((x) => x.data as { streamerId: string; occurredAt: string; amountFen: number });
    const gmv = sold
      .filter((s) => parkStreamers.has(s.streamerId) && new Date(Date.parse(s.occurredAt) + 8 * 3_600_000).getUTCFullYear() === 2025)
      .reduce((a, s) => a + BigInt(s.amountFen), 0n);
    expect(f.scope).toMatchObject({ kind: 'park', name: '兰山直播电商产业园', regionCode: LANSHAN });
    expect(f.sales.current.gmv).toBe(gmv);
    expect(f.partyBuilding.branchesFounded).toBe(1); // b4, in the park on 31 December
    expect(f.warmStations.opened).toBe(1);
    expect(f.farmerIncome).toBeNull();
    expect(f.training).toBeNull();
  });

  it('takes a park’s Party figures from the query the park’s screen and GraphQL read', async () => {
    const f = await figuresOf(2025, 'park-p-lanshan');
    // The park's branches b1 (c-city's, 2024) and b4 (c-lanshan's, 31 December 2025) bring their
    // committees: two at the year's end, c-lanshan founded in 2025.
    expect(f.partyBuilding).toMatchObject({ committees: 2, committeesFounded: 1, branches: 2, branchesFounded: 1 });
    const year = await partyBuilding(stores.query, { from: '2025-01-01', to: '2025-12-31' }, { parkId: 'p-lanshan' });
    expect(f.partyBuilding).toEqual({
      committeesFounded: year.committeesFounded,
      branchesFounded: year.branchesFounded,
      committees: year.committees,
      branches: year.branches,
      streamersByPartyStatus: year.streamersByPartyStatus,
      members: year.members,
      applicants: year.applicants,
    });
    // The park's screen (the GraphQL liveFigures payload) on the year's last evening shows the same organisation.
    const screen = await liveFigures(stores.query, { parkId: 'p-lanshan' }, Date.parse('2025-12-31T20:00:00+08:00'));
    expect({ branches: screen.branches, members: screen.members, applicants: screen.applicants }).toEqual({
      branches: f.partyBuilding.branches,
      members: f.partyBuilding.members,
      applicants: f.partyBuilding.applicants,
    });
  });

  it('reads a committee’s region', async () => {
    const f = await figuresOf(2025, 'committee-c-city');
    const e = expectedFigures(facts, 2025, CITY);
    expect(f.scope).toMatchObject({ kind: 'committee', name: '临沂市网络直播行业党委', regionCode: CITY });
    expect(f.sales.current.gmv).toBe(e.gmv);
  });
});

describe('the running year compares like with like', () => {
  // A fixed clock in the middle of 2025: 2025 is the year to date, 2024 a year that has ended.
  const now = new Date('2025-07-01T12:00:00+08:00');
  const sameTimeLastYear = Date.parse('2024-07-01T12:00:00+08:00');
  const lanshanStreamers = new Set(facts.filter((x) => x.type === 'StreamerRegistered' && (x.data as { regionCode: string }).regionCode.startsWith(LANSHAN)).map((x) => (x.data as { streamerId: string }).streamerId));
  const sold = facts.filter((x) => x.type === 'SaleRecorded').map((x) => x.data as { streamerId: string; occurredAt: string; amountFen: number });
  const gmvBetween = (from: string, to: number) =>
    sold.filter((s) => lanshanStreamers.has(s.streamerId) && Date.parse(s.occurredAt) >= Date.parse(from) && Date.parse(s.occurredAt) < to).reduce((a, s) => a + BigInt(s.amountFen), 0n);

  it('reads the year to date against the same days of the year before', async () => {
    const f = await computeAnnualFigures(stores.query, 2025, parseScope(LANSHAN), now);
    const current = gmvBetween('2025-01-01T00:00:00+08:00', now.getTime());
    const previous = gmvBetween('2024-01-01T00:00:00+08:00', sameTimeLastYear);
    expect(previous).toBeGreaterThan(0n);
    expect(current).toBeLessThan(expectedFigures(facts, 2025, LANSHAN).gmv);
    expect(f.period).toMatchObject({ lastDay: '2025-07-01', yearToDate: true });
    expect(f.sales.current.gmv).toBe(current);
    expect(f.sales.previous?.gmv).toBe(previous);
    expect(f.sales.gmvYoY).toBe(Number(current - previous) / Number(previous));
    expect(f.sales.monthly.slice(7).every((m) => m.gmv === 0n && m.lastYearGmv === 0n)).toBe(true);
    // Day-grained facts through today: Lanshan's payments of 2025-01-01 and 2025-03-10 are in, that of 2025-09-10 is not.
    expect(f.farmerIncome).toMatchObject({ income: BigInt(150_000 + 45_500), payments: 2 });
  });

  it('labels the period so, in both languages', async () => {
    const f = await computeAnnualFigures(stores.query, 2025, parseScope(LANSHAN), now);
    const zh = renderHtml(f, 'zh-CN', now);
    expect(zh).toContain('统计期间：2025年1月1日至7月1日（年初至今，北京时间）');
    expect(zh).toContain('同比为与上年同期（1月1日至7月1日）相比');
    expect(zh).not.toContain('全年');
    const en = renderHtml(f, 'en', now);
    expect(en).toContain('period: 1 January to 1 July 2025, year to date (Asia/Shanghai)');
    expect(en).toContain('year-on-year against the same days of 2024 (1 January to 1 July)');
  });

  it('keeps a year that has ended whole', async () => {
    const f = await computeAnnualFigures(stores.query, 2024, parseScope(LANSHAN), now);
    const e = expectedFigures(facts, 2024, LANSHAN);
    expect(f.period).toEqual({ year: 2024, from: '2024-01-01T00:00:00+08:00', to: '2025-01-01T00:00:00+08:00', firstDay: '2024-01-01', lastDay: '2024-12-31' });
    expect(f.sales.current.gmv).toBe(e.gmv);
    expect(renderHtml(f, 'zh-CN', now)).toContain('统计期间：2024年1月1日至12月31日（北京时间）');
  });

  it('gives GraphQL’s annualSummary the same period and comparison', async () => {
    const key = createApiKey({ id: 'analyst', roles: ['analyst'] });
    const app = createServer({ logLevel: 'silent' });
    await app.register(buildGraphqlApi({ clickhouse: stores.clickhouse, keys: new KeyRing([key.entry]), env: loadGraphqlEnv({ NODE_ENV: 'test' }), clock: () => now }).plugin);
    try {
      const ask = async (year: number) =>
        (
          await app.inject({
            method: 'POST',
            url: '/graphql',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key.plaintext}` },
            payload: JSON.stringify({ query: `{ annualSummary(year: ${year}, regionCode: "${LANSHAN}") { gmv gmvYoY yearToDate lastDay } }` }),
          })
        ).json<{ data: { annualSummary: { gmv: string; gmvYoY: number | null; yearToDate: boolean; lastDay: string } } }>().data.annualSummary;
      const [running, ended] = [await ask(2025), await ask(2024)];
      const f = await computeAnnualFigures(stores.query, 2025, parseScope(LANSHAN), now);
      expect(running).toEqual({ gmv: money(f.sales.current.gmv), gmvYoY: f.sales.gmvYoY, yearToDate: true, lastDay: '2025-07-01' });
      expect(ended).toMatchObject({ gmv: money(expectedFigures(facts, 2024, LANSHAN).gmv), yearToDate: false, lastDay: '2024-12-31' });
    } finally {
      await app.close();
    }
  });
});
