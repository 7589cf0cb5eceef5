import type { ReadModel } from '../read-model.ts';

/** Parcel-fee agreements and shipments under them; savings = parcels x (standard - discounted fee). */
export const parcels: ReadModel = {
  name: 'parcels',
  tables: ['parcel_agreements', 'parcel_shipments'],
  project({ event, eventId, position }, state, out) {
    if (event.type === 'ParcelDiscountGranted') {
      const d = event.data;
      out.row('parcel_agreements', {
        agreement_id: d.agreementId,
        carrier: d.carrier,
        region_code: d.regionCode,
        park_id: d.parkId ?? '',
        standard_fee_fen: d.standardFeeFen,
        discounted_fee_fen: d.discountedFeeFen,
        valid_from: d.validFrom,
        valid_to: d.validTo,
        negotiated_by: d.negotiatedBy ?? '',
        version: position,
      });
    } else if (event.type === 'ParcelsShipped') {
      const d = event.data;
      const a = state.agreements.get(d.agreementId);
      const standard = a?.standard_fee_fen ?? 0;
      const discounted = a?.discounted_fee_fen ?? 0;
      out.row('parcel_shipments', {
        agreement_id: d.agreementId,
        event_id: eventId,
        position,
        shipped_on: d.shippedOn,
        parcels: d.parcels,
        streamer_id: d.streamerId ?? '',
        region_code: a?.region_code ?? '',
        park_id: a?.park_id ?? '',
        carrier: a?.carrier ?? '',
        standard_fee_fen: standard,
        discounted_fee_fen: discounted,
        savings_fen: d.parcels * (standard - discounted),
      });
    }
  },
};
