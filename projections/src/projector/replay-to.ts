import { randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import type { EventStore } from '@redstream/event-store';
import { AS_OF_RUN_PREFIX } from '@redstream/schema';
import { ProjectionState } from '../model/state.ts';
import { READ_MODELS } from '../read-models/index.ts';
import { startProjector } from './projector.ts';

export interface ReplayToOptions {
  store: EventStore;
  clickhouse: ClickHouseClient;
  /** The last log position to apply: the copy is every read model as the log stood there. */
  until: bigint;
  batchSize?: number;
}

/** A copy of every read model, `<table><suffix>`, holding exactly the events at or below `position`. */
export interface ReadModelsCopy {
  suffix: string;
  position: bigint;
  /** Drops the copy's tables and its checkpoint. */
  drop(): Promise<void>;
}

/**
 * Projects the log from 0 to `until` into a fresh copy of every read model, with the real
 * projector and a fresh resolving state — so each table, entities included (a streamer's party
 * status, an appeal's resolution: rows replaced by later events in the live tables), is exactly
 * what the live projection held when its checkpoint stood at `until`. Events an operator skipped
 * are left out here too (the projector reads the skips). The live tables are never touched.
 *
 * Costs a replay of the log up to `until` (the catch-up rate, see `npm run bench`); callers keep
 * what they compute from it (the summaries cache the figures of a position).
 */
export async function replayTo(options: ReplayToOptions): Promise<ReadModelsCopy> {
  const { clickhouse, store, until } = options;
  // Unique per run: two replays (two requests, two processes on one server) never share tables.
  const id = `${until}_${randomBytes(4).toString('hex')}`;
  const suffix = `__asof_${id}`;
  const projection = `${AS_OF_RUN_PREFIX}${id}`;
  const tables = [...new Set(READ_MODELS.flatMap((m) => [...m.tables]))];
  const drop = async () => {
    for (const t of tables) await clickhouse.command({ query: `DROP TABLE IF EXISTS ${t}${suffix}` });
    await clickhouse.command({ query: 'ALTER TABLE projector_checkpoints DELETE WHERE projection_name = {p:String}', query_params: { p: projection } });
  };
  try {
    for (const t of tables) await clickhouse.command({ query: `CREATE TABLE ${t}${suffix} AS ${t}` });
    const projector = startProjector({ store, clickhouse, projection, models: READ_MODELS, tableSuffix: suffix, until, state: new ProjectionState(), flushIntervalMs: 50, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
    await projector.done;
    const status = projector.status();
    if (status.lastError) throw new Error(`replaying the log to ${until} failed: ${status.lastError}`);
    return { suffix, position: until, drop };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}
