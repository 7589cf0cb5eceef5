import { describe, expect, it } from 'vitest';
import { METRIC_DEFINITIONS } from '@redstream/queries';
import { yearPeriod } from '@redstream/schema';
import { summaryContent, type Statement, type StatementKind } from './content.ts';
import type { AnnualFigures } from './figures.ts';
import { LANGS } from './format.ts';
import { renderHtml } from './html.ts';
import { figuresToJson } from './json.ts';
import { PHRASEBOOKS, writeSummary } from './narrative.ts';

/** Hand-built figures with every section filled: the content model's richest case. */
const sales = (orders: number, gmv: bigint, refunds: bigint) => ({ orders, gmv, refunds, netSales: gmv - refunds, averageOrderValue: orders === 0 ? 0n : gmv / BigInt(orders), streamers: 7 });
const region: AnnualFigures = {
  year: 2025,
  period: yearPeriod(2025),
  scope: { key: '371302', kind: 'region', regionCode: '371302', name: undefined },
  hasData: true,
  sales: {
    current: sales(1234, 987_654_321n, 12_345_600n),
    previous: sales(1000, 800_000_000n, 0n),
    gmvYoY: 0.2345,
    ordersYoY: 0.234,
    netSalesYoY: 0.2,
    monthly: Array.from({ length: 12 }, (_, i) => ({ month: `2025-${String(i + 1).padStart(2, '0')}`, orders: 100, gmv: BigInt(i + 1) * 1_000_000n, netSales: BigInt(i + 1) * 1_000_000n, lastYearGmv: 500_000n })),
    topStreamers: [
      { streamerId: 's1', displayName: '兰山小王', gmv: 300_000_000n, orders: 400 },
      { streamerId: 's2', displayName: '临沂大姐', gmv: 200_000_000n, orders: 300 },
    ],
    topCategories: [{ category: '农产品', gmv: 500_000_000n, orders: 600, netSales: 490_000_000n }],
    farm: sales(600, 500_000_000n, 10_000_000n),
    byPartyStatus: [
      { status: 'member', gmv: 100_000_000n, orders: 100, streamers: 2 },
      { status: 'none', gmv: 887_654_321n, orders: 1134, streamers: 5 },
    ],
  },
  farmerIncome: { income: 123_456_789n, households: 321, payments: 654, topVillages: [{ villageCode: '371302001001', income: 50_000_000n, households: 40 }] },
  partyBuilding: {
    committeesFounded: 1,
    branchesFounded: 3,
    committees: 2,
    branches: 9,
    streamersByPartyStatus: [
      { status: 'member', streamers: 2 },
      { status: 'applicant', streamers: 3 },
      { status: 'none', streamers: 5 },
    ],
    members: 2,
    applicants: 3,
  },
  training: { sessions: 4, trainees: 30, personTimes: 45, hours: 180, effect: { days: 30, streamers: 12, gmvBefore: 10_000_000n, gmvAfter: 15_000_000n, change: 0.5 } },
  parcels: { agreementsGranted: 2, parcels: 12_000, savings: 3_600_000n, byCarrier: [{ carrier: '中通快递', parcels: 12_000, savings: 3_600_000n }] },
  loans: { loans: 5, amount: 50_000_000n, interestSaved: 600_000n },
  appeals: { raised: 10, resolved: 8, open: 2, medianHoursToResolve: 20.5 },
  warmStations: { opened: 2, stations: 6 },
};
const park: AnnualFigures = {
  ...region,
  scope: { key: 'park-p1', kind: 'park', regionCode: '371302', name: '兰山电商园' },
  farmerIncome: null,
  training: null,
  parcels: null,
  loans: null,
  appeals: null,
};
const noSales: AnnualFigures = {
  ...region,
  sales: { ...region.sales, current: sales(0, 0n, 0n), topStreamers: [], topCategories: [], monthly: region.sales.monthly.map((mo) => ({ ...mo, orders: 0, gmv: 0n, netSales: 0n })) },
  farmerIncome: { income: 0n, households: 0, payments: 0, topVillages: [] },
  training: { ...region.training!, sessions: 0, personTimes: 0 },
  parcels: { agreementsGranted: 0, parcels: 0, savings: 0n, byCarrier: [] },
  loans: { loans: 0, amount: 0n, interestSaved: 0n },
  appeals: { raised: 0, resolved: 0, open: 0, medianHoursToResolve: null },
  warmStations: { opened: 0, stations: 6 },
};
const yearToDate: AnnualFigures = { ...region, year: 2026, period: yearPeriod(2026, new Date('2026-07-01T12:00:00+08:00')), training: { ...region.training!, effect: { ...region.training!.effect, change: null } } };
const nothing: AnnualFigures = { ...noSales, hasData: false };
const CASES = { region, park, noSales, yearToDate, nothing };
const at = new Date('2026-01-01T00:10:00+08:00');

/** The whole numbers a statement states (counts, and money in fen), to find in every language's words. */
const countsOf = (s: Statement): number[] =>
  Object.entries(s).flatMap(([key, v]) => (typeof v === 'number' && Number.isInteger(v) && !/change|share|YoY|hours/i.test(key) ? [v] : []));

describe('the annual narrative: one content model, a phrasebook per language', () => {
  it('gives both languages the same statements, in the same sections, with the same charts and tables', () => {
    for (const [name, f] of Object.entries(CASES)) {
      const content = summaryContent(f);
      const [zh, en] = LANGS.map((lang) => writeSummary(f, lang, at));
      expect(zh!.sections.map((s) => [s.id, s.paragraphs.length, s.charts, s.table?.rows]), name).toEqual(content.sections.map((s) => [s.id, s.statements.length, s.charts, en!.sections.find((e) => e.id === s.id)!.table?.rows]));
      expect(en!.sections.map((s) => [s.id, s.paragraphs.length, s.charts, s.table?.rows]), name).toEqual(zh!.sections.map((s) => [s.id, s.paragraphs.length, s.charts, s.table?.rows]));
      expect(Boolean(zh!.noData), name).toBe(Boolean(en!.noData));
      // Every count a statement makes is written out in both languages.
      for (const lang of LANGS) {
        const doc = writeSummary(f, lang, at);
        const texts = [doc.noData ?? doc.lead, ...doc.sections.flatMap((s) => s.paragraphs)];
        const statements = [content.lead, ...content.sections.flatMap((s) => s.statements)];
        statements.forEach((s, i) => {
          for (const n of countsOf(s)) expect(texts[i], `${name} ${lang} ${s.kind} states ${n}`).toContain(n.toLocaleString('en-US'));
        });
      }
    }
  });

  it('words every kind of statement in every language (the English lead names farmer income and parcel savings too)', () => {
    const kinds = new Set<StatementKind>();
    for (const f of Object.values(CASES)) {
      const c = summaryContent(f);
      for (const s of [c.lead, ...c.sections.flatMap((x) => x.statements)]) kinds.add(s.kind);
    }
    for (const lang of LANGS) expect(Object.keys(PHRASEBOOKS[lang].say).sort()).toEqual(Object.keys(PHRASEBOOKS['zh-CN'].say).sort());
    expect(summaryContent(region).lead).toMatchObject({ kind: 'lead', farmer: { households: 321, income: 123_456_789n }, parcelSavings: 3_600_000n });
    const zh = writeSummary(region, 'zh-CN', at).lead;
    const en = writeSummary(region, 'en', at).lead;
    expect(zh).toContain('带动321户农户增收123.46万元');
    expect(zh).toContain('节约寄递成本3.60万元');
    expect(en).toContain('brought 321 farming households 1.23 million yuan of income');
    expect(en).toContain('saved 36,000.00 yuan in parcel fees');
    expect(kinds.size, 'the cases reach most kinds').toBeGreaterThan(25);
  });
});

describe('the 口径 appendix', () => {
  it('lists every metric the text states, with its METRIC_DEFINITIONS definition and version, in both languages, HTML and JSON', () => {
    const content = summaryContent(region);
    expect(content.metrics.slice(0, 5)).toEqual(['gmv', 'gmv_yoy', 'households', 'farmer_paid', 'parcel_savings']);
    for (const id of ['orders', 'refunds', 'net_sales', 'gmv_per_order', 'selling_streamers', 'farmer_paid_per_household', 'branches_founded', 'trainees', 'loan_interest_saved']) expect(content.metrics, id).toContain(id);
    const defined = content.metrics.map((id) => METRIC_DEFINITIONS.find((d) => d.id === id)!);
    const zh = writeSummary(region, 'zh-CN', at).appendix!;
    const en = writeSummary(region, 'en', at).appendix!;
    expect(zh.rows.map((r) => r[0])).toEqual(defined.map((d) => `${d.nameZh} (${d.id})`));
    expect(en.rows.map((r) => r[0])).toEqual(defined.map((d) => `${d.nameEn} (${d.id})`));
    expect(zh.rows.map((r) => r.slice(1))).toEqual(en.rows.map((r) => r.slice(1)));
    expect(zh.rows.map((r) => r[4])).toEqual(defined.map((d) => `v${d.version}`));
    expect(zh.rows[0]![1]).toBe(defined[0]!.formula);

    const html = renderHtml(region, 'zh-CN', at);
    expect(html).toContain('<section id="definitions" class="appendix">');
    expect(html).toContain('附录：口径说明');
    expect(html.indexOf('附录：口径说明'), 'the summary ends with it').toBeGreaterThan(html.indexOf('六、暖新驿站建设情况'));
    expect(figuresToJson(region, at).definitions).toEqual(defined);

    // A park states no farmer income, parcels or loans: their definitions are not listed.
    expect(summaryContent(park).metrics).not.toContain('farmer_paid');
    expect(summaryContent(park).metrics).not.toContain('parcel_savings');
    // Nothing recorded, nothing stated, no appendix.
    expect(writeSummary(nothing, 'zh-CN', at).appendix).toBeUndefined();
    expect(figuresToJson(nothing, at).definitions).toEqual([]);
  });
});
