import { describe, it } from 'vitest';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { sampleData as d, sampleNow as now } from '../testing/sample-facts.ts';
import { streamerDecider } from '../streamer/streamer.ts';
import { discountAgreementDecider, type DiscountAgreementEvent } from './discount-agreement.ts';

const given = deciderSpecification(discountAgreementDecider);
const granted: DiscountAgreementEvent = { type: 'ParcelDiscountGranted', data: d.ParcelDiscountGranted };
const streamer = streamerDecider.evolve(streamerDecider.initialState(), { type: 'StreamerRegistered', data: d.StreamerRegistered });
const ship = (shippedOn: string) => ({ type: 'RecordParcelsShipped' as const, data: { ...d.ParcelsShipped, shippedOn }, streamer, now });

describe('parcel discount agreement', () => {
  it('records an agreement whose discounted fee is below the standard fee', () => {
    given([]).when({ type: 'GrantParcelDiscount', data: d.ParcelDiscountGranted, now }).then([granted]);
  });

  it('refuses a duplicate agreement id', () => {
    given([granted]).when({ type: 'GrantParcelDiscount', data: d.ParcelDiscountGranted, now }).thenThrows('agreement.already-granted', '$.data.agreementId');
  });

  it('refuses a discounted fee equal to or above the standard fee', () => {
    given([]).when({ type: 'GrantParcelDiscount', data: { ...d.ParcelDiscountGranted, discountedFeeFen: 300 }, now }).thenThrows('agreement.discount-not-below-standard', '$.data.discountedFeeFen');
    given([]).when({ type: 'GrantParcelDiscount', data: { ...d.ParcelDiscountGranted, discountedFeeFen: 301 }, now }).thenThrows('agreement.discount-not-below-standard');
  });

  it('refuses a validity that ends before it starts', () => {
    given([]).when({ type: 'GrantParcelDiscount', data: { ...d.ParcelDiscountGranted, validTo: '2021-12-31' }, now }).thenThrows('agreement.valid-to-before-from', '$.data.validTo');
  });

  it('records parcels shipped within the validity, both ends included', () => {
    for (const day of ['2022-01-01', '2022-06-18', '2022-12-31']) given([granted]).when(ship(day)).then([{ type: 'ParcelsShipped', data: { ...d.ParcelsShipped, shippedOn: day } }]);
  });

  it('refuses parcels shipped outside the validity', () => {
    given([granted]).when(ship('2021-12-31')).thenThrows('parcels.outside-validity', '$.data.shippedOn');
    given([granted]).when(ship('2023-01-01')).thenThrows('parcels.outside-validity');
  });

  it('refuses parcels shipped under an unknown agreement', () => {
    given([]).when(ship('2022-06-18')).thenThrows('parcels.unknown-agreement', '$.data.agreementId');
  });

  it('refuses parcels naming an unknown streamer, accepts them without one', () => {
    given([granted]).when({ ...ship('2022-06-18'), streamer: undefined }).thenThrows('parcels.unknown-streamer', '$.data.streamerId');
    const { streamerId: _omitted, ...withoutStreamer } = d.ParcelsShipped;
    given([granted]).when({ type: 'RecordParcelsShipped', data: withoutStreamer, now }).then([{ type: 'ParcelsShipped', data: withoutStreamer }]);
  });
});
