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

/** What the name of every table of an as-of copy carries: `<table>__asof_<position>_<id>`. */
export const AS_OF_TABLE_MARK = '__asof_';

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
  const suffix = `${AS_OF_TABLE_MARK}${id}`;
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

/**
 * Drops what as-of replays left behind when their process was killed mid-replay (their `drop()`
 * never ran): every `…__asof_…` table and every `asof-…` checkpoint. Only for a process that has
 * its ClickHouse to itself (embedded chDB, bound to one process): against a shared server another
 * process's replay may be running. Returns the tables dropped.
 */
export async function dropLeftoverReplays(clickhouse: ClickHouseClient): Promise<string[]> {
  const tables = (
    await (
      await clickhouse.query({
        query: 'SELECT name FROM system.tables WHERE database = currentDatabase() AND position(name, {mark:String}) > 0 ORDER BY name',
        query_params: { mark: AS_OF_TABLE_MARK },
        format: 'JSONEachRow',
      })
    ).json<{ name: string }>()
  ).map((r) => r.name);
  for (const t of tables) await clickhouse.command({ query: `DROP TABLE IF EXISTS \`${t}\`` });
  const [{ n } = { n: '0' }] = await (
    await clickhouse.query({ query: 'SELECT toString(count()) AS n FROM projector_checkpoints WHERE startsWith(projection_name, {p:String})', query_params: { p: AS_OF_RUN_PREFIX }, format: 'JSONEachRow' })
  ).json<{ n: string }>();
  // A mutation only when there is something to delete: this runs at every start.
  if (n !== '0') await clickhouse.command({ query: 'ALTER TABLE projector_checkpoints DELETE WHERE startsWith(projection_name, {p:String})', query_params: { p: AS_OF_RUN_PREFIX } });
  return tables;
}
