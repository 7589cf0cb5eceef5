import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeEvent, type Fact } from '@redstream/schema';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRegion } from '../generate-region.ts';
import { writeToStore } from './store.ts';

// A week of a small region: a few thousand facts, every kind of entity.
const facts: Fact[] = [...generateRegion({ seed: 12, from: '2025-06-10', to: '2025-06-17', scale: 0.001 })];
let dir: string;
let store: EventStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'redstream-sim-'));
  store = await openEmbeddedEventStore({ dir });
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('writeToStore into the embedded event store', () => {
  it('appends every fact once, in generator order, readable back through the catalog', async () => {
    const progress: number[] = [];
    const result = await writeToStore(store, facts, { batchSize: 1000, onProgress: (p) => progress.push(p.appended) });
    expect(result).toEqual({ appended: facts.length, duplicates: 0 });
    expect(progress.at(-1)).toBe(facts.length);
    expect(await store.headPosition()).toBe(BigInt(facts.length));
    const head = await store.readAll({ after: 0n, maxCount: 500 });
    expect(head.map((e) => e.eventId)).toEqual(facts.slice(0, 500).map((f) => f.id));
    for (const e of head) expect(decodeEvent(e.type, e.metadata.schemaVersion, e.data)).toEqual({ type: e.type, data: facts.find((f) => f.id === e.eventId)!.data });
  });

  it('appends nothing when the same run is written again (fact ids are idempotency keys)', async () => {
    const again = await writeToStore(store, generateRegion({ seed: 12, from: '2025-06-10', to: '2025-06-17', scale: 0.001 }), { batchSize: 1000 });
    expect(again).toEqual({ appended: 0, duplicates: facts.length });
    expect(await store.headPosition()).toBe(BigInt(facts.length));
  });

  it("puts a streamer's registration on its own stream", async () => {
    const first = facts.find((f) => f.type === 'StreamerRegistered')!;
    const events = await store.readStream(`streamer-${(first.data as { streamerId: string }).streamerId}`);
    expect(events[0]?.eventId).toBe(first.id);
  });
});
