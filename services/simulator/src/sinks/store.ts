import { catalog, streamOf, type Fact } from '@redstream/schema';
import type { EventStore, NewEvent, StreamWrite } from '@redstream/event-store';
import { batches } from './batches.ts';

/** How a fact is stored: its id is the event id (the idempotency key), its catalog version in metadata. */
export const toNewEvent = (fact: Fact, sender = 'simulator'): NewEvent => ({
  eventId: fact.id,
  type: fact.type,
  data: fact.data,
  metadata: { schemaVersion: catalog[fact.type].version, sender },
});

/**
 * One appendMany call per batch. Consecutive facts of the same stream form one write; facts are
 * never regrouped across streams, so the global log keeps the generator's order (a streamer's
 * registration stays before the training that names it).
 */
export function toWrites(facts: readonly Fact[], sender?: string): StreamWrite[] {
  const writes: StreamWrite[] = [];
  let current: StreamWrite | undefined;
  for (const fact of facts) {
    const streamId = streamOf(fact);
    if (current?.streamId !== streamId) writes.push((current = { streamId, events: [], expectedRevision: 'any' }));
    current.events.push(toNewEvent(fact, sender));
  }
  return writes;
}

export interface StoreWriteResult {
  appended: number;
  /** Facts the store already held (a re-run with the same seed appends nothing). */
  duplicates: number;
}

export async function writeToStore(
  store: EventStore,
  facts: Iterable<Fact> | AsyncIterable<Fact>,
  options: { batchSize?: number; sender?: string; onProgress?: (p: StoreWriteResult) => void } = {},
): Promise<StoreWriteResult> {
  const result: StoreWriteResult = { appended: 0, duplicates: 0 };
  for await (const batch of batches(facts, options.batchSize ?? 1000)) {
    const appended = await store.appendMany(toWrites(batch, options.sender));
    const duplicates = appended.reduce((sum, r) => sum + r.duplicates, 0);
    result.duplicates += duplicates;
    result.appended += batch.length - duplicates;
    options.onProgress?.({ ...result });
  }
  return result;
}
