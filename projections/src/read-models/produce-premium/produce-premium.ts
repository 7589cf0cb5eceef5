import { regionColumns } from '../../model/state.ts';
import type { ReadModel } from '../read-model.ts';

/**
 * What the farmer's premium is computed from: reference prices of produce per region, and the
 * payments that say what they paid for (premium = paid − reference × quantity).
 */
export const producePremium: ReadModel = {
  name: 'produce-premium',
  tables: ['produce_reference_prices', 'farmer_payment_quantities'],
  project({ event, eventId, position }, _state, out) {
    if (event.type === 'ProduceReferencePriceSet') {
      const d = event.data;
      out.row('produce_reference_prices', {
        event_id: eventId,
        position,
        region_code: d.regionCode,
        product: d.product,
        unit: d.unit,
        price_fen: d.priceFen,
        valid_from: d.validFrom,
        valid_to: d.validTo,
      });
    } else if (event.type === 'FarmerPaid' && event.data.quantity !== undefined) {
      const d = event.data;
      out.row('farmer_payment_quantities', {
        payment_id: d.paymentId,
        event_id: eventId,
        position,
        household_id: d.householdId,
        village_code: d.villageCode,
        county: regionColumns(d.villageCode).county,
        amount_fen: d.amountFen,
        paid_on: d.paidOn,
        quantity: d.quantity,
        unit: d.unit ?? '',
        product: d.product ?? '',
      });
    }
  },
};
