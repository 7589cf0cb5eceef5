import type { ClickHouseClient } from '@clickhouse/client';
import type { EventStore } from '@redstream/event-store';
import { REBUILD_RUN_PREFIX } from '@redstream/schema';
import { readMigrations, SCHEMA_MIGRATIONS_TABLE } from '../clickhouse/migrate.ts';
import { generateClusterDdl, keeperPath, replicatedEngineAt } from '../cluster/cluster-ddl.ts';
import { ProjectionState } from '../model/state.ts';
import { PROJECTION_NAMES, readModelsNamed } from '../read-models/index.ts';
import { readCheckpoint } from './checkpoints.ts';
import { startProjector, type Projector } from './projector.ts';

export const REBUILD_SUFFIX = '__rebuild';

/** The procedure when a rebuild from the CLI finds the projector service still running. */
const REBUILD_WHILE_PROJECTING = (rebuilt: bigint, live: bigint) =>
  `the live projection moved from ${rebuilt} to ${live} during the rebuild: the projector service is running. ` +
  `Rebuilt tables were dropped, nothing was swapped. Stop the projector service (docker compose stop projector), ` +
  `run redstream rebuild again, then start it (docker compose start projector); queries keep answering from the current tables meanwhile.`;

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
  /** Told each step; awaited, so a caller may act between steps (tests play another process there). */
  onProgress?: (message: string) => void | Promise<void>;
  /** CLICKHOUSE_CLUSTER: the tables are the generated Distributed ones over Replicated local tables. */
  cluster?: string;
}

/**
 * The read models a checkpoint stands for: the live projection `main` writes every one; a rebuild
 * run `rebuild-<id>:<names joined by +|all>` the ones it rebuilds (an older run name: unknown, none).
 */
export function readModelsOfCheckpoint(name: string): string[] {
  if (name === 'main') return [...PROJECTION_NAMES];
  const named = /^rebuild-\w+:(.+)$/.exec(name)?.[1];
  if (named === undefined) return [];
  return named === 'all' ? [...PROJECTION_NAMES] : named.split('+');
}

/** The DDL of a rebuild, in three steps: shadow tables, the swap, dropping what was swapped out. */
export interface RebuildPlan {
  prepare: string[];
  swap: string[];
  cleanup: string[];
}

/**
 * Single node: `t__rebuild` is a copy of `t`'s definition; the swap exchanges the two.
 *
 * Cluster: `t` is a Distributed table naming `t_local`, so cloning `t` would give a second
 * Distributed table over the live local tables (the rebuild would write into them and double the
 * rollups). Instead the shadow is built like every cluster table, beside the live one:
 * `t__rebuild_local` ON CLUSTER with `t_local`'s columns and indexes (AS), its engine Replicated at a
 * Keeper path of its own for this run (after the swap the live table keeps that path, so each run
 * needs a fresh one), and a Distributed `t__rebuild` over it for the rebuild's inserts. The swap
 * exchanges the *local* tables on every node (`EXCHANGE TABLES t_local AND t__rebuild_local ON
 * CLUSTER`), so `t` reads the rebuilt rows without being touched; what was swapped out is dropped SYNC.
 */
export function rebuildPlan(tables: readonly string[], profile?: { cluster: string; database: string; run: string }): RebuildPlan {
  const shadow = (t: string) => `${t}${REBUILD_SUFFIX}`;
  if (!profile) {
    return {
      prepare: tables.flatMap((t) => [`DROP TABLE IF EXISTS ${shadow(t)} SYNC`, `CREATE TABLE ${shadow(t)} AS ${t}`]),
      swap: tables.map((t) => `EXCHANGE TABLES ${t} AND ${shadow(t)}`),
      cleanup: tables.map((t) => `DROP TABLE IF EXISTS ${shadow(t)}`),
    };
  }
  const { cluster, database, run } = profile;
  const on = `ON CLUSTER ${cluster}`;
  const known = new Map(generateClusterDdl([SCHEMA_MIGRATIONS_TABLE, ...readMigrations()], { cluster, database }).tables.map((t) => [t.name, t]));
  const plan: RebuildPlan = { prepare: [], swap: [], cleanup: [] };
  for (const t of tables) {
    const table = known.get(t);
    if (!table) throw new Error(`table ${t} is not created by any migration; cannot rebuild it on the cluster`);
    const engineName = table.engine.slice(0, table.engine.indexOf('('));
    if (engineName.startsWith('Replicated')) throw new Error(`table ${t} is Replicated in its migration; a rebuild cannot give its shadow a Keeper path of its own`);
    const local = table.localName;
    const shadowLocal = `${shadow(t)}${local.slice(t.length)}`;
    // A Null table (a feed for materialized views) stores nothing: its shadow needs no Keeper path.
    const engine = engineName === 'Null' ? 'Null' : replicatedEngineAt(engineName, `${keeperPath(t)}/${run}`, table.engineArgs);
    const distributed = table.distributedEngine.replace(`, ${local}, `, `, ${shadowLocal}, `);
    plan.prepare.push(
      `DROP TABLE IF EXISTS ${shadow(t)} ${on} SYNC`,
      `DROP TABLE IF EXISTS ${shadowLocal} ${on} SYNC`,
      `CREATE TABLE ${shadowLocal} ${on} AS ${local} ENGINE = ${engine}${table.storage && engine !== 'Null' ? ` ${table.storage}` : ''}`,
      `CREATE TABLE ${shadow(t)} ${on} AS ${shadowLocal} ENGINE = ${distributed}`,
    );
    plan.swap.push(`EXCHANGE TABLES ${local} AND ${shadowLocal} ${on}`);
    plan.cleanup.push(`DROP TABLE IF EXISTS ${shadow(t)} ${on} SYNC`, `DROP TABLE IF EXISTS ${shadowLocal} ${on} SYNC`);
  }
  return plan;
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
  const log = async (message: string) => options.onProgress?.(message);
  const runName = `${REBUILD_RUN_PREFIX}${Date.now().toString(36)}`;
  // The run's checkpoint names the read models it rebuilds, so `redstream projections status`, /metrics
  // and GraphQL `projections` show which read models are REBUILDING beside `main`.
  const checkpointName = `${runName}:${options.projections === undefined || options.projections.includes('all') ? 'all' : models.map((m) => m.name).join('+')}`;
  const database = options.cluster ? (await (await clickhouse.query({ query: 'SELECT currentDatabase() AS db', format: 'JSONEachRow' })).json<{ db: string }>())[0]!.db : '';
  const plan = rebuildPlan(tables, options.cluster ? { cluster: options.cluster, database, run: runName } : undefined);
  const run = async (statements: string[]) => {
    for (const query of statements) await clickhouse.command({ query });
  };

  await run(plan.prepare);
  const liveCheckpoint = async () => (live ? live.status().checkpoint : (await readCheckpoint(clickhouse, options.liveProjection ?? 'main')).position);
  const state = new ProjectionState();
  const runTo = async (until: bigint) => {
    const p = startProjector({ store, clickhouse, projection: checkpointName, models, tableSuffix: REBUILD_SUFFIX, until, state, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
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
    await log(`rebuild caught up to ${position}`);
  }
  let paused = false;
  try {
    if (live) {
      const l = await live.pause();
      paused = true;
      position = await runTo(l);
      await log(`live paused at ${l}; rebuild at ${position}`);
    } else {
      position = await runTo(await liveCheckpoint());
      await log(`rebuild at ${position}, the stored checkpoint`);
      // A projector in another process that moved on meanwhile wrote past `position` into the
      // tables about to be swapped out: those events would be missing from the rebuilt ones.
      const moved = await liveCheckpoint();
      if (moved !== position) {
        await run(plan.cleanup);
        throw new Error(REBUILD_WHILE_PROJECTING(position, moved));
      }
    }
    await run(plan.swap);
    await log(`swapped ${tables.length} tables`);
  } finally {
    if (paused) live?.resume();
  }
  await run(plan.cleanup);
  events = Number(position);
  return { tables, position, events, seconds: (Date.now() - started) / 1000 };
}
