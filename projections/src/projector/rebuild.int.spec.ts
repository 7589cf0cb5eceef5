import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { appendGenerated, generateEvents, type GeneratedEvent } from '../../test-support/generate-events.ts';
import { totalsFromClickHouse, totalsFromLog } from '../../test-support/totals.ts';
import { migrate } from '../clickhouse/migrate.ts';
import { openClickHouse } from '../clickhouse/open-clickhouse.ts';
import { startProjector, type Projector } from './projector.ts';
import { writeCheckpoint } from './checkpoints.ts';
import { rebuildProjections } from './rebuild.ts';

const until = async (cond: () => boolean | Promise<boolean>) => {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 50));
};

describe('rebuild beside a live projector', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redstream-rebuild-'));
  let store: EventStore;
  let clickhouse: ClickHouseClient;
  let projector: Projector;
  const all = [...generateEvents(30_000, 3, { liveSessions: true })];
  const firstPart: GeneratedEvent[] = all.slice(0, 20_000);
  const secondPart: GeneratedEvent[] = all.slice(20_000);

  beforeAll(async () => {
    store = await openEmbeddedEventStore({ dir: join(dir, 'eventstore') });
    clickhouse = openClickHouse({ dataDir: join(dir, 'clickhouse') });
    await migrate(clickhouse);
    await appendGenerated(store, firstPart);
    projector = startProjector({ store, clickhouse, batchSize: 5000, flushIntervalMs: 100 });
    await projector.ready;
  });

  afterAll(async () => {
    await projector?.stop();
    await clickhouse?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('swaps rebuilt tables in while facts keep arriving and queries keep answering', async () => {
    await until(async () => projector.status().checkpoint === (await store.headPosition()));
    const counts: number[] = [];
    let querying = true;
    const reader = (async () => {
      while (querying) {
        const rs = await clickhouse.query({ query: 'SELECT sum(orders) AS n FROM sales_daily', format: 'JSONEachRow' });
        counts.push(Number((await rs.json<{ n: string }>())[0]!.n));
      }
    })();
    const appending = appendGenerated(store, secondPart, 500);
    const result = await rebuildProjections({ store, clickhouse, live: projector, batchSize: 5000 });
    await appending;
    await until(async () => projector.status().checkpoint === (await store.headPosition()));
    querying = false;
    await reader;

    expect(result.tables).toContain('sales_raw');
    expect(counts.length).toBeGreaterThan(0);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]!);
    const { rollupMismatch, events: _checkpoint, ...projected } = await totalsFromClickHouse(clickhouse);
    const { events: _events, ...expected } = await totalsFromLog(store);
    expect(rollupMismatch).toEqual([]);
    // Sessions that span the rebuild's start (one is open across the two parts) are in the totals.
    expect(Object.keys(expected.bySession).length).toBeGreaterThan(100);
    expect(projected).toEqual(expected);
  }, 300_000);

  it('rebuilds a single projection and leaves the others alone', async () => {
    const before = await totalsFromClickHouse(clickhouse);
    const result = await rebuildProjections({ store, clickhouse, live: projector, projections: ['farmer-payments'] });
    expect(result.tables).toEqual(['farmer_payments']);
    expect(await totalsFromClickHouse(clickhouse)).toEqual(before);
    const runs = await clickhouse.query({ query: "SELECT DISTINCT projection_name AS name FROM projector_checkpoints WHERE name LIKE 'rebuild-%' ORDER BY name", format: 'JSONEachRow' });
    expect((await runs.json<{ name: string }>()).map((r) => r.name.replace(/^rebuild-\w+:/, ''))).toEqual(expect.arrayContaining(['all', 'farmer-payments']));
  }, 300_000);

  it('from the CLI, refuses the swap when the projector service moved on meanwhile, and says what to do', async () => {
    const before = await totalsFromClickHouse(clickhouse);
    // A projection `elsewhere` stands for the projector service of another process: it moves on
    // by one event whenever the rebuild reports a step.
    let at = (await store.headPosition()) - 10n;
    let seq = 1n;
    await writeCheckpoint(clickhouse, 'elsewhere', { position: at, pendingTo: at, seq });
    const moveOn = () => writeCheckpoint(clickhouse, 'elsewhere', { position: ++at, pendingTo: at, seq: ++seq });
    await expect(rebuildProjections({ store, clickhouse, liveProjection: 'elsewhere', projections: ['farmer-payments'], onProgress: moveOn })).rejects.toThrow(
      /moved from \d+ to \d+ during the rebuild: the projector service is running\. Rebuilt tables were dropped, nothing was swapped\. Stop the projector service/,
    );
    expect(await totalsFromClickHouse(clickhouse)).toEqual(before);
    const shadows = await clickhouse.query({ query: "SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name LIKE '%\\_\\_rebuild'", format: 'JSONEachRow' });
    expect(await shadows.json()).toEqual([{ n: '0' }]);
  }, 300_000);
});
