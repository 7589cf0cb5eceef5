import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '@redstream/schema';
import { ProjectionState } from '../../model/state.ts';
import { mapEvents } from '../../projector/map-batch.ts';
import { sales } from './sales.ts';

const given = (events: DomainEvent[], models = [sales]) =>
  mapEvents(events.map((event, i) => ({ event, eventId: `e${i + 1}`, position: String(i + 1) })), new ProjectionState(), models);

const registered: DomainEvent = {
  type: 'StreamerRegistered',
  data: { streamerId: 's1', displayName: '主播', platform: 'douyin', category: '农产品', regionCode: '371302001', followers: 10, partyStatus: 'none', registeredOn: '2025-01-01', parkId: 'p1' },
};
const sale = (orderId: string, occurredAt: string, amountFen: number): DomainEvent => ({
  type: 'SaleRecorded',
  data: { orderId, streamerId: 's1', occurredAt, product: '苹果', category: '生鲜', quantity: 2, amountFen },
});

describe('sales read model', () => {
  it("gives a sale its streamer's region (with every ancestor), park and platform", () => {
    const rows = given([registered, sale('o1', '2025-06-18T10:00:00+08:00', 1250)]);
    expect(rows.get('sales_raw')).toEqual([
      expect.objectContaining({ order_id: 'o1', event_id: 'e2', position: '2', streamer_id: 's1', platform: 'douyin', park_id: 'p1', region_code: '371302001', province: '370000', city: '371300', county: '371302', town: '371302001', village: '', amount_fen: 1250, day: '2025-06-18', occurred_at: '2025-06-18T10:00:00+08:00' }),
    ]);
  });

  it("gives a refund its order's dimensions and counts it in the period it happens", () => {
    const rows = given([registered, sale('o1', '2025-06-18T23:59:00+08:00', 1000), { type: 'SaleRefunded', data: { orderId: 'o1', amountFen: 400, occurredAt: '2025-06-18T16:30:00Z' } }]);
    expect(rows.get('refunds_raw')).toEqual([expect.objectContaining({ order_id: 'o1', amount_fen: 400, day: '2025-06-19', streamer_id: 's1', category: '生鲜', county: '371302', park_id: 'p1', order_occurred_at: '2025-06-18T23:59:00+08:00' })]);
  });

  it('maps the same events to the same rows (a redo writes identical batches)', () => {
    const events = [registered, sale('o1', '2025-06-18T10:00:00+08:00', 1250), { type: 'SaleRefunded', data: { orderId: 'o1', amountFen: 1, occurredAt: '2025-06-19T10:00:00+08:00' } } as DomainEvent];
    expect(JSON.stringify([...given(events)])).toBe(JSON.stringify([...given(events)]));
  });
});
