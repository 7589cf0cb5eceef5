import { regionColumns } from '../../model/state.ts';
import { shanghaiDay } from '@redstream/schema';
import type { ReadModel } from '../read-model.ts';

/**
 * Sales that name their buyer (a pseudonymous `buyerRef`), for distinct buyer counts per session,
 * streamer, park, region and period. Kept apart from sales_raw: few senders have buyer references,
 * and a buyer count is a uniqExact over this table only.
 */
export const buyers: ReadModel = {
  name: 'buyers',
  tables: ['sale_buyers_raw'],
  project({ event, eventId, position }, state, out) {
    if (event.type !== 'SaleRecorded' || event.data.buyerRef === undefined) return;
    const d = event.data;
    const s = state.streamers.get(d.streamerId);
    const r = regionColumns(s?.region_code);
    out.row('sale_buyers_raw', {
      order_id: d.orderId,
      event_id: eventId,
      position,
      buyer_ref: d.buyerRef,
      occurred_at: d.occurredAt,
      day: shanghaiDay(d.occurredAt),
      streamer_id: d.streamerId,
      live_session_id: d.liveSessionId ?? '',
      platform: s?.platform ?? '',
      region_code: r.region_code,
      province: r.province,
      city: r.city,
      county: r.county,
      town: r.town,
      park_id: s?.park_id ?? '',
      amount_fen: d.amountFen,
    });
  },
};
