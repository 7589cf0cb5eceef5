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
import { startProjector, type Projector } from './projector.ts';

/**
 * While live, a batch's sales are announced as soon as it is mapped, and batches mapped while a
 * write is under way wait for it merged into one: a slow write is followed by one write, not a
 * queue of them, and every total still equals the log.
 */
describe('the projector live, behind a slow write', () => {
  // The two tests follow on: the second starts where the first left the log and the read models.
  const dir = mkdtempSync(join(tmpdir(), 'redstream-projector-live-'));
  let store: EventStore;
  let clickhouse: ClickHouseClient;
  let projector: Projector | undefined;
  const announced: { from: bigint; to: bigint; sales: number }[] = [];
  const phases: { phase: string; position: bigint }[] = [];
  const events = [...generateEvents(6_000, 11, { liveSessions: true })];

  beforeAll(async () => {
    store = await openEmbeddedEventStore({ dir: join(dir, 'eventstore') });
    clickhouse = openClickHouse({ dataDir: join(dir, 'clickhouse') });
    await migrate(clickhouse);
    await appendGenerated(store, events.slice(0, 1_000));
  }, 120_000);
  afterAll(async () => {
    await projector?.stop();
    await store?.close();
    await clickhouse?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('announces each batch when mapped, in order and contiguous, and writes the batches mapped during a write as one', async () => {
    projector = startProjector({
      store,
      clickhouse,
      flushIntervalMs: 20,
      onPrepared: (from, to, facts) => announced.push({ from, to, sales: facts.filter((f) => f.kind === 'sale').length }),
      onPhase: (phase, position) => phases.push({ phase, position }),
    });
    await projector.ready;
    const caughtUp = async (position: bigint) => {
      while (projector!.status().state !== 'live' || projector!.status().checkpoint < position) await new Promise((r) => setTimeout(r, 20));
    };
    await caughtUp(await store.headPosition());
    announced.length = 0;

    // A read held between batches keeps the projector from writing: three appends, each mapped on its own.
    const start = projector.status().checkpoint;
    let release!: () => void;
    const held = projector.between(async (at) => {
      await new Promise<void>((r) => (release = r));
      return at;
    });
    for (const slice of [events.slice(1_000, 2_000), events.slice(2_000, 3_000), events.slice(3_000, 4_000)]) {
      await appendGenerated(store, slice);
      const head = await store.headPosition();
      while ((announced.at(-1)?.to ?? 0n) < head) await new Promise((r) => setTimeout(r, 10));
    }
    const head = await store.headPosition();
    expect(projector.status().checkpoint).toBe(start);
    expect(announced.length).toBeGreaterThanOrEqual(3);
    expect(announced[0]!.from).toBe(start);
    for (let i = 1; i < announced.length; i++) expect(announced[i]!.from).toBe(announced[i - 1]!.to);
    expect(announced.at(-1)!.to).toBe(head);
    expect(announced.reduce((n, a) => n + a.sales, 0)).toBeGreaterThan(0);

    const before = phases.length;
    release();
    await held;
    await caughtUp(head);
    // The first batch mapped was already waiting to be written; everything mapped after it while
    // held is written as one: two intents and two commits, however many batches were mapped.
    const after = phases.slice(before);
    expect(after.filter((p) => p.phase === 'intent')).toEqual([
      { phase: 'intent', position: start },
      { phase: 'intent', position: announced[1]!.from },
    ]);
    expect(after.filter((p) => p.phase === 'commit')).toEqual([
      { phase: 'commit', position: announced[0]!.to },
      { phase: 'commit', position: head },
    ]);

    await projector.stop();
    projector = undefined;
    const { rollupMismatch, ...projected } = await totalsFromClickHouse(clickhouse);
    expect(rollupMismatch).toEqual([]);
    expect(projected).toEqual(await totalsFromLog(store));
  }, 300_000);

  it('redoes a merged write that failed half-way as one batch, after a retry: nothing lost, nothing counted twice', async () => {
    // ClickHouse refuses one derived statement of the merged write, after its fact rows are in.
    let failAt: bigint | undefined;
    let failed = 0;
    const flaky = new Proxy(clickhouse, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (prop === 'command')
          return (params: { query: string }) => {
            if (failAt !== undefined && params.query.includes(`position <= ${failAt}`)) {
              failAt = undefined;
              failed++;
              return Promise.reject(new Error('injected: ClickHouse went away'));
            }
            return target.command(params as Parameters<ClickHouseClient['command']>[0]);
          };
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    announced.length = 0;
    projector = startProjector({
      store,
      clickhouse: flaky,
      flushIntervalMs: 20,
      onPrepared: (from, to, facts) => announced.push({ from, to, sales: facts.filter((f) => f.kind === 'sale').length }),
      onPhase: (phase, position) => phases.push({ phase, position }),
      onError: () => undefined,
    });
    await projector.ready;
    const caughtUp = async (position: bigint) => {
      while (projector!.status().state !== 'live' || projector!.status().checkpoint < position) await new Promise((r) => setTimeout(r, 20));
    };
    await caughtUp(await store.headPosition());
    let release!: () => void;
    const held = projector.between(() => new Promise<void>((r) => (release = r)));
    for (const slice of [events.slice(4_000, 5_000), events.slice(5_000)]) {
      await appendGenerated(store, slice);
      const head = await store.headPosition();
      while ((announced.at(-1)?.to ?? 0n) < head) await new Promise((r) => setTimeout(r, 10));
    }
    const head = await store.headPosition();
    expect(announced.length).toBeGreaterThanOrEqual(2);
    failAt = head; // the merged write (the first batch mapped is written alone before it)
    const before = phases.length;
    release();
    await held;
    await caughtUp(head);
    expect(failed).toBe(1);
    // The restart found the merged write pending and wrote exactly it again, as one batch.
    expect(phases.slice(before).filter((p) => p.phase === 'redo')).toEqual([{ phase: 'redo', position: head }]);

    await projector.stop();
    projector = undefined;
    const { rollupMismatch, ...projected } = await totalsFromClickHouse(clickhouse);
    expect(rollupMismatch).toEqual([]);
    expect(projected).toEqual(await totalsFromLog(store));
    const [counts] = await (await clickhouse.query({ query: 'SELECT count() AS n, uniqExact(event_id) AS u FROM sales_raw', format: 'JSONEachRow' })).json<{ n: string; u: string }>();
    expect(Number(counts!.n)).toBe(Number(counts!.u));
  }, 300_000);
});
