import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { appendGenerated, generateEvents } from '../../test-support/generate-events.ts';
import { totalsFromClickHouse, totalsFromLog } from '../../test-support/totals.ts';
import { migrate } from '../clickhouse/migrate.ts';
import { openClickHouse } from '../clickhouse/open-clickhouse.ts';
import { readLastFault, readSkips, requestRetry, skipEvent } from './faults.ts';
import { projectorHealth } from './metrics.ts';
import { startProjector, type Projector } from './projector.ts';

/**
 * One bad event in the log — a stored SaleRecorded whose amount its schema refuses, as an old
 * writer's bug or an upcast that throws would leave it: the projector applies everything before it,
 * stops at it (never skips it silently) and says why; a retry fails the same way; an operator's
 * skip is recorded and the projector goes on, with every total exact but for the skipped event.
 */
describe('an event whose mapping throws', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redstream-faults-'));
  let store: EventStore;
  let clickhouse: ClickHouseClient;
  let projector: Projector | undefined;
  let bad: bigint;
  const badId = '00000000-0000-4000-8000-0000000000bd';

  beforeAll(async () => {
    store = await openEmbeddedEventStore({ dir: join(dir, 'eventstore') });
    clickhouse = openClickHouse({ dataDir: join(dir, 'clickhouse') });
    await migrate(clickhouse);
    const events = [...generateEvents(6_000, 5)];
    await appendGenerated(store, events.slice(0, 3_000));
    const written = await store.append('sale-bad', [{ eventId: badId, type: 'SaleRecorded', data: { orderId: 'o-bad', streamerId: 's0', amountFen: 'lots', quantity: 1 }, metadata: { schemaVersion: 2 } }]);
    bad = written.positions[0]!;
    await appendGenerated(store, events.slice(3_000));
  }, 120_000);
  afterAll(async () => {
    await projector?.stop();
    await clickhouse?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const until = async (ok: () => boolean, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    return ok();
  };

  it('stops the projector at it, degraded, with the event and the error; retry stops there again; skip moves past it and is recorded', async () => {
    projector = startProjector({ store, clickhouse, batchSize: 1_000, flushIntervalMs: 50, decisionPollMs: 50, onError: () => undefined });
    expect(await until(() => projector!.status().state === 'faulted' && projector!.status().checkpoint === bad - 1n)).toBe(true);
    const status = projector.status();
    expect(status.fault).toMatchObject({ projection: 'main', position: bad, eventId: badId, eventType: 'SaleRecorded' });
    expect(status.fault!.error).toMatch(/SaleRecorded v2 is invalid at/);
    expect(projectorHealth(status)).toEqual({ state: 'degraded', detail: expect.stringContaining(`stopped at event ${bad} (SaleRecorded ${badId})`) });
    // Recorded where every process can read it.
    expect(await readLastFault(clickhouse, 'main')).toMatchObject({ position: bad, eventId: badId, eventType: 'SaleRecorded' });
    // Everything before it is applied, exactly.
    const before = await totalsFromClickHouse(clickhouse);
    expect(before.events).toBe(Number(bad - 1n));

    // A retry (nothing fixed) fails on the same event again.
    const firstFailedAt = status.fault!.failedAt;
    await requestRetry(clickhouse);
    expect(await until(() => (projector!.status().fault?.failedAt ?? firstFailedAt) > firstFailedAt)).toBe(true);
    expect(projector.status()).toMatchObject({ state: 'faulted', checkpoint: bad - 1n, fault: { position: bad } });

    // Skipping needs the position it is stopped at, and a reason.
    await expect(skipEvent(clickhouse, { position: bad + 1n, reason: 'wrong one', checkpoint: bad - 1n })).rejects.toThrow(/stopped at position/);
    await expect(skipEvent(clickhouse, { position: bad, reason: ' ', checkpoint: bad - 1n })).rejects.toThrow(/reason/);
    await skipEvent(clickhouse, { position: bad, reason: 'amount written as text by importer 1.2 (ticket 42)', checkpoint: bad - 1n });
    const head = await store.headPosition();
    expect(await until(() => projector!.status().checkpoint === head)).toBe(true);
    expect(projector.status()).toMatchObject({ state: 'live', fault: undefined, skipped: 1 });
    expect(projectorHealth(projector.status())).toBe(true);

    const skips = await readSkips(clickhouse);
    expect(skips).toEqual([expect.objectContaining({ projection: 'main', position: bad, eventId: badId, eventType: 'SaleRecorded', reason: 'amount written as text by importer 1.2 (ticket 42)' })]);
    expect(skips[0]!.error).toMatch(/SaleRecorded v2 is invalid at/);

    // Totals exact: every event but the skipped one.
    const { rollupMismatch, ...after } = await totalsFromClickHouse(clickhouse);
    expect(rollupMismatch).toEqual([]);
    expect(after).toEqual(await totalsFromLog(store, new Set([bad])));
  }, 180_000);
});
