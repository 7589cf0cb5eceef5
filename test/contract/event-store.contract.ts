import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WrongExpectedRevision, type EventStore, type NewEvent, type RecordedEvent } from '@redstream/event-store';

/**
 * The behaviour every EventStore adapter owes its callers. Each test works on streams of its
 * own (a random run prefix), so the suite also runs against a shared KurrentDB server.
 */
export function eventStoreContract(name: string, open: () => Promise<EventStore>) {
  describe(`event store contract: ${name}`, () => {
    let store: EventStore;
    const run = randomUUID().slice(0, 8);
    const stream = (label: string) => `contract${run}-${label}`;
    const event = (n = 0): NewEvent => ({ eventId: randomUUID(), type: 'ContractTested', data: { n }, metadata: { schemaVersion: 1, sender: 'contract' } });
    const ours = (events: RecordedEvent[]) => events.filter((e) => e.streamId.startsWith(`contract${run}-`));

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('appends and reads a stream back in revision order', async () => {
      const s = stream('read');
      const sent = [event(1), event(2), event(3)];
      const before = Date.now();
      const result = await store.append(s, sent, 'no_stream');
      expect(result.nextExpectedRevision).toBe(2n);
      const read = await store.readStream(s);
      expect(read.map((e) => [e.eventId, e.revision, e.data])).toEqual(sent.map((e, i) => [e.eventId, BigInt(i), e.data]));
      for (const e of read) {
        expect(e.recordedAt).toBeInstanceOf(Date);
        expect(Math.abs(e.recordedAt.getTime() - before)).toBeLessThan(60_000);
      }
      expect(await store.readStream(stream('absent'))).toEqual([]);
    });

    it('refuses a wrong expected revision, saying expected and actual, and stores nothing', async () => {
      const s = stream('conflict');
      await store.append(s, [event(), event()], 'no_stream');
      const attempt = store.append(s, [event(), event()], 0n);
      await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevision);
      await expect(attempt).rejects.toThrow(/expected 0, actual 1/);
      await expect(store.append(s, [event()], 'no_stream')).rejects.toThrow(/expected no_stream, actual 1/);
      await expect(store.append(stream('conflict-missing'), [event()], 'stream_exists')).rejects.toThrow(/expected stream_exists, actual no_stream/);
      expect(await store.readStream(s)).toHaveLength(2);
      const ok = await store.append(s, [event()], 1n);
      expect(ok.nextExpectedRevision).toBe(2n);
    });

    it('stores an event id appended twice once, answering the retry with the first position', async () => {
      const s = stream('idempotent');
      const e = event();
      const first = await store.append(s, [e], 'no_stream');
      const again = await store.append(s, [e], 'no_stream');
      const anyAgain = await store.append(s, [e], 'any');
      expect(again.positions).toEqual(first.positions);
      expect(anyAgain.duplicates).toBe(1);
      expect(await store.readStream(s)).toHaveLength(1);
    });

    it('keeps positions strictly increasing and revisions contiguous under 4 concurrent writers (10,000 events)', async () => {
      const before = await store.headPosition();
      const writer = async (w: number) => {
        for (let batch = 0; batch < 25; batch++) {
          // each writer spreads 2,500 events over 10 streams of its own, 100 per append
          await store.append(stream(`w${w}-s${batch % 10}`), Array.from({ length: 100 }, (_, i) => event(batch * 100 + i)), 'any');
        }
      };
      await Promise.all([0, 1, 2, 3].map(writer));
      const all: RecordedEvent[] = [];
      for (let after = before; ; ) {
        const page = await store.readAll({ after, maxCount: 2000 });
        if (page.length === 0) break;
        all.push(...page);
        after = page[page.length - 1]!.position;
      }
      const written = ours(all).filter((e) => /-w\d-s\d$/.test(e.streamId));
      expect(written).toHaveLength(10_000);
      for (let i = 1; i < all.length; i++) expect(all[i]!.position > all[i - 1]!.position).toBe(true);
      if (store.kind === 'embedded') {
        // the embedded log is gap-free: positions before+1 … before+n
        expect(all.map((e) => e.position)).toEqual(all.map((_, i) => before + BigInt(i + 1)));
      }
      const byStream = new Map<string, bigint[]>();
      for (const e of written) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.revision]);
      expect(byStream.size).toBe(40);
      for (const revisions of byStream.values()) expect(revisions).toEqual(revisions.map((_, i) => BigInt(i)));
    });

    it('delivers every event after P exactly once, in order, while writers keep appending', async () => {
      await store.append(stream('sub-before'), [event(), event()], 'any');
      const start = await store.headPosition();
      const expected: string[] = [];
      const writing = (async () => {
        for (let i = 0; i < 40; i++) {
          const batch = Array.from({ length: 25 }, () => event(i));
          expected.push(...batch.map((e) => e.eventId));
          await store.append(stream(`sub-${i % 7}`), batch, 'any');
          if (i % 10 === 0) await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const controller = new AbortController();
      const seen: RecordedEvent[] = [];
      let checkpoint = start;
      const reading = (async () => {
        for await (const batch of store.subscribe({ after: start, maxBatch: 64, signal: controller.signal })) {
          expect(batch.checkpoint >= checkpoint).toBe(true);
          checkpoint = batch.checkpoint;
          seen.push(...ours(batch.events));
          if (seen.length >= 1000) break;
        }
      })();
      await writing;
      await Promise.race([reading, new Promise((_, reject) => setTimeout(() => reject(new Error(`subscriber saw ${seen.length} of 1000`)), 30_000))]);
      controller.abort();
      expect(seen.map((e) => e.eventId)).toEqual(expected);
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.position > seen[i - 1]!.position).toBe(true);
    });

    it('resumes a subscription from a checkpoint without repeating', async () => {
      const s = stream('resume');
      await store.append(s, [event(1), event(2)], 'any');
      const head = await store.headPosition();
      await store.append(s, [event(3)], 'any');
      const controller = new AbortController();
      for await (const batch of store.subscribe({ after: head, signal: controller.signal })) {
        const mine = batch.events.filter((e) => e.streamId === s);
        if (mine.length === 0) continue;
        expect(mine.map((e) => e.data)).toEqual([{ n: 3 }]);
        break;
      }
      controller.abort();
    });

    it('appends a batch to one stream atomically: a conflict stores none of it', async () => {
      const s = stream('atomic');
      await store.append(s, [event()], 'no_stream');
      await expect(store.append(s, Array.from({ length: 50 }, () => event()), 7n)).rejects.toThrow(WrongExpectedRevision);
      expect(await store.readStream(s)).toHaveLength(1);
    });
  });
}
