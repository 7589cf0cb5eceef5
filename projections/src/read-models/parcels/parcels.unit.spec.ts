import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '@redstream/schema';
import { ProjectionState } from '../../model/state.ts';
import { mapEvents } from '../../projector/map-batch.ts';
import { parcels } from './parcels.ts';

describe('parcels read model', () => {
  it('values a shipment at parcels x (standard - discounted fee) of its agreement', () => {
    const events: DomainEvent[] = [
      { type: 'ParcelDiscountGranted', data: { agreementId: 'a1', carrier: '中通', regionCode: '371302', standardFeeFen: 300, discountedFeeFen: 180, validFrom: '2025-01-01', validTo: '2025-12-31', parkId: 'p1' } },
      { type: 'ParcelsShipped', data: { agreementId: 'a1', shippedOn: '2025-06-18', parcels: 1000 } },
    ];
    const rows = mapEvents(events.map((event, i) => ({ event, eventId: `e${i}`, position: String(i + 1) })), new ProjectionState(), [parcels]);
    expect(rows.get('parcel_shipments')).toEqual([expect.objectContaining({ agreement_id: 'a1', parcels: 1000, savings_fen: 120_000, region_code: '371302', park_id: 'p1', carrier: '中通' })]);
  });
});
