import type { ClickHouseClient } from '@clickhouse/client';
import { decodeEvent } from '@redstream/schema';
import type { RecordedEvent } from '@redstream/event-store';
import { evolveState } from '../model/evolve-state.ts';
import type { OrderDims, ProjectionState } from '../model/state.ts';
import { BatchRows, type ProjectedEvent, type ReadModel, type Row } from '../read-models/read-model.ts';

export function toProjected(e: RecordedEvent): ProjectedEvent {
  return { event: decodeEvent(e.type, Number(e.metadata.schemaVersion), e.data), eventId: e.eventId, position: e.position.toString() };
}

/** Folds decoded events through the read models and the state: rows by table, deterministic. */
export function mapEvents(events: readonly ProjectedEvent[], state: ProjectionState, models: readonly ReadModel[]): Map<string, Row[]> {
  const out = new BatchRows();
  for (const e of events) {
    for (const m of models) m.project(e, state, out);
    evolveState(state, e);
  }
  return out.tables();
}

/**
 * Refunds of orders no longer in the in-memory cache: their sale is committed in `sales_raw`
 * (a SaleRecorded always precedes its refunds in the log), so fetch the dimensions there first.
 */
export async function prefetchOrders(client: ClickHouseClient, salesTable: string, events: readonly ProjectedEvent[], state: ProjectionState): Promise<void> {
  const soldHere = new Set<string>();
  const missing = new Set<string>();
  for (const { event } of events) {
    if (event.type === 'SaleRecorded') soldHere.add(event.data.orderId);
    else if (event.type === 'SaleRefunded' && !soldHere.has(event.data.orderId) && !state.orders.has(event.data.orderId)) missing.add(event.data.orderId);
  }
  if (missing.size === 0) return;
  const rs = await client.query({
    query: `SELECT order_id, streamer_id, platform, park_id, region_code, category, toUnixTimestamp64Milli(occurred_at) AS occurred_ms
            FROM ${salesTable} WHERE order_id IN {ids:Array(String)} LIMIT 1 BY order_id`,
    query_params: { ids: [...missing] },
    format: 'JSONEachRow',
  });
  for (const row of await rs.json<Omit<OrderDims, 'occurred_ms'> & { order_id: string; occurred_ms: string | number }>()) {
    const { order_id, occurred_ms, ...dims } = row;
    state.orders.set(order_id, { ...dims, occurred_ms: Number(occurred_ms) });
  }
}
