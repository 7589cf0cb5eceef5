import type { ClickHouseClient } from '@clickhouse/client';
import type { EventStore } from '@redstream/event-store';
import { replayTo } from '@redstream/projections';
import { createReader, type QueryContext } from '@redstream/queries';
import type { AnnualFigures } from './figures.ts';
import { SUMMARY_QUERY_TIMEOUT_MS } from './env.ts';

/**
 * The read models as the log stood at a position, for a whole summary "as of" it: every section,
 * chart and figure computed by the same query functions as a live summary, over tables that hold
 * exactly the events at or below the position.
 */
export type ReadModelsAt = (position: bigint) => Promise<{ query: QueryContext; close(): Promise<void> }>;

/**
 * Replays the log up to the position into a copy of the read models (projections' replayTo: the
 * real projector, fresh state) and reads the copy. Fact rows are then the live tables' rows at or
 * below the position, and entity rows (a streamer's party status, an appeal's resolution — replaced
 * in the live tables by later events) are as they stood, which no filter on the live tables can
 * give. `close` drops the copy.
 */
export function replayedReadModels(deps: { store: EventStore; clickhouse: ClickHouseClient; timeoutMs?: number }): ReadModelsAt {
  return async (position) => {
    const copy = await replayTo({ store: deps.store, clickhouse: deps.clickhouse, until: position });
    return {
      query: { reader: createReader(deps.clickhouse, { timeoutMs: deps.timeoutMs ?? SUMMARY_QUERY_TIMEOUT_MS, tableSuffix: copy.suffix }) },
      close: copy.drop,
    };
  };
}

/** Figures kept on disk exactly: bigints (fen, positions) tagged, since JSON has no integers beyond 2^53. */
export const figuresText = (f: AnnualFigures): string => JSON.stringify(f, (_key, value: unknown) => (typeof value === 'bigint' ? { $bigint: value.toString() } : value));

export const parseFigures = (text: string): AnnualFigures =>
  JSON.parse(text, (_key, value: unknown) => (value !== null && typeof value === 'object' && '$bigint' in value && Object.keys(value).length === 1 ? BigInt((value as { $bigint: string }).$bigint) : value)) as AnnualFigures;
