import type { EventData } from '@redstream/schema';
import { violation, type CommandMetadata, type Decider, type FactEvent } from '../decider.ts';
import { requireStreamer, type StreamerState } from '../streamer/streamer.ts';
import { checkSaleSession, DEFAULT_LIVE_SALE_GRACE_MS } from '../live-session/live-session.ts';

/** One order sold live and its refunds, in `order-<orderId>`. */
export interface OrderState {
  sale: EventData<'SaleRecorded'> | null;
  refundedFen: number;
}

export type OrderCommand =
  /** `streamer` is the selling streamer's state, loaded by the caller from its own stream. */
  | ({
      type: 'RecordSale';
      data: EventData<'SaleRecorded'>;
      streamer: StreamerState | undefined;
      /** How long after its session ended a sale may still name it (config; default 30 minutes). */
      liveSaleGraceMs?: number | undefined;
    } & CommandMetadata)
  | ({ type: 'RefundSale'; data: EventData<'SaleRefunded'> } & CommandMetadata);

export type OrderEvent = FactEvent<'SaleRecorded' | 'SaleRefunded'>;

/** Platform clocks drift; a sale stamped a few minutes ahead of ours is still believable. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

function refuseFuture(occurredAt: string, now: Date, rule: string): void {
  if (Date.parse(occurredAt) > now.getTime() + FUTURE_TOLERANCE_MS) {
    violation(rule, '$.data.occurredAt', `occurredAt ${occurredAt} is in the future (now ${now.toISOString()})`);
  }
}

export const orderDecider: Decider<OrderCommand, OrderState, OrderEvent> = {
  initialState: () => ({ sale: null, refundedFen: 0 }),
  decide(command, state) {
    switch (command.type) {
      case 'RecordSale': {
        const { data } = command;
        if (state.sale) violation('order.already-recorded', '$.data.orderId', `order ${data.orderId} is already recorded`);
        requireStreamer(command.streamer, data.streamerId, 'order.unknown-streamer');
        refuseFuture(data.occurredAt, command.now, 'order.occurred-in-future');
        checkSaleSession(command.streamer!, data, command.liveSaleGraceMs ?? DEFAULT_LIVE_SALE_GRACE_MS);
        return [{ type: 'SaleRecorded', data }];
      }
      case 'RefundSale': {
        const { data } = command;
        const sale = state.sale;
        if (!sale) return violation('refund.unknown-order', '$.data.orderId', `order ${data.orderId} is not recorded`);
        if (state.refundedFen + data.amountFen > sale.amountFen) {
          violation(
            'refund.exceeds-amount',
            '$.data.amountFen',
            `refunds of order ${data.orderId} would reach ${state.refundedFen + data.amountFen} fen, above its amount of ${sale.amountFen} fen (${state.refundedFen} fen already refunded)`,
          );
        }
        if (Date.parse(data.occurredAt) < Date.parse(sale.occurredAt)) {
          violation('refund.before-sale', '$.data.occurredAt', `refund at ${data.occurredAt} is before the sale at ${sale.occurredAt}`);
        }
        refuseFuture(data.occurredAt, command.now, 'refund.occurred-in-future');
        return [{ type: 'SaleRefunded', data }];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'SaleRecorded':
        return { ...state, sale: event.data };
      case 'SaleRefunded':
        return { ...state, refundedFen: state.refundedFen + event.data.amountFen };
    }
  },
};
