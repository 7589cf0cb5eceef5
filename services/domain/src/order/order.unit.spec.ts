import { describe, it } from 'vitest';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { sampleData as d, sampleNow as now } from '../testing/sample-facts.ts';
import { streamerDecider } from '../streamer/streamer.ts';
import { orderDecider, type OrderEvent } from './order.ts';

const given = deciderSpecification(orderDecider);
const streamer = streamerDecider.evolve(streamerDecider.initialState(), { type: 'StreamerRegistered', data: d.StreamerRegistered });
const sold: OrderEvent = { type: 'SaleRecorded', data: d.SaleRecorded }; // 3990 fen
const refunded = (amountFen: number): OrderEvent => ({ type: 'SaleRefunded', data: { ...d.SaleRefunded, amountFen } });
const refund = (amountFen: number, occurredAt = d.SaleRefunded.occurredAt) => ({ type: 'RefundSale' as const, data: { ...d.SaleRefunded, amountFen, occurredAt }, now });

describe('order', () => {
  it('records a sale by a registered streamer', () => {
    given([]).when({ type: 'RecordSale', data: d.SaleRecorded, streamer, now }).then([sold]);
  });

  it('refuses a duplicate order id', () => {
    given([sold]).when({ type: 'RecordSale', data: d.SaleRecorded, streamer, now }).thenThrows('order.already-recorded', '$.data.orderId');
  });

  it('refuses a sale by an unknown streamer', () => {
    given([]).when({ type: 'RecordSale', data: d.SaleRecorded, streamer: undefined, now }).thenThrows('order.unknown-streamer', '$.data.streamerId');
  });

  it('refuses a sale from the future, tolerating a few minutes of clock drift', () => {
    const at = (iso: string) => ({ type: 'RecordSale' as const, data: { ...d.SaleRecorded, occurredAt: iso }, streamer, now });
    given([]).when(at('2023-01-01T08:04:00+08:00')).then([{ type: 'SaleRecorded', data: { ...d.SaleRecorded, occurredAt: '2023-01-01T08:04:00+08:00' } }]);
    given([]).when(at('2023-01-01T08:06:00+08:00')).thenThrows('order.occurred-in-future', '$.data.occurredAt');
  });

  it('records refunds up to the order amount', () => {
    given([sold]).when(refund(1000)).then([refunded(1000)]);
    given([sold, refunded(1000)]).when(refund(2990)).then([refunded(2990)]);
  });

  it('refuses a refund for an unknown order', () => {
    given([]).when(refund(1000)).thenThrows('refund.unknown-order', '$.data.orderId');
  });

  it('refuses a refund taking the refunds above the order amount', () => {
    given([sold]).when(refund(3991)).thenThrows('refund.exceeds-amount', '$.data.amountFen');
    given([sold, refunded(3000)]).when(refund(991)).thenThrows('refund.exceeds-amount');
  });

  it('refuses a refund before the sale', () => {
    given([sold]).when(refund(100, '2022-06-18T20:14:59+08:00')).thenThrows('refund.before-sale', '$.data.occurredAt');
  });
});
