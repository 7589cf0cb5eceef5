import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '@redstream/schema';
import { ProjectionState } from '../../model/state.ts';
import { mapEvents } from '../../projector/map-batch.ts';
import { sales } from '../sales/sales.ts';
import { salesCoarseRollups, monthBucket } from './sales-coarse-rollups.ts';

const given = (events: DomainEvent[]) =>
  mapEvents(events.map((event, i) => ({ event, eventId: `e${i + 1}`, position: String(i + 1) })), new ProjectionState(), [sales, salesCoarseRollups]);

const registered = (streamerId: string): DomainEvent => ({
  type: 'StreamerRegistered',
  data: { streamerId, displayName: '主播', platform: 'douyin', category: '农产品', regionCode: '371302001', followers: 10, partyStatus: 'none', registeredOn: '2025-01-01', parkId: 'p1' },
});
const sale = (orderId: string, streamerId: string, occurredAt: string, amountFen: number): DomainEvent => ({
  type: 'SaleRecorded',
  data: { orderId, streamerId, occurredAt, product: '苹果', category: '生鲜', quantity: 2, amountFen },
});
const sec = (iso: string) => Date.parse(iso) / 1000;

describe('sales-coarse-rollups read model', () => {
  it('starts months at Shanghai midnight on the 1st', () => {
    expect(monthBucket(Date.parse('2025-06-30T16:00:00Z'))).toBe(sec('2025-07-01T00:00:00+08:00'));
    expect(monthBucket(Date.parse('2025-06-30T15:59:59.999Z'))).toBe(sec('2025-06-01T00:00:00+08:00'));
    expect(monthBucket(Date.parse('2024-12-31T16:00:00Z'))).toBe(sec('2025-01-01T00:00:00+08:00'));
  });

  it('sums streamers together in the region rollups and keeps them apart by month', () => {
    const rows = given([
      registered('s1'),
      registered('s2'),
      sale('o1', 's1', '2025-06-18T10:00:00+08:00', 100),
      sale('o2', 's2', '2025-06-18T10:30:00+08:00', 200),
      sale('o3', 's1', '2025-06-30T23:59:59+08:00', 300),
      { type: 'SaleRefunded', data: { orderId: 'o3', amountFen: 50, occurredAt: '2025-07-01T00:00:01+08:00' } },
    ]);
    expect(rows.get('sales_region_hourly')!.map((r) => [r.bucket, r.orders, r.gmv_fen, r.refunds_fen])).toEqual([
      [sec('2025-06-18T10:00:00+08:00'), 2, 300, 0],
      [sec('2025-06-30T23:00:00+08:00'), 1, 300, 0],
      [sec('2025-07-01T00:00:00+08:00'), 0, 0, 50],
    ]);
    expect(rows.get('sales_region_monthly')!.map((r) => [r.bucket, r.county, r.park_id, r.orders, r.quantity, r.gmv_fen, r.refunds, r.refunds_fen])).toEqual([
      [sec('2025-06-01T00:00:00+08:00'), '371302', 'p1', 3, 6, 600, 0, 0],
      [sec('2025-07-01T00:00:00+08:00'), '371302', 'p1', 0, 0, 0, 1, 50],
    ]);
    expect(rows.get('sales_region_daily')!.every((r) => !('streamer_id' in r))).toBe(true);
    expect(rows.get('sales_monthly')!.map((r) => [r.bucket, r.streamer_id, r.orders, r.gmv_fen, r.refunds_fen])).toEqual([
      [sec('2025-06-01T00:00:00+08:00'), 's1', 2, 400, 0],
      [sec('2025-06-01T00:00:00+08:00'), 's2', 1, 200, 0],
      [sec('2025-07-01T00:00:00+08:00'), 's1', 0, 0, 50],
    ]);
  });
});
