import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@redstream/schema';
import { openProjectedLog, type ProjectedLog } from '../../../test-support/projected-log.ts';

/**
 * Sessions, audience snapshots, buyers and reference prices through the real projector (PGlite log,
 * chDB), in batches of 2 so the per-session summary is built from partial rows: the merged row per
 * session equals the session's peak and final counters, its sales, refunds and buyers.
 */
const BUYER_A = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const BUYER_B = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const snapshot = (at: string, onlineNow: number, views: number, viewers: number, watchSeconds: number): DomainEvent => ({
  type: 'LiveAudienceReported',
  data: { sessionId: 'ls-1', streamerId: 'lv1', at, onlineNow, views, viewers, watchSeconds, productClickUsers: Math.floor(viewers / 10) },
});
const EVENTS: DomainEvent[] = [
  {
    type: 'StreamerRegistered',
    data: { streamerId: 'lv1', displayName: '主播', platform: 'douyin', category: '农产品', regionCode: '371302001', followers: 10, partyStatus: 'none', registeredOn: '2025-01-01', parkId: 'p-live' },
  },
  { type: 'LiveSessionStarted', data: { sessionId: 'ls-1', streamerId: 'lv1', platform: 'douyin', title: '跨夜专场', startedAt: '2025-06-18T23:50:00+08:00' } },
  snapshot('2025-06-18T23:51:00+08:00', 120, 300, 200, 6_000),
  snapshot('2025-06-18T23:59:00+08:00', 480, 1_500, 900, 90_000),
  snapshot('2025-06-19T00:05:00+08:00', 350, 2_000, 1_200, 150_000),
  { type: 'SaleRecorded', data: { orderId: 'lo-1', streamerId: 'lv1', occurredAt: '2025-06-18T23:55:00+08:00', product: '苹果', category: '农产品', quantity: 1, amountFen: 3_990, liveSessionId: 'ls-1', buyerRef: BUYER_A } },
  { type: 'SaleRecorded', data: { orderId: 'lo-2', streamerId: 'lv1', occurredAt: '2025-06-19T00:02:00+08:00', product: '苹果', category: '农产品', quantity: 2, amountFen: 7_980, liveSessionId: 'ls-1', buyerRef: BUYER_A } },
  { type: 'SaleRecorded', data: { orderId: 'lo-3', streamerId: 'lv1', occurredAt: '2025-06-19T00:03:00+08:00', product: '苹果', category: '农产品', quantity: 1, amountFen: 3_990, liveSessionId: 'ls-1', buyerRef: BUYER_B } },
  { type: 'LiveSessionEnded', data: { sessionId: 'ls-1', streamerId: 'lv1', endedAt: '2025-06-19T00:10:00+08:00' } },
  // A sale outside any session, and refunds: lo-2 in part the next day and again 5 days after the session, lo-4 (no session).
  { type: 'SaleRecorded', data: { orderId: 'lo-4', streamerId: 'lv1', occurredAt: '2025-06-19T09:00:00+08:00', product: '苹果', category: '农产品', quantity: 1, amountFen: 1_000, buyerRef: BUYER_B } },
  { type: 'SaleRefunded', data: { orderId: 'lo-2', amountFen: 1_000, occurredAt: '2025-06-20T10:00:00+08:00' } },
  { type: 'SaleRefunded', data: { orderId: 'lo-4', amountFen: 1_000, occurredAt: '2025-06-20T11:00:00+08:00' } },
  { type: 'SaleRefunded', data: { orderId: 'lo-2', amountFen: 2_000, occurredAt: '2025-06-23T23:30:00+08:00' } },
  // A session with neither sales nor audience: still a session of its day.
  { type: 'LiveSessionStarted', data: { sessionId: 'ls-2', streamerId: 'lv1', platform: 'douyin', title: '早场', startedAt: '2025-06-24T08:00:00+08:00' } },
  { type: 'ProduceReferencePriceSet', data: { regionCode: '371302', product: '沂蒙山苹果', unit: '斤', priceFen: 250, validFrom: '2025-01-01', validTo: '2025-12-31' } },
  { type: 'FarmerPaid', data: { paymentId: 'lp-1', householdId: 'lh-1', villageCode: '371302001001', amountFen: 350_000, paidOn: '2025-07-01', quantity: 1000, unit: '斤', product: '沂蒙山苹果' } },
  { type: 'FarmerPaid', data: { paymentId: 'lp-2', householdId: 'lh-2', villageCode: '371302001001', amountFen: 10_000, paidOn: '2025-07-01' } },
];

describe('live sessions, audience, buyers and reference prices on the real projector', () => {
  let log: ProjectedLog;

  beforeAll(async () => {
    log = await openProjectedLog('redstream-live-', { events: EVENTS, idPrefix: 'live', batchSize: 2, flushIntervalMs: 20 });
  }, 120_000);

  afterAll(() => log?.close());

  const rows = (query: string) => log.rows(query);

  it('keeps the session with its streamer\'s region and park, its start and end', async () => {
    expect(await rows(`SELECT session_id, streamer_id, platform, county, park_id, toString(started_at) AS s, toString(day) AS d FROM live_sessions_raw FINAL WHERE session_id = 'ls-1'`)).toEqual([
      { session_id: 'ls-1', streamer_id: 'lv1', platform: 'douyin', county: '371302', park_id: 'p-live', s: '2025-06-18 23:50:00.000', d: '2025-06-18' },
    ]);
    expect(await rows(`SELECT session_id, toString(ended_at) AS e FROM live_session_ends_raw FINAL`)).toEqual([{ session_id: 'ls-1', e: '2025-06-19 00:10:00.000' }]);
  });

  it('counts distinct buyers per session and per Shanghai day', async () => {
    expect(await rows(`SELECT live_session_id, toUInt64(uniqExact(buyer_ref)) AS b, toInt64(sum(amount_fen)) AS g FROM sale_buyers_raw FINAL GROUP BY live_session_id ORDER BY live_session_id`)).toEqual([
      { live_session_id: '', b: 1, g: 1000 },
      { live_session_id: 'ls-1', b: 2, g: 15960 },
    ]);
    expect(await rows(`SELECT toString(day) AS d, toUInt64(uniqExact(buyer_ref)) AS b FROM sale_buyers_raw FINAL GROUP BY day ORDER BY day`)).toEqual([
      { d: '2025-06-18', b: 1 },
      { d: '2025-06-19', b: 2 },
    ]);
  });

  it('sums each session into one row of the day it started: sales, refunds (also one 5 days later, by the order\'s session), buyers, peak online and final counters', async () => {
    expect(await rows(`SELECT toString(day) AS d, region_code, streamer_id, session_id, platform, park_id, county, toUInt64(sum(orders)) AS o, toInt64(sum(gmv_fen)) AS g,
        toInt64(sum(refunds_fen)) AS rf, toUInt64(uniqExactMerge(refunded_orders)) AS ro, toUInt64(uniqExactMerge(buyers)) AS b, toUInt64(max(pcu)) AS pcu,
        toUInt64(max(views)) AS pv, toUInt64(max(viewers)) AS uv, toUInt64(max(watch_seconds)) AS w, toUInt64(max(product_click_users)) AS clicks
      FROM live_session_summary GROUP BY day, region_code, streamer_id, session_id, platform, park_id, county ORDER BY day`)).toEqual([
      { d: '2025-06-18', region_code: '371302001', streamer_id: 'lv1', session_id: 'ls-1', platform: 'douyin', park_id: 'p-live', county: '371302', o: 3, g: 15960, rf: 3000, ro: 1, b: 2, pcu: 480, pv: 2000, uv: 1200, w: 150000, clicks: 120 },
      { d: '2025-06-24', region_code: '371302001', streamer_id: 'lv1', session_id: 'ls-2', platform: 'douyin', park_id: 'p-live', county: '371302', o: 0, g: 0, rf: 0, ro: 0, b: 0, pcu: 0, pv: 0, uv: 0, w: 0, clicks: 0 },
    ]);
  });

  it('keeps reference prices and the payments that say what they paid for', async () => {
    expect(await rows(`SELECT region_code, product, unit, price_fen FROM produce_reference_prices FINAL`)).toEqual([{ region_code: '371302', product: '沂蒙山苹果', unit: '斤', price_fen: 250 }]);
    expect(await rows(`SELECT payment_id, county, amount_fen, quantity, unit, product FROM farmer_payment_quantities FINAL`)).toEqual([
      { payment_id: 'lp-1', county: '371302', amount_fen: 350000, quantity: 1000, unit: '斤', product: '沂蒙山苹果' },
    ]);
  });
});
