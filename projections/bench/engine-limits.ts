/**
 * What each engine alone needs for the work a catch-up did, measured on the same machine in the
 * same run, so the catch-up figure can be read as a ratio that a busy or slower machine does not
 * change much (absolute figures on a shared 2-core machine swing by 2x from run to run).
 *
 * - ClickHouse alone: every row the projector wrote (facts and rollups), exported to ClickHouse's
 *   Native format and inserted again from those files into empty copies of the tables: no JS, no
 *   mapping, no encoding, no deduplication tokens, one statement per table.
 * - The store alone: reading the whole log from position 0, page by page, as the projector does.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import type { EventStore } from '@redstream/event-store';

export interface EngineLimits {
  /** Rows the projector wrote, over every read-model table. */
  rows: number;
  /** Seconds chDB takes to insert all of them from prepared Native files. */
  clickhouseAloneSeconds: number;
  /** Seconds the store takes to hand over the whole log, page by page. */
  storeReadSeconds: number;
}

/** Bookkeeping tables: written per batch by design, not part of the read models' rows. */
const BOOKKEEPING = new Set(['schema_migrations', 'projector_checkpoints']);

export async function measureEngineLimits(store: EventStore, clickhouse: ClickHouseClient, head: bigint, scratchDir: string, pageSize = 10_000): Promise<EngineLimits> {
  const tables = await clickhouse
    .query({
      query: `SELECT name, toString(total_rows) AS rows_text FROM system.tables
              WHERE database = currentDatabase() AND engine LIKE '%MergeTree' AND total_rows > 0 ORDER BY name`,
      format: 'JSONEachRow',
    })
    .then((r) => r.json<{ name: string; rows_text: string }>())
    .then((rows) => rows.filter((t) => !BOOKKEEPING.has(t.name) && !t.name.includes('__')));

  let rows = 0;
  for (const t of tables) {
    rows += Number(t.rows_text);
    const file = join(scratchDir, `${t.name}.native`);
    await clickhouse.command({ query: `INSERT INTO FUNCTION file('${file}', 'Native') SELECT * FROM ${t.name}` });
    await clickhouse.command({ query: `CREATE TABLE ${t.name}__limit AS ${t.name}` });
  }
  const started = performance.now();
  for (const t of tables) {
    await clickhouse.command({ query: `INSERT INTO ${t.name}__limit SELECT * FROM file('${join(scratchDir, `${t.name}.native`)}', 'Native')` });
  }
  const clickhouseAloneSeconds = (performance.now() - started) / 1000;
  for (const t of tables) {
    await clickhouse.command({ query: `DROP TABLE ${t.name}__limit SYNC` });
    rmSync(join(scratchDir, `${t.name}.native`), { force: true });
  }

  const readStarted = performance.now();
  let after = 0n;
  while (after < head) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) break;
    after = page[page.length - 1]!.position;
  }
  const storeReadSeconds = (performance.now() - readStarted) / 1000;
  return { rows, clickhouseAloneSeconds, storeReadSeconds };
}
