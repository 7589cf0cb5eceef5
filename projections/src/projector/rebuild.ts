import type { ClickHouseClient } from '@clickhouse/client';
import type { EventStore } from '@redstream/event-store';
import { ProjectionState } from '../model/state.ts';
import { readModelsNamed } from '../read-models/index.ts';
import { readCheckpoint } from './checkpoints.ts';
import { startProjector, type Projector } from './projector.ts';

export const REBUILD_SUFFIX = '__rebuild';

export interface RebuildOptions {
  store: EventStore;
  clickhouse: ClickHouseClient;
  /** Read model names (see PROJECTION_NAMES) or `all`. Default: all. */
  projections?: readonly string[];
  /** The live projector of this process, if one runs: it is paused for the swap only. */
  live?: Projector;
  /** Checkpoint name of the live projection. Default `main`. */
  liveProjection?: string;
  batchSize?: number;
  onProgress?: (message: string) => void;
}

export interface RebuildResult {
  tables: string[];
  /** The log position both the rebuilt tables and the live projection stand at after the swap. */
  position: bigint;
  events: number;
  seconds: number;
}

/**
 * Rebuilds read models from position 0 into `<table>__rebuild`, then swaps each into place with
 * EXCHANGE TABLES (atomic per table) while queries keep reading the old tables until the swap.
 *
 * The rebuilt tables must end exactly where the live projection's checkpoint stands, or the live
 * projector would apply some events to them twice or never. So: catch up to the live checkpoint
 * while live keeps running (repeatedly, it moves), pause the live projector (it flushes and holds
 * at L), finish the rebuild to exactly L, exchange, resume. Without a live projector in this
 * process (CLI with the service stopped) L is the stored checkpoint's committed position; a batch
 * pending there is re-applied to the new tables by the next run (their tokens are new to them).
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const started = Date.now();
  const { clickhouse, store, live } = options;
  const models = readModelsNamed(options.projections);
  const tables = models.flatMap((m) => [...m.tables]);
  const log = options.onProgress ?? (() => {});
  const runName = `rebuild-${Date.now().toString(36)}`;

  for (const t of tables) {
    await clickhouse.command({ query: `DROP TABLE IF EXISTS ${t}${REBUILD_SUFFIX} SYNC` });
    await clickhouse.command({ query: `CREATE TABLE ${t}${REBUILD_SUFFIX} AS ${t}` });
  }
  const liveCheckpoint = async () => (live ? live.status().checkpoint : (await readCheckpoint(clickhouse, options.liveProjection ?? 'main')).position);
  const state = new ProjectionState();
  const runTo = async (until: bigint) => {
    const p = startProjector({ store, clickhouse, projection: runName, models, tableSuffix: REBUILD_SUFFIX, until, state, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
    await p.done;
    const s = p.status();
    if (s.lastError && s.checkpoint < until) throw new Error(`rebuild failed: ${s.lastError}`);
    return s.checkpoint;
  };

  let position = 0n;
  let events = 0;
  // Catch up while the live projector keeps running; it moves on meanwhile, so repeat until close.
  for (let round = 0; round < 5; round++) {
    const target = await liveCheckpoint();
    if (target - position < 5_000n && round > 0) break;
    position = await runTo(target);
    log(`rebuild caught up to ${position}`);
  }
  let paused = false;
  try {
    if (live) {
      const l = await live.pause();
      paused = true;
      position = await runTo(l);
      log(`live paused at ${l}; rebuild at ${position}`);
    } else {
      position = await runTo(await liveCheckpoint());
    }
    for (const t of tables) await clickhouse.command({ query: `EXCHANGE TABLES ${t} AND ${t}${REBUILD_SUFFIX}` });
    log(`swapped ${tables.length} tables`);
  } finally {
    if (paused) live?.resume();
  }
  for (const t of tables) await clickhouse.command({ query: `DROP TABLE IF EXISTS ${t}${REBUILD_SUFFIX}` });
  events = Number(position);
  return { tables, position, events, seconds: (Date.now() - started) / 1000 };
}
