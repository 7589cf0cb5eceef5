import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WrongExpectedRevision, type EventStore, type NewEvent } from '@redstream/event-store';
import { GroupCommit } from './group-commit.ts';
import { openTestStore } from './testing/harness.ts';

let store: EventStore;
beforeAll(async () => {
  ({ store } = await openTestStore());
});
afterAll(async () => store?.close());

const event = (): NewEvent => ({ eventId: randomUUID(), type: 'Test', data: {}, metadata: { schemaVersion: 1 } });

describe('group commit', () => {
  it('merges concurrent appends into fewer transactions, each caller getting its own results', async () => {
    let transactions = 0;
    const group = new GroupCommit((writes) => (transactions++, store.appendMany(writes)));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => group.append([{ streamId: `g-${i}`, events: [event(), event()], expectedRevision: 'no_stream' }])));
    expect(transactions).toBeLessThan(20);
    for (const [i, [result]] of results.entries()) {
      expect(result!.nextExpectedRevision).toBe(1n);
      expect((await store.readStream(`g-${i}`)).map((e) => e.position)).toEqual(result!.positions);
    }
  });

  it('fails only the caller whose expected revision is wrong', async () => {
    await store.append('taken', [event()]);
    const group = new GroupCommit((writes) => store.appendMany(writes));
    const outcomes = await Promise.allSettled([
      group.append([{ streamId: 'free-1', events: [event()], expectedRevision: 'no_stream' }]),
      group.append([{ streamId: 'taken', events: [event()], expectedRevision: 'no_stream' }]),
      group.append([{ streamId: 'free-2', events: [event()], expectedRevision: 'no_stream' }]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevision);
    expect(await store.readStream('free-2')).toHaveLength(1);
  });

  it('never merges two appends to the same stream', async () => {
    const group = new GroupCommit((writes) => store.appendMany(writes));
    const outcomes = await Promise.allSettled([
      group.append([{ streamId: 'same', events: [event()], expectedRevision: 'no_stream' }]),
      group.append([{ streamId: 'same', events: [event()], expectedRevision: 'no_stream' }]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
  });
});
