import { regionColumns } from '../../model/state.ts';
import type { ReadModel } from '../read-model.ts';

/** Income paid to farming households, by village (and its town, county, city, province). */
export const farmerPayments: ReadModel = {
  name: 'farmer-payments',
  tables: ['farmer_payments'],
  project({ event, eventId, position }, _state, out) {
    if (event.type !== 'FarmerPaid') return;
    const d = event.data;
    const r = regionColumns(d.villageCode);
    out.row('farmer_payments', {
      payment_id: d.paymentId,
      event_id: eventId,
      position,
      household_id: d.householdId,
      village_code: d.villageCode,
      province: r.province,
      city: r.city,
      county: r.county,
      town: r.town,
      amount_fen: d.amountFen,
      paid_on: d.paidOn,
      cooperative_id: d.cooperativeId ?? '',
    });
  },
};
