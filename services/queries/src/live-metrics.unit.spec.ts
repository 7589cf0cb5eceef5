import { describe, expect, it } from 'vitest';
import { shanghaiDay } from '@redstream/schema';
import { farmerPremium, liveMetrics, type LiveTotals } from './live-metrics.ts';
import { METRIC_CHANGES, METRIC_DEFINITIONS } from './metric-definitions.ts';
import { metricFingerprint } from './metric-fingerprint.ts';
import versions from './metric-definitions.versions.json' with { type: 'json' };

/**
 * A hand-computed session across an Asia/Shanghai midnight: ls-1 runs 23:50 on 18 June to 00:10 on
 * 19 June (15:50–16:10 UTC, all on 18 June in UTC). Every expected figure below was worked out by
 * hand from these facts, not by the code under test.
 */
const A = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const B = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const SALES = [
  { orderId: 'o1', occurredAt: '2025-06-18T23:55:00+08:00', amountFen: 3_990, buyerRef: A },
  { orderId: 'o2', occurredAt: '2025-06-18T16:02:00Z', amountFen: 7_980, buyerRef: A }, // 00:02 on 19 June in Shanghai
  { orderId: 'o3', occurredAt: '2025-06-19T00:03:00+08:00', amountFen: 3_990, buyerRef: B },
];
const REFUNDS = [{ orderId: 'o3', amountFen: 1_000 }];
// The session's last snapshot (cumulative counters) and its peak online.
const AUDIENCE = { pcu: 480, views: 2_000, viewers: 1_200, productClickUsers: 120, watchSeconds: 150_000, newFollowers: 35 };

function totals(sales: typeof SALES): LiveTotals {
  const ids = new Set(sales.map((s) => s.orderId));
  const refunds = REFUNDS.filter((r) => ids.has(r.orderId));
  return {
    gmvFen: BigInt(sales.reduce((sum, s) => sum + s.amountFen, 0)),
    refundedFen: BigInt(refunds.reduce((sum, r) => sum + r.amountFen, 0)),
    orders: sales.length,
    refundedOrders: new Set(refunds.map((r) => r.orderId)).size,
    buyers: new Set(sales.map((s) => s.buyerRef)).size,
    ...AUDIENCE,
  };
}

describe('live-session metrics to the fen', () => {
  it('gives the session figures by their definitions', () => {
    expect(liveMetrics(totals(SALES))).toEqual({
      gmvFen: 15_960n,
      netSalesFen: 14_960n,
      orders: 3,
      buyers: 2,
      pcu: 480,
      views: 2_000,
      viewers: 1_200,
      avgWatchSeconds: 125, // 150,000 s ÷ 1,200
      uvValueFen: 13n, // 15,960 ÷ 1,200 = 13.3
      gpmPvFen: 7_980n, // 15,960 × 1000 ÷ 2,000
      gpmUvFen: 13_300n, // 15,960 × 1000 ÷ 1,200
      viewConversionBp: 17, // 2 ÷ 1,200 = 16.67 bp
      clickConversionBp: 167, // 2 ÷ 120 = 166.67 bp
      avgOrderValueFen: 7_980n, // 15,960 ÷ 2
      refundRateBp: 3_333, // 1 ÷ 3
      followerGain: 35,
    });
  });

  it('splits sales at the Shanghai midnight, and counts a buyer of both days once over the period', () => {
    const days = new Map<string, typeof SALES>();
    for (const s of SALES) days.set(shanghaiDay(s.occurredAt), [...(days.get(shanghaiDay(s.occurredAt)) ?? []), s]);
    expect([...days.keys()]).toEqual(['2025-06-18', '2025-06-19']);
    const d18 = liveMetrics(totals(days.get('2025-06-18')!));
    const d19 = liveMetrics(totals(days.get('2025-06-19')!));
    expect([d18.gmvFen, d18.orders, d18.buyers, d18.avgOrderValueFen, d18.refundRateBp]).toEqual([3_990n, 1, 1, 3_990n, 0]);
    expect([d19.gmvFen, d19.netSalesFen, d19.orders, d19.buyers, d19.avgOrderValueFen, d19.refundRateBp]).toEqual([11_970n, 10_970n, 2, 2, 5_985n, 5_000]);
    expect(d18.buyers + d19.buyers).toBe(3);
    expect(liveMetrics(totals(SALES)).buyers).toBe(2);
  });

  it('gives no ratio over a zero denominator', () => {
    const none = liveMetrics({ ...totals([]), pcu: 0, views: 0, viewers: 0, productClickUsers: 0, watchSeconds: 0, newFollowers: 0 });
    expect([none.uvValueFen, none.gpmPvFen, none.gpmUvFen, none.viewConversionBp, none.clickConversionBp, none.avgOrderValueFen, none.refundRateBp, none.avgWatchSeconds]).toEqual([
      null, null, null, null, null, null, null, null,
    ]);
  });
});

describe('farmer premium', () => {
  it('is paid − reference × quantity over the payments with a reference price, to the fen', () => {
    expect(
      farmerPremium([
        { householdId: 'h1', paidFen: 350_000n, quantity: 1_000, referencePriceFen: 250n }, // 350,000 − 250,000 = 100,000
        { householdId: 'h2', paidFen: 12_345n, quantity: 33.3, referencePriceFen: 257n }, // 257 × 33.3 = 8,558.1 → 8,558; 12,345 − 8,558 = 3,787
        { householdId: 'h3', paidFen: 10_000n, quantity: 40, referencePriceFen: null }, // no reference: paid, but no premium to tell
        { householdId: 'h1', paidFen: 1_000n, quantity: 10, referencePriceFen: 250n }, // sold below the reference: −1,500
      ]),
    ).toEqual({ paidFen: 373_345n, premiumFen: 102_287n, households: 3, pricedPayments: 3 });
  });
});

describe('metric definitions (口径)', () => {
  it('define every metric once, with both names, a formula, sources and a version', () => {
    const ids = METRIC_DEFINITIONS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of METRIC_DEFINITIONS) {
      expect(m.nameZh && m.nameEn && m.formula && m.numerator, m.id).toBeTruthy();
      expect(m.sourceEvents.length, m.id).toBeGreaterThan(0);
      expect(m.version, m.id).toBeGreaterThanOrEqual(1);
    }
    // GPM over views and over viewers are different figures, labelled apart.
    const gpm = METRIC_DEFINITIONS.filter((m) => m.id.startsWith('gpm_'));
    expect(gpm.map((m) => m.denominator)).toEqual(['views (PV)', 'viewers (UV)']);
    expect(new Set(gpm.map((m) => m.nameZh)).size).toBe(2);
  });

  it('record every version after the first as a change, so no definition changes silently', () => {
    for (const m of METRIC_DEFINITIONS) {
      const changes = METRIC_CHANGES.filter((c) => c.id === m.id).map((c) => c.version);
      expect(changes, m.id).toEqual(Array.from({ length: m.version - 1 }, (_, i) => i + 2));
    }
  });

  it('say what they said when their version was recorded (metric-definitions.versions.json)', () => {
    const recorded: Record<string, Record<string, string>> = versions;
    for (const m of METRIC_DEFINITIONS) {
      const hash = recorded[m.id]?.[`v${m.version}`];
      const why = `${m.id} v${m.version}: a changed definition is a new version — raise its version, add a METRIC_CHANGES entry, and record the new version's fingerprint beside the old ones`;
      expect(metricFingerprint(m), why).toBe(hash);
    }
    // A definition edited without a new version is caught: its fingerprint is another.
    const gmv = METRIC_DEFINITIONS.find((m) => m.id === 'gmv')!;
    expect(metricFingerprint({ ...gmv, formula: 'Σ amountFen of the orders, less refunds' })).not.toBe(recorded.gmv!.v1);
  });
});
