import type { ProjectionState } from '../../model/state.ts';
import { epochMs } from '../../model/time.ts';
import type { ProjectedEvent } from '../read-model.ts';

/** The dimensions a sales rollup row is keyed by: the streamer's region, park and platform. */
export interface SaleDims {
  streamer_id: string;
  platform: string;
  region_code: string;
  park_id: string;
  category: string;
}

export interface SaleContribution {
  /** When it counts: the sale's time, or the refund's own (refunds count when they happen). */
  ms: number;
  dims: SaleDims;
  measures: { orders: number; quantity: number; gmv_fen: number; refunds: number; refunds_fen: number };
}

/**
 * What a sale or a refund adds to every sales rollup, whatever its grain: a sale belongs to its
 * streamer's region, park and platform; a refund to its order's. Other events add nothing.
 */
export function saleContribution({ event }: ProjectedEvent, state: ProjectionState): SaleContribution | undefined {
  if (event.type === 'SaleRecorded') {
    const d = event.data;
    const s = state.streamers.get(d.streamerId);
    return {
      ms: epochMs(d.occurredAt),
      dims: { streamer_id: d.streamerId, platform: s?.platform ?? '', region_code: s?.region_code ?? '', park_id: s?.park_id ?? '', category: d.category },
      measures: { orders: 1, quantity: d.quantity, gmv_fen: d.amountFen, refunds: 0, refunds_fen: 0 },
    };
  }
  if (event.type === 'SaleRefunded') {
    const d = event.data;
    const o = state.orders.get(d.orderId);
    return {
      ms: epochMs(d.occurredAt),
      dims: { streamer_id: o?.streamer_id ?? '', platform: o?.platform ?? '', region_code: o?.region_code ?? '', park_id: o?.park_id ?? '', category: o?.category ?? '' },
      measures: { orders: 0, quantity: 0, gmv_fen: 0, refunds: 1, refunds_fen: d.amountFen },
    };
  }
  return undefined;
}
