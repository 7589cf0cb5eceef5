import type { ClickHouseClient } from '@clickhouse/client';
import { decodeStoredEvent } from '@redstream/schema';
import type { RecordedEvent } from '@redstream/event-store';
import { evolveState } from '../model/evolve-state.ts';
import type { OrderDims, ProjectionState } from '../model/state.ts';
import { BatchRows, type ProjectedEvent, type ReadModel, type Row } from '../read-models/read-model.ts';
import { encodeTables, type EncodedRows } from './encode-rows.ts';
import { yieldToLoop } from './yield-to-loop.ts';
import { forEvent } from './faults.ts';

/** Decodes (and upcasts) a stored event, validating what its writer did not; a failure names the event (faults.ts). */
export function toProjected(e: RecordedEvent): ProjectedEvent {
  return forEvent(e, () => ({ event: decodeStoredEvent(e.type, e.metadata, e.data), eventId: e.eventId, position: e.position.toString() }));
}

/** Events decoded or mapped between two yields to the event loop. */
const SLICE = 2000;

/** Runs `step` over `items` in slices, yielding to the event loop between them. */
async function inSlices<T>(items: readonly T[], step: (slice: readonly T[]) => void): Promise<void> {
  for (let i = 0; i < items.length; i += SLICE) {
    if (i > 0) await yieldToLoop();
    step(items.slice(i, i + SLICE));
  }
}

/**
 * A batch decoded, resolved and mapped to encoded rows by table, without blocking the event loop
 * for long. Events at `skip` positions (skipped by an operator, faults.ts) are left out. `onRows`
 * sees the rows before they are encoded (the live figures' facts are picked from them).
 */
export async function prepareRows(
  client: ClickHouseClient,
  salesTable: string,
  events: readonly RecordedEvent[],
  state: ProjectionState,
  models: readonly ReadModel[],
  skip: ReadonlySet<bigint> = new Set(),
  onRows?: (rows: ReadonlyMap<string, Row[]>) => void,
): Promise<Map<string, EncodedRows>> {
  const projected: ProjectedEvent[] = [];
  await inSlices(events, (slice) => {
    for (const e of slice) if (skip.size === 0 || !skip.has(e.position)) projected.push(toProjected(e));
  });
  await prefetchOrders(client, salesTable, projected, state);
  const out = new BatchRows();
  await inSlices(projected, (slice) => mapEvents(slice, state, models, out));
  onRows?.(out.rows);
  return encodeTables(out.rows);
}

/** Folds decoded events through the read models and the state: rows by table (added to `out`), deterministic. */
export function mapEvents(events: readonly ProjectedEvent[], state: ProjectionState, models: readonly ReadModel[], out = new BatchRows()): Map<string, Row[]> {
  const projecting = models.filter((m) => m.project !== undefined);
  for (const e of events) {
    forEvent({ position: e.position, eventId: e.eventId, type: e.event.type }, () => {
      let i = 0;
      try {
        for (; i < projecting.length; i++) projecting[i]!.project!(e, state, out);
      } catch (error) {
        // All read models stop together (they share one checkpoint and the state below), so the
        // fault says which one threw: the operator's fix or skip is about that read model.
        throw new Error(`read model ${projecting[i]!.name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      evolveState(state, e);
    });
  }
  return out.rows;
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
    query: `SELECT order_id, streamer_id, platform, park_id, region_code, category, toString(occurred_at) AS occurred_at
            FROM ${salesTable} WHERE order_id IN {ids:Array(String)} LIMIT 1 BY order_id`,
    query_params: { ids: [...missing] },
    format: 'JSONEachRow',
  });
  for (const { order_id, ...dims } of await rs.json<OrderDims & { order_id: string }>()) state.orders.set(order_id, dims);
}
