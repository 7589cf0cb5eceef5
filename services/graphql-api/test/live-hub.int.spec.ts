import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { LiveHub, type ProjectorBatchListener } from '../src/live/live-hub.ts';
import type { LiveFiguresPayload } from '@redstream/queries';
import { startHarness, type Harness } from './harness.ts';

/**
 * The live hub beside a projector in the same process: a fact in the log alone changes nothing;
 * the scope is re-queried when the projector commits, and shows what it committed — not before
 * (the figures would not have it yet). The projector here is the commit signal alone (its commits
 * wake the hub sooner than its poll of the checkpoint in ClickHouse); the store and ClickHouse are
 * real.
 */
describe('live figures refreshed on the projector’s commits', () => {
  let h: Harness;
  let store: EventStore;
  const listeners = new Set<ProjectorBatchListener>();
  const commit = (position: bigint) => {
    for (const listener of listeners) listener.committed(position);
  };

  beforeAll(async () => {
    // No facts projected: the commit signal below counts positions from the start of an empty log
    // (a projected dataset would leave ClickHouse's checkpoint past them).
    h = await startHarness([]);
    store = await openEmbeddedEventStore({ dir: join(mkdtempSync(join(tmpdir(), 'redstream-live-hub-')), 'eventstore') });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await h?.close();
  });

  const append = (n: number) => store.append(`test-${n}`, [{ eventId: crypto.randomUUID(), type: 'FollowersReported', data: { n }, metadata: { schemaVersion: 1 } }]);

  it('waits for the commit that applies new facts, then pushes at once with the committed position', async () => {
    const hub = new LiveHub({
      reader: h.api.reader,
      projectorBatches: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      minIntervalMs: 50,
      // Neither a poll nor a heartbeat comes within the test: a push after a commit is the commit's.
      pollMs: 600_000,
      heartbeatMs: 600_000,
    });
    await hub.start();
    const pushes: { payload: LiveFiguresPayload; at: number }[] = [];
    const channel = hub.subscribe({ reader: h.api.reader }, { regionCode: '371302' });
    const reading = (async () => {
      for await (const payload of channel) pushes.push({ payload, at: Date.now() });
    })();
    const pushed = async (count: number, withinMs: number) => {
      const deadline = Date.now() + withinMs;
      while (pushes.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      return pushes.length >= count;
    };
    try {
      expect(await pushed(1, 20_000)).toBe(true); // the scope's figures as they are

      await append(1);
      await append(2);
      expect(await pushed(2, 400)).toBe(false); // in the log, not yet applied: nothing to show
      commit(1n); // the projector applied the first of them
      expect(await pushed(2, 20_000)).toBe(true);
      expect(pushes[1]!.payload.position).toBe(1n);

      commit(2n);
      expect(await pushed(3, 20_000)).toBe(true);
      expect(pushes[2]!.payload.position).toBe(2n);

      commit(2n); // a commit with nothing new for the scope pushes nothing
      expect(await pushed(4, 400)).toBe(false);
    } finally {
      await channel.return?.();
      await reading;
      await hub.close();
    }
  }, 60_000);
});
