import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import type { EncodedRows } from './encode-rows.ts';
import { writeCheckpoint, type CheckpointRow } from './checkpoints.ts';

/**
 * How a batch is applied exactly once in effect.
 *
 * Delivery from the log is at-least-once, and ClickHouse has no transaction spanning a dozen
 * tables and the checkpoint. So a batch (from, to] is written as:
 *
 *   1. intent     projector_checkpoints ← { position: from, pending_to: to }
 *   2. rows       every table, one INSERT each, insert_deduplication_token = `<projection>:<from>:<to>:<table>`
 *   3. commit     projector_checkpoints ← { position: to, pending_to: 0 }
 *
 * A process killed anywhere in 2 (or before 3) restarts, finds pending_to > position, and re-reads
 * exactly the events (from, to] from the log — the log is immutable and positions are stable, so it
 * is the same batch — maps them to the same rows and writes them again with the same tokens.
 * ClickHouse drops a block whose token it has already seen (every table sets
 * `non_replicated_deduplication_window`; on Replicated tables deduplication is on by default), so
 * tables that got their rows keep them once and tables that did not get them now. Derived tables
 * (the rollups) are computed by ClickHouse from the batch's fact rows after those are all written,
 * with their own tokens: the facts of (from, to] are then exactly the first run's, so the derived
 * block is too, and a replay of it is dropped the same way. Only then does the projector commit
 * and move on. A batch is never written under the same token with other rows, and
 * rows beyond the committed position are only ever those of the pending batch.
 *
 * We chose this over "ReplacingMergeTree + FINAL" alone because the dashboard rollups are sums:
 * replacing only happens at merge time, and a rollup fed a replayed batch would add it twice.
 * With the token scheme sums stay exact whether or not merges have run, and the fact tables are
 * additionally ReplacingMergeTree keyed by event identity as a second line of defence.
 */
export interface BatchWrite {
  projection: string;
  from: bigint;
  to: bigint;
  /** Rows by logical table name, encoded (encode-rows.ts). */
  tables: Map<string, EncodedRows>;
  /** Physical table for a logical one (rebuilds write into `<table>__rebuild`). */
  tableName: (table: string) => string;
  /** INSERT … SELECT statements by logical table, run once the rows are in (read-model.ts, DerivedTable). */
  derived?: ReadonlyMap<string, string>;
}

const INSERT_CONCURRENCY = 3;

const byName = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/** Tables are independent: write a few at a time (a server works on them in parallel; embedded chDB takes them one by one, but always has the next at hand). */
async function forEachConcurrently<T>(items: readonly T[], write: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await write(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(INSERT_CONCURRENCY, items.length) }, worker));
}

export async function applyBatch(client: ClickHouseClient, batch: BatchWrite, nextSeq: () => bigint, onPhase?: (phase: string) => void): Promise<CheckpointRow> {
  await writeCheckpoint(client, batch.projection, { position: batch.from, pendingTo: batch.to, seq: nextSeq() });
  onPhase?.('intent');
  const token = (table: string) => `${batch.projection}:${batch.from}:${batch.to}:${table}`;
  const tables = [...batch.tables.entries()].filter(([, rows]) => rows.rows > 0).sort(byName);
  await forEachConcurrently(tables, async ([table, rows]) => {
    await client.insert({
      table: batch.tableName(table),
      values: Readable.from([rows.body], { objectMode: false, encoding: 'utf8' }),
      columns: rows.columns,
      format: 'TabSeparated',
      clickhouse_settings: { insert_deduplicate: 1, insert_deduplication_token: token(table) },
    });
    onPhase?.(`rows:${table}`);
  });
  await forEachConcurrently([...(batch.derived ?? new Map<string, string>())].sort(byName), async ([table, query]) => {
    // One thread: the same rows always come out as the same single block (see derive-rollup.ts).
    // No merge of the block with itself on insert (`optimize_on_insert`): its rows are already
    // grouped by the table's key, so that pass would only cost time (a third of these inserts').
    // A feed (a Null table whose materialized views fill several rollups, read-model.ts) passes the
    // token on: each view's table keeps a token of its own per batch and drops a replayed block.
    await client.command({
      query,
      clickhouse_settings: { insert_deduplicate: 1, insert_deduplication_token: token(table), deduplicate_blocks_in_dependent_materialized_views: 1, max_threads: 1, optimize_on_insert: 0 },
    });
    onPhase?.(`derived:${table}`);
  });
  const committed = { position: batch.to, pendingTo: 0n, seq: nextSeq() };
  await writeCheckpoint(client, batch.projection, committed);
  onPhase?.('commit');
  return committed;
}
