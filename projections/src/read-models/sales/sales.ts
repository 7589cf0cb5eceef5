import { regionColumns, type OrderDims } from '../../model/state.ts';
import { shanghaiDay } from '@redstream/schema';
import type { ReadModel } from '../read-model.ts';

/**
 * Orders and refunds as facts. A sale belongs to its streamer's region, park and platform (the
 * streamer's attributes at registration); a refund carries its order's dimensions and counts in
 * the period it happens (its own occurred_at), not in the period of the sale.
 *
 * Times go to ClickHouse as the facts wrote them (ISO 8601 with an offset, parsed by ClickHouse:
 * openClickHouse sets date_time_input_format=best_effort), which spares a parse and a format per
 * fact on the projector's one thread.
 */
export const sales: ReadModel = {
  name: 'sales',
  tables: ['sales_raw', 'refunds_raw'],
  project({ event, eventId, position }, state, out) {
    if (event.type === 'SaleRecorded') {
      const d = event.data;
      const s = state.streamers.get(d.streamerId);
      const region = regionColumns(s?.region_code);
      out.row('sales_raw', {
        order_id: d.orderId,
        event_id: eventId,
        position,
        occurred_at: d.occurredAt,
        day: shanghaiDay(d.occurredAt),
        streamer_id: d.streamerId,
        platform: s?.platform ?? '',
        region_code: region.region_code,
        province: region.province,
        city: region.city,
        county: region.county,
        town: region.town,
        village: region.village,
        park_id: s?.park_id ?? '',
        category: d.category,
        product: d.product,
        quantity: d.quantity,
        amount_fen: d.amountFen,
        buyer_region_code: d.buyerRegionCode ?? '',
        origin_village_code: d.originVillageCode ?? '',
        cooperative_id: d.cooperativeId ?? '',
        live_session_id: d.liveSessionId ?? '',
      });
    } else if (event.type === 'SaleRefunded') {
      const d = event.data;
      const o: OrderDims | undefined = state.orders.get(d.orderId);
      out.row('refunds_raw', {
        order_id: d.orderId,
        event_id: eventId,
        position,
        occurred_at: d.occurredAt,
        day: shanghaiDay(d.occurredAt),
        amount_fen: d.amountFen,
        streamer_id: o?.streamer_id ?? '',
        platform: o?.platform ?? '',
        ...regionColumns(o?.region_code || undefined),
        park_id: o?.park_id ?? '',
        category: o?.category ?? '',
        order_occurred_at: o?.occurred_at ?? '1970-01-01 08:00:00.000',
      });
    }
  },
};
