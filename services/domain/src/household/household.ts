import type { EventData } from '@redstream/schema';
import { violation, type CommandMetadata, type Decider, type FactEvent } from '../decider.ts';

/**
 * A farming household and the income paid to it. A household has no registration fact: it exists
 * from its first payment. Payment ids are unique within the household's stream.
 */
export interface HouseholdState {
  paymentIds: ReadonlySet<string>;
  /** The village of the first payment; later payments may name another (a household can move). */
  villageCode: string | null;
  paidFen: number;
}

export type HouseholdCommand = { type: 'PayFarmer'; data: EventData<'FarmerPaid'> } & CommandMetadata;
export type HouseholdEvent = FactEvent<'FarmerPaid'>;

export const householdDecider: Decider<HouseholdCommand, HouseholdState, HouseholdEvent> = {
  initialState: () => ({ paymentIds: new Set(), villageCode: null, paidFen: 0 }),
  decide(command, state) {
    const { data } = command;
    if (state.paymentIds.has(data.paymentId)) {
      violation('household.payment-already-recorded', '$.data.paymentId', `payment ${data.paymentId} to household ${data.householdId} is already recorded`);
    }
    // A quantity is only worth something with its unit and product: the premium prices it per unit of a product.
    if (data.quantity !== undefined) {
      if (data.unit === undefined) violation('household.quantity-without-unit', '$.data.unit', `payment ${data.paymentId} gives a quantity without its unit`);
      if (data.product === undefined) violation('household.quantity-without-unit', '$.data.product', `payment ${data.paymentId} gives a quantity without its product`);
    }
    return [{ type: 'FarmerPaid', data }];
  },
  evolve: (state, event) => ({
    paymentIds: new Set(state.paymentIds).add(event.data.paymentId),
    villageCode: state.villageCode ?? event.data.villageCode,
    paidFen: state.paidFen + event.data.amountFen,
  }),
};
