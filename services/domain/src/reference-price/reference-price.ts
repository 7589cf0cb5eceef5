import type { EventData } from '@redstream/schema';
import { violation, type CommandMetadata, type Decider, type FactEvent } from '../decider.ts';

/**
 * The reference prices of one region (`referenceprice-<regionCode>`): for a product and unit, at
 * most one price on any day, so a farmer's premium has one answer.
 */
export interface ReferencePriceState {
  prices: ReadonlyArray<EventData<'ProduceReferencePriceSet'>>;
}

export type ReferencePriceCommand = { type: 'SetReferencePrice'; data: EventData<'ProduceReferencePriceSet'> } & CommandMetadata;
export type ReferencePriceEvent = FactEvent<'ProduceReferencePriceSet'>;

export const referencePriceDecider: Decider<ReferencePriceCommand, ReferencePriceState, ReferencePriceEvent> = {
  initialState: () => ({ prices: [] }),
  decide(command, state) {
    const { data } = command;
    if (data.validTo < data.validFrom) violation('referenceprice.valid-to-before-from', '$.data.validTo', `validTo ${data.validTo} is before validFrom ${data.validFrom}`);
    const clash = state.prices.find((p) => p.product === data.product && p.unit === data.unit && p.validFrom <= data.validTo && data.validFrom <= p.validTo);
    if (clash) {
      violation(
        'referenceprice.overlapping',
        '$.data.validFrom',
        `${data.product} per ${data.unit} in ${data.regionCode} already has a reference price of ${clash.priceFen} fen for ${clash.validFrom} … ${clash.validTo}`,
      );
    }
    return [{ type: 'ProduceReferencePriceSet', data }];
  },
  evolve: (state, event) => ({ prices: [...state.prices, event.data] }),
};
