import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '@redstream/schema';
import { openProjected, type ProjectedStores } from './projected.ts';
import { liveSessions, type QueryContext } from '@redstream/queries';

/**
 * One session across an Asia/Shanghai midnight, through the real projector (PGlite, chDB) and the
 * query layer: every figure equals the hand-computed one in live-metrics.unit.spec.ts (same facts).
 */
const A = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const B = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const sale = (orderId: string, occurredAt: string, amountFen: number, buyerRef: string): DomainEvent => ({
  type: 'SaleRecorded',
  data: { orderId, streamerId: 'lv1', occurredAt, product: '苹果', category: '农产品', quantity: 1, amountFen, liveSessionId: 'ls-1', buyerRef },
});
const EVENTS: DomainEvent[] = [
  {
    type: 'StreamerRegistered',
    data: { streamerId: 'lv1', displayName: '主播', platform: 'douyin', category: '农产品', regionCode: '371302001', followers: 10, partyStatus: 'none', registeredOn: '2025-01-01', parkId: 'p-live' },
  },
  { type: 'LiveSessionStarted', data: { sessionId: 'ls-1', streamerId: 'lv1', platform: 'douyin', title: '跨夜专场', startedAt: '2025-06-18T23:50:00+08:00' } },
  { type: 'LiveAudienceReported', data: { sessionId: 'ls-1', streamerId: 'lv1', at: '2025-06-18T23:51:00+08:00', onlineNow: 120, views: 300, viewers: 200, productClickUsers: 20, watchSeconds: 6_000, newFollowers: 5 } },
  sale('o1', '2025-06-18T23:55:00+08:00', 3_990, A),
  { type: 'LiveAudienceReported', data: { sessionId: 'ls-1', streamerId: 'lv1', at: '2025-06-18T23:59:00+08:00', onlineNow: 480, views: 1_500, viewers: 900, productClickUsers: 90, watchSeconds: 90_000, newFollowers: 20 } },
  sale('o2', '2025-06-18T16:02:00Z', 7_980, A),
  sale('o3', '2025-06-19T00:03:00+08:00', 3_990, B),
  { type: 'LiveAudienceReported', data: { sessionId: 'ls-1', streamerId: 'lv1', at: '2025-06-19T00:05:00+08:00', onlineNow: 350, views: 2_000, viewers: 1_200, productClickUsers: 120, watchSeconds: 150_000, newFollowers: 35 } },
  { type: 'LiveSessionEnded', data: { sessionId: 'ls-1', streamerId: 'lv1', endedAt: '2025-06-19T00:10:00+08:00' } },
  { type: 'SaleRefunded', data: { orderId: 'o3', amountFen: 1_000, occurredAt: '2025-06-20T10:00:00+08:00' } },
];

describe('liveSessions on the real projector', () => {
  let stores: ProjectedStores;
  let ctx: QueryContext;

  beforeAll(async () => {
    stores = await openProjected('redstream-live-q-', EVENTS, 3);
    ctx = stores.ctx;
  }, 120_000);

  afterAll(async () => {
    await stores?.close({ closeClickHouse: true });
  });

  it('gives the session\'s figures to the fen', async () => {
    expect(await liveSessions(ctx, { from: '2025-06-18', to: '2025-06-18', regionCode: '371302' })).toEqual([
      {
        sessionId: 'ls-1',
        streamerId: 'lv1',
        platform: 'douyin',
        title: '跨夜专场',
        parkId: 'p-live',
        regionCode: '371302001',
        startedAt: '2025-06-18 23:50:00.000',
        endedAt: '2025-06-19 00:10:00.000',
        gmvFen: 15_960n,
        netSalesFen: 14_960n,
        orders: 3,
        buyers: 2,
        pcu: 480,
        views: 2_000,
        viewers: 1_200,
        avgWatchSeconds: 125,
        uvValueFen: 13n,
        gpmPvFen: 7_980n,
        gpmUvFen: 13_300n,
        viewConversionBp: 17,
        clickConversionBp: 167,
        avgOrderValueFen: 7_980n,
        refundRateBp: 3_333,
        followerGain: 35,
      },
    ]);
  });

  it('finds sessions by the Shanghai day they started, by streamer and park', async () => {
    expect(await liveSessions(ctx, { from: '2025-06-19', to: '2025-06-19' })).toEqual([]);
    expect((await liveSessions(ctx, { streamerId: 'lv1', parkId: 'p-live' })).map((s) => s.sessionId)).toEqual(['ls-1']);
    expect(await liveSessions(ctx, { parkId: 'p-other' })).toEqual([]);
  });
});
