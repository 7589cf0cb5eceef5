import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { appendGenerated, generateEvents } from '../../test-support/generate-events.ts';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../clickhouse/migrate.ts';
import { openClickHouse } from '../clickhouse/open-clickhouse.ts';
import { READ_MODELS } from '../read-models/index.ts';
import { COARSE_ROLLUP_TABLES } from '../read-models/sales-coarse-rollups/sales-coarse-rollups.ts';
import { SESSION_SUMMARY_TABLE } from '../read-models/live-session-summary/live-session-summary.ts';
import { SESSION_MINUTES_TABLE } from '../read-models/live-session-minutes/live-session-minutes.ts';
import { sessionRollupsAgainstFacts } from '../../test-support/totals.ts';
import { backfillNewReadModels } from './backfill.ts';
import { startProjector } from './projector.ts';

/**
 * A deployment that projected events before migrations 0002, 0009 and 0011 existed: they create the
 * coarse rollups and the per-session sales and minute rollups empty behind the checkpoint; at the next start
 * they are backfilled from the log beside the live projector (which keeps taking new facts) and
 * end equal to the fact tables.
 */
describe('read models added by a later migration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redstream-backfill-'));
  let store: EventStore | undefined;
  let clickhouse: ClickHouseClient | undefined;

  afterAll(async () => {
    await clickhouse?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const one = async (query: string) => (await (await clickhouse!.query({ query, format: 'JSONEachRow' })).json<Record<string, string>>())[0]!;

  it('are backfilled from the log at start, beside the live projector, and equal the facts', async () => {
    store = await openEmbeddedEventStore({ dir: join(dir, 'eventstore') });
    clickhouse = openClickHouse({ dataDir: join(dir, 'clickhouse') });
    // Before: every migration but 0002 (and 0008, whose views write into 0002's tables, and 0010,
    // which drops one of 0008's), 0011 and 0012, and a projector without the read models they create.
    const before = join(dir, 'migrations-before');
    mkdirSync(before);
    for (const m of readMigrations()) if (!['0002_', '0008_', '0010_', '0011_', '0012_'].some((n) => m.name.startsWith(n))) copyFileSync(join(MIGRATIONS_DIR, m.name), join(before, m.name));
    await migrate(clickhouse, before);
    await appendGenerated(store, generateEvents(12_000, 11, { liveSessions: true }));
    const old = startProjector({ store, clickhouse, models: READ_MODELS.filter((m) => !['sales-coarse-rollups', 'live-session-summary', 'live-session-minutes'].includes(m.name)), until: await store.headPosition() });
    await old.done;
    expect(old.status().checkpoint).toBe(await store.headPosition());

    // After: the new migration is applied; the live projector starts and new facts keep coming.
    const { applied } = await migrate(clickhouse);
    expect(applied.map((name) => name.slice(0, 4))).toEqual(['0002', '0008', '0010', '0011', '0012']);
    expect(await one('SELECT toString(count()) AS n FROM sales_region_daily')).toEqual({ n: '0' });
    const live = startProjector({ store, clickhouse, flushIntervalMs: 50 });
    await live.ready;
    const more = appendGenerated(store, generateEvents(4_000, 12), 500);
    const started: string[][] = [];
    const result = await backfillNewReadModels({ store, clickhouse, applied, live, onStart: (names) => started.push(names) });
    await more;
    const head = await store.headPosition();
    while (live.status().checkpoint < head) await new Promise((r) => setTimeout(r, 50));
    await live.stop();

    expect(started).toEqual([['sales-coarse-rollups', 'live-session-summary', 'live-session-minutes']]);
    expect([...result!.tables].sort()).toEqual([...COARSE_ROLLUP_TABLES, SESSION_SUMMARY_TABLE, SESSION_MINUTES_TABLE].sort());
    const facts = await one(`SELECT toString((SELECT count() FROM sales_raw)) AS orders, toString((SELECT sum(amount_fen) FROM sales_raw)) AS gmv,
                                    toString((SELECT sum(amount_fen) FROM refunds_raw)) AS refunds`);
    expect(Number(facts.orders)).toBeGreaterThan(9_000);
    for (const table of COARSE_ROLLUP_TABLES) {
      const sums = await one(`SELECT toString(sum(orders)) AS orders, toString(sum(gmv_fen)) AS gmv, toString(sum(refunds_fen)) AS refunds FROM ${table}`);
      expect(sums, table).toEqual(facts);
    }
    // The session rollups were backfilled too: each session's figures equal its facts'.
    expect(Number((await one(`SELECT toString(uniqExact(session_id)) AS n FROM ${SESSION_MINUTES_TABLE}`)).n)).toBeGreaterThan(50);
    expect(await sessionRollupsAgainstFacts(clickhouse)).toEqual([]);
    // Nothing to backfill when no migration created a table, or on a fresh deployment.
    expect(await backfillNewReadModels({ store, clickhouse, applied: [], live })).toBeUndefined();
  }, 240_000);
});
