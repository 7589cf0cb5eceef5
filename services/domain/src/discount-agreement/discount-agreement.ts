import type { EventData } from '@redstream/schema';
import { violation, type CommandMetadata, type Decider, type FactEvent } from '../decider.ts';
import { requireStreamer, type StreamerState } from '../streamer/streamer.ts';

/** A parcel-fee discount negotiated with a carrier, and the parcels shipped under it. */
export interface DiscountAgreementState {
  agreement: EventData<'ParcelDiscountGranted'> | null;
  parcelsShipped: number;
}

export type DiscountAgreementCommand =
  | ({ type: 'GrantParcelDiscount'; data: EventData<'ParcelDiscountGranted'> } & CommandMetadata)
  /** `streamer` is loaded only when the shipment names one. */
  | ({ type: 'RecordParcelsShipped'; data: EventData<'ParcelsShipped'>; streamer?: StreamerState | undefined } & CommandMetadata);

export type DiscountAgreementEvent = FactEvent<'ParcelDiscountGranted' | 'ParcelsShipped'>;

export const discountAgreementDecider: Decider<DiscountAgreementCommand, DiscountAgreementState, DiscountAgreementEvent> = {
  initialState: () => ({ agreement: null, parcelsShipped: 0 }),
  decide(command, state) {
    switch (command.type) {
      case 'GrantParcelDiscount': {
        const { data } = command;
        if (state.agreement) violation('agreement.already-granted', '$.data.agreementId', `discount agreement ${data.agreementId} is already recorded`);
        if (data.discountedFeeFen >= data.standardFeeFen) {
          violation('agreement.discount-not-below-standard', '$.data.discountedFeeFen', `discounted fee ${data.discountedFeeFen} fen must be below the standard fee ${data.standardFeeFen} fen`);
        }
        if (data.validTo < data.validFrom) violation('agreement.valid-to-before-from', '$.data.validTo', `validTo ${data.validTo} is before validFrom ${data.validFrom}`);
        return [{ type: 'ParcelDiscountGranted', data }];
      }
      case 'RecordParcelsShipped': {
        const { data } = command;
        const agreement = state.agreement;
        if (!agreement) return violation('parcels.unknown-agreement', '$.data.agreementId', `discount agreement ${data.agreementId} is not recorded`);
        if (data.shippedOn < agreement.validFrom || data.shippedOn > agreement.validTo) {
          violation('parcels.outside-validity', '$.data.shippedOn', `shippedOn ${data.shippedOn} is outside the agreement's validity ${agreement.validFrom} … ${agreement.validTo}`);
        }
        if (data.streamerId !== undefined) requireStreamer(command.streamer, data.streamerId, 'parcels.unknown-streamer');
        return [{ type: 'ParcelsShipped', data }];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'ParcelDiscountGranted':
        return { ...state, agreement: event.data };
      case 'ParcelsShipped':
        return { ...state, parcelsShipped: state.parcelsShipped + event.data.parcels };
    }
  },
};
