import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@redstream/schema';
import { farmerMetrics, liveMetricsBreakdown, liveMetricsSeries, liveMetricsSummary, NO_LIVE_FIGURES, type QueryContext } from '@redstream/queries';
import { startProjectedHarness, type Harness } from './harness.ts';
import { loadManifest } from '../src/persisted-operations.ts';

/**
 * A hand-computed set through the real projector (PGlite → chDB) and the query layer. Session s1
 * runs 23:50 on 18 June to 00:20 on 19 June (Asia/Shanghai): its orders after midnight stay with it
 * (and with 18 June, the day it started). Buyer A buys in both sessions, so the two days' buyers add
 * up to 4 while the period has 3. Every expected figure is worked out in the comments, not by code.
 */
const A = 'buyer-a-0000000000000000000000000';
const B = 'buyer-b-0000000000000000000000000';
const C = 'buyer-c-0000000000000000000000000';
const D = 'buyer-d-0000000000000000000000000';
const streamer = (streamerId: string, parkId: string): DomainEvent => ({
  type: 'StreamerRegistered',
  data: { streamerId, displayName: `主播${streamerId}`, platform: 'douyin', category: '农产品', regionCode: '371302001', followers: 10, partyStatus: 'none', registeredOn: '2024-01-01', parkId },
});
const start = (sessionId: string, streamerId: string, startedAt: string): DomainEvent => ({ type: 'LiveSessionStarted', data: { sessionId, streamerId, platform: 'douyin', title: sessionId, startedAt } });
const end = (sessionId: string, streamerId: string, endedAt: string): DomainEvent => ({ type: 'LiveSessionEnded', data: { sessionId, streamerId, endedAt } });
const sale = (orderId: string, streamerId: string, liveSessionId: string, occurredAt: string, amountFen: number, buyerRef: string): DomainEvent => ({
  type: 'SaleRecorded',
  data: { orderId, streamerId, occurredAt, product: '苹果', category: '农产品', quantity: 1, amountFen, liveSessionId, buyerRef },
});
type Audience = { onlineNow: number; views: number; viewers: number; productClickUsers?: number; watchSeconds?: number; newFollowers?: number };
const seen = (sessionId: string, streamerId: string, at: string, a: Audience): DomainEvent => ({ type: 'LiveAudienceReported', data: { sessionId, streamerId, at, ...a } });
const paid = (paymentId: string, householdId: string, villageCode: string, amountFen: number, paidOn: string, produce?: { quantity: number }): DomainEvent => ({
  type: 'FarmerPaid',
  data: { paymentId, householdId, villageCode, amountFen, paidOn, ...(produce ? { quantity: produce.quantity, unit: '斤', product: '沂蒙山苹果' } : {}) },
});
const V = '371302001001';

const EVENTS: DomainEvent[] = [
  streamer('g1', 'p-a'),
  streamer('g2', 'p-b'),
  // A year earlier (2024-06-18): 1,000 fen, 1 buyer, 50 UV, 80 PV.
  start('ly', 'g1', '2024-06-18T20:00:00+08:00'),
  seen('ly', 'g1', '2024-06-18T20:30:00+08:00', { onlineNow: 10, views: 80, viewers: 50 }),
  sale('o7', 'g1', 'ly', '2024-06-18T20:40:00+08:00', 1_000, D),
  end('ly', 'g1', '2024-06-18T21:00:00+08:00'),
  // The period before (2025-06-17): 2,000 fen, 1 buyer, 100 UV, 150 PV, no clicks reported.
  start('s0', 'g1', '2025-06-17T20:00:00+08:00'),
  seen('s0', 'g1', '2025-06-17T20:30:00+08:00', { onlineNow: 30, views: 150, viewers: 100 }),
  sale('o6', 'g1', 's0', '2025-06-17T20:40:00+08:00', 2_000, A),
  end('s0', 'g1', '2025-06-17T21:00:00+08:00'),
  // s1 across midnight.
  start('s1', 'g1', '2025-06-18T23:50:00+08:00'),
  seen('s1', 'g1', '2025-06-18T23:55:00+08:00', { onlineNow: 100, views: 300, viewers: 200, productClickUsers: 20, watchSeconds: 6_000, newFollowers: 5 }),
  sale('o1', 'g1', 's1', '2025-06-18T23:58:00+08:00', 3_990, A),
  sale('o2', 'g1', 's1', '2025-06-18T16:05:00Z', 8_010, B), // 00:05 on 19 June in Shanghai
  seen('s1', 'g1', '2025-06-19T00:10:00+08:00', { onlineNow: 400, views: 2_000, viewers: 1_000, productClickUsers: 100, watchSeconds: 120_000, newFollowers: 30 }),
  sale('o3', 'g1', 's1', '2025-06-19T00:15:00+08:00', 2_000, A),
  end('s1', 'g1', '2025-06-19T00:20:00+08:00'),
  // s2 on 19 June, another streamer and park.
  start('s2', 'g2', '2025-06-19T20:00:00+08:00'),
  sale('o4', 'g2', 's2', '2025-06-19T20:10:00+08:00', 5_000, A),
  sale('o5', 'g2', 's2', '2025-06-19T20:20:00+08:00', 1_000, C),
  seen('s2', 'g2', '2025-06-19T20:30:00+08:00', { onlineNow: 50, views: 500, viewers: 400, productClickUsers: 40, watchSeconds: 40_000, newFollowers: 10 }),
  { type: 'SaleRefunded', data: { orderId: 'o5', amountFen: 1_000, occurredAt: '2025-06-19T20:40:00+08:00' } },
  end('s2', 'g2', '2025-06-19T21:00:00+08:00'),
  { type: 'SaleRefunded', data: { orderId: 'o2', amountFen: 1_000, occurredAt: '2025-06-21T10:00:00+08:00' } },
  // 11 November 2023: two sessions whose audience counters add up past 2^32 (GraphQL's Int stops at 2^31).
  start('d1', 'g2', '2023-11-11T20:00:00+08:00'),
  seen('d1', 'g2', '2023-11-11T20:30:00+08:00', { onlineNow: 3_000_000, views: 2_500_000_000, viewers: 1_600_000_000 }),
  end('d1', 'g2', '2023-11-11T21:00:00+08:00'),
  start('d2', 'g2', '2023-11-11T22:00:00+08:00'),
  seen('d2', 'g2', '2023-11-11T22:30:00+08:00', { onlineNow: 2_000_000, views: 2_500_000_000, viewers: 1_600_000_000 }),
  end('d2', 'g2', '2023-11-11T23:00:00+08:00'),
  // Reference prices: the county's, and a more specific one for village V (which wins there).
  { type: 'ProduceReferencePriceSet', data: { regionCode: '371302', product: '沂蒙山苹果', unit: '斤', priceFen: 250, validFrom: '2025-01-01', validTo: '2025-12-31' } },
  { type: 'ProduceReferencePriceSet', data: { regionCode: '371302001', product: '沂蒙山苹果', unit: '斤', priceFen: 257, validFrom: '2025-06-19', validTo: '2025-12-31' } },
  paid('fp1', 'h1', V, 350_000, '2025-06-18', { quantity: 1_000 }), // ref 250 (the town's price starts on the 19th): 350,000 − 250,000 = 100,000
  paid('fp2', 'h2', V, 12_345, '2025-06-19', { quantity: 33.3 }), // ref 257: 257 × 33.3 = 8,558.1 → 8,558; 12,345 − 8,558 = 3,787
  paid('fp3', 'h3', V, 10_000, '2025-06-19'), // no quantity: paid, no premium
  paid('fp4', 'h1', V, 1_000, '2025-06-19', { quantity: 10 }), // ref 257: 1,000 − 2,570 = −1,570
  paid('fp5', 'h1', V, 300_000, '2024-06-18'), // a year earlier: h1 had 300,000, now 351,000 (rose)
  paid('fp6', 'h3', V, 20_000, '2024-06-19'), // h3 had 20,000, now 10,000 (fell)
];

describe('live and farmer metrics on a hand-computed set, across an Asia/Shanghai midnight', () => {
  let ctx: QueryContext;
  let h: Harness;
  let close = async () => {};

  beforeAll(async () => {
    ({ ctx, h, close } = await startProjectedHarness('redstream-live-metrics-', EVENTS, 5));
  }, 300_000); // batches of 5 (every batch boundary exercised), each with its derived statements: minutes on a loaded machine

  afterAll(() => close());

  // 2025-06-18 (s1): GMV 3,990 + 8,010 + 2,000 = 14,000; 3 orders, o2 refunded 1,000; buyers A, B;
  // PV 2,000, UV 1,000, clicks 100, watch 120,000 s, followers 30, peak 400.
  const june18 = {
    sessions: 1, gmvFen: 14_000n, netSalesFen: 13_000n, orders: 3, buyers: 2, pcu: 400, views: 2_000, viewers: 1_000,
    avgWatchSeconds: 120, // 120,000 ÷ 1,000
    uvValueFen: 14n, // 14,000 ÷ 1,000
    gpmPvFen: 7_000n, // 14,000 × 1000 ÷ 2,000
    gpmUvFen: 14_000n, // 14,000 × 1000 ÷ 1,000
    viewConversionBp: 20, // 2 ÷ 1,000
    clickConversionBp: 200, // 2 ÷ 100
    avgOrderValueFen: 7_000n, // 14,000 ÷ 2
    refundRateBp: 3_333, // 1 ÷ 3
    followerGain: 30,
  };
  // 2025-06-19 (s2): GMV 6,000; 2 orders, o5 refunded in full; buyers A, C; PV 500, UV 400, clicks 40.
  const june19 = {
    sessions: 1, gmvFen: 6_000n, netSalesFen: 5_000n, orders: 2, buyers: 2, pcu: 50, views: 500, viewers: 400,
    avgWatchSeconds: 100, uvValueFen: 15n, gpmPvFen: 12_000n, gpmUvFen: 15_000n,
    viewConversionBp: 50, // 2 ÷ 400
    clickConversionBp: 500, // 2 ÷ 40
    avgOrderValueFen: 3_000n, refundRateBp: 5_000, followerGain: 10,
  };
  // 2025-06-17 (s0): no clicks reported, so no click conversion.
  const june17 = {
    sessions: 1, gmvFen: 2_000n, netSalesFen: 2_000n, orders: 1, buyers: 1, pcu: 30, views: 150, viewers: 100, avgWatchSeconds: 0,
    uvValueFen: 20n, gpmPvFen: 13_333n /* 2,000,000 ÷ 150 = 13,333.3 */, gpmUvFen: 20_000n, viewConversionBp: 100, clickConversionBp: null,
    avgOrderValueFen: 2_000n, refundRateBp: 0, followerGain: 0,
  };
  const lastYear = {
    sessions: 1, gmvFen: 1_000n, netSalesFen: 1_000n, orders: 1, buyers: 1, pcu: 10, views: 80, viewers: 50, avgWatchSeconds: 0,
    uvValueFen: 20n, gpmPvFen: 12_500n, gpmUvFen: 20_000n, viewConversionBp: 200, clickConversionBp: null, avgOrderValueFen: 1_000n, refundRateBp: 0, followerGain: 0,
  };

  it('gives the period\'s figures (both days) to the fen, with the period before and a year earlier', async () => {
    expect(await liveMetricsSummary(ctx, { from: '2025-06-18', to: '2025-06-19', regionCode: '371302' })).toEqual({
      sessions: 2,
      gmvFen: 20_000n,
      netSalesFen: 18_000n,
      orders: 5,
      buyers: 3, // A, B, C: A bought on both days, once here
      pcu: 400, // the higher session peak
      views: 2_500,
      viewers: 1_400,
      avgWatchSeconds: 114, // 160,000 ÷ 1,400 = 114.29
      uvValueFen: 14n, // 20,000 ÷ 1,400 = 14.29
      gpmPvFen: 8_000n, // 20,000,000 ÷ 2,500
      gpmUvFen: 14_286n, // 20,000,000 ÷ 1,400 = 14,285.71
      viewConversionBp: 21, // 3 ÷ 1,400 = 21.43 bp
      clickConversionBp: 214, // 3 ÷ 140 = 214.29 bp
      avgOrderValueFen: 6_667n, // 20,000 ÷ 3
      refundRateBp: 4_000, // 2 ÷ 5
      followerGain: 40,
      previousPeriod: june17, // 16–17 June: only s0
      samePeriodLastYear: lastYear,
    });
  });

  it('splits by the Shanghai day a session started, each day with the day before and a year earlier', async () => {
    const series = await liveMetricsSeries(ctx, { from: '2025-06-18', to: '2025-06-19' }, 'DAY');
    expect(series).toEqual([
      { bucket: '2025-06-18', ...june18, previousPeriod: june17, samePeriodLastYear: lastYear },
      { bucket: '2025-06-19', ...june19, previousPeriod: june18, samePeriodLastYear: NO_LIVE_FIGURES },
    ]);
    expect(series[0]!.buyers + series[1]!.buyers).toBe(4);
    expect(NO_LIVE_FIGURES).toMatchObject({ uvValueFen: null, gpmPvFen: null, gpmUvFen: null, viewConversionBp: null, clickConversionBp: null, avgOrderValueFen: null, refundRateBp: null, avgWatchSeconds: null });
    const months = await liveMetricsSeries(ctx, { from: '2025-06-01', to: '2025-06-30' }, 'MONTH');
    expect(months.map((m) => [m.bucket, m.sessions, m.gmvFen, m.buyers, m.previousPeriod.sessions, m.samePeriodLastYear.gmvFen])).toEqual([['2025-06-01', 3, 22_000n, 3, 0, 1_000n]]);
  });

  it('ranks streamers, parks, regions and platforms with their own comparisons', async () => {
    const filter = { from: '2025-06-18', to: '2025-06-19' };
    const streamers = await liveMetricsBreakdown(ctx, filter, 'STREAMER');
    expect(streamers.map((r) => [r.key, r.label, r.gmvFen, r.buyers, r.previousPeriod?.gmvFen, r.samePeriodLastYear?.gmvFen])).toEqual([
      ['g1', '主播g1', 14_000n, 2, 2_000n, 1_000n],
      ['g2', '主播g2', 6_000n, 2, 0n, 0n],
    ]);
    expect(streamers[0]).toMatchObject({ ...june18, previousPeriod: june17, samePeriodLastYear: lastYear });
    expect((await liveMetricsBreakdown(ctx, filter, 'PARK')).map((r) => [r.key, r.gmvFen])).toEqual([['p-a', 14_000n], ['p-b', 6_000n]]);
    expect((await liveMetricsBreakdown(ctx, filter, 'REGION', { regionLevel: 'TOWN' })).map((r) => [r.key, r.buyers, r.viewers])).toEqual([['371302001', 3, 1_400]]);
    expect((await liveMetricsBreakdown(ctx, filter, 'PLATFORM')).map((r) => [r.key, r.sessions])).toEqual([['douyin', 2]]);
  });

  it('gives farmers\' paid, premium over the reference price, households and who earned more than a year ago, to the fen', async () => {
    const m = await farmerMetrics(ctx, { from: '2025-06-18', to: '2025-06-19', regionCode: '371302' });
    expect(m).toMatchObject({
      paidFen: 373_345n, // 350,000 + 12,345 + 10,000 + 1,000
      premiumFen: 102_217n, // 100,000 + 3,787 − 1,570
      pricedPayments: 3,
      payments: 4,
      households: 3,
      paidPerHouseholdFen: 124_448n, // 373,345 ÷ 3 = 124,448.33
      householdsIncomeRose: 1, // h1: 351,000 > 300,000; h3: 10,000 < 20,000; h2 was not paid a year ago
      householdsComparable: 2,
    });
    expect(m.samePeriodLastYear).toMatchObject({ paidFen: 320_000n, premiumFen: 0n, pricedPayments: 0, households: 2, paidPerHouseholdFen: 160_000n });
    expect(m.previousPeriod).toMatchObject({ paidFen: 0n, households: 0, paidPerHouseholdFen: null });
    // One day: the 18th alone (the town's price is not valid yet).
    expect(await farmerMetrics(ctx, { from: '2025-06-18', to: '2025-06-18' })).toMatchObject({ paidFen: 350_000n, premiumFen: 100_000n, householdsIncomeRose: 1, householdsComparable: 1 });
  });

  it('answers over GraphQL, ratios null over nothing, within the key\'s region', async () => {
    const r = await h.gql(
      `{ liveMetrics(filter: { from: "2025-06-18", to: "2025-06-19" }) { sessions gmv uvValue gpmOverViews gpmOverViewers viewConversionBp clickConversionBp avgOrderValue refundRateBp
           previousPeriod { gmv clickConversionBp } }
         empty: liveMetrics(filter: { from: "2020-01-01", to: "2020-01-02" }) { sessions uvValue gpmOverViews refundRateBp avgOrderValue }
         farmerMetrics(filter: { from: "2025-06-18", to: "2025-06-19" }) { paid premium households paidPerHousehold householdsIncomeRose } }`,
      {},
      'lanshan',
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data).toEqual({
      liveMetrics: { sessions: 2, gmv: '200.00', uvValue: '0.14', gpmOverViews: '80.00', gpmOverViewers: '142.86', viewConversionBp: 21, clickConversionBp: 214, avgOrderValue: '66.67', refundRateBp: 4000, previousPeriod: { gmv: '20.00', clickConversionBp: null } },
      empty: { sessions: 0, uvValue: null, gpmOverViews: null, refundRateBp: null, avgOrderValue: null },
      farmerMetrics: { paid: '3733.45', premium: '1022.17', households: 3, paidPerHousehold: '1244.48', householdsIncomeRose: 1 },
    });
    const outside = await h.gql('{ liveMetrics(filter: { regionCode: "370102" }) { sessions } }', {}, 'lanshan');
    expect(outside.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('gives audience counts past 2^31 over GraphQL exactly (SafeInt)', async () => {
    const r = await h.gql('{ liveMetrics(filter: { from: "2023-11-11", to: "2023-11-11" }) { sessions views viewers pcu } }', {}, 'lanshan');
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.liveMetrics).toEqual({ sessions: 2, views: 5_000_000_000, viewers: 3_200_000_000, pcu: 3_000_000 });
  });

  it('gives a screen the streamers\' session figures as the persisted screen-live-streamers operation', async () => {
    const [hash] = [...loadManifest()].find(([, doc]) => doc.includes('query ScreenLiveStreamers'))!;
    const response = await h.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.keys.screen}` },
      payload: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, variables: { filter: { from: '2025-06-18', to: '2025-06-19' }, limit: 5 } }),
    });
    expect(response.json().data.liveMetricsBreakdown.map((r: { key: string; gmv: string; uvValue: string }) => [r.key, r.gmv, r.uvValue])).toEqual([
      ['g1', '140.00', '0.14'],
      ['g2', '60.00', '0.15'],
    ]);
  });
});
