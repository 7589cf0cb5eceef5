import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AppendExpectedRevision,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  WrongExpectedRevision,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  type StreamWrite,
  type SubscribeOptions,
  type SubscriptionBatch,
} from '../port.ts';
import { uniqueByEventId } from '../expected-revision.ts';

/**
 * KurrentDB / EventStoreDB through the official Node client `@eventstore/db-client` (6.x), the
 * client the product names. Positions are the commit positions of `$all`: strictly increasing,
 * not contiguous. Since server 20.x every event's commit and prepare positions are equal, so one
 * bigint round-trips to `{ commit, prepare }`.
 */
const toPosition = (p: bigint): Position => ({ commit: p, prepare: p });

const toExpected = (e: ExpectedRevision): AppendExpectedRevision =>
  e === 'any' ? ANY : e === 'no_stream' ? NO_STREAM : e === 'stream_exists' ? STREAM_EXISTS : e;

function toRecorded(resolved: ResolvedEvent): RecordedEvent | undefined {
  const e = resolved.event;
  if (!e || e.type.startsWith('$') || !e.isJson) return undefined;
  const metadata = (e.metadata ?? {}) as RecordedEvent['metadata'];
  return {
    eventId: e.id,
    type: e.type,
    streamId: e.streamId,
    revision: e.revision,
    position: e.position?.commit ?? resolved.commitPosition ?? 0n,
    recordedAt: e.created,
    data: e.data,
    metadata,
  };
}

export class KurrentEventStore implements EventStore {
  readonly kind = 'kurrentdb' as const;

  constructor(private readonly client: EventStoreDBClient) {}

  async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision = 'any'): Promise<AppendResult> {
    const unique = uniqueByEventId(events);
    // KurrentDB dedupes an exact retry by itself, but with `any` only best effort; reading the
    // (small, per-aggregate) stream makes "an event id is stored once" hold within the stream.
    const stored = new Map((await this.readStream(streamId)).map((e) => [e.eventId.toLowerCase(), e]));
    const fresh = unique.filter((e) => !stored.has(e.eventId.toLowerCase()));
    if (fresh.length === 0) {
      const last = [...stored.values()].at(-1);
      return {
        nextExpectedRevision: last?.revision ?? -1n,
        positions: events.map((e) => stored.get(e.eventId.toLowerCase())!.position),
        duplicates: events.length,
      };
    }
    try {
      const result = await this.client.appendToStream(
        streamId,
        fresh.map((e) => jsonEvent({ id: e.eventId, type: e.type, data: e.data as never, metadata: e.metadata })),
        { expectedRevision: toExpected(expectedRevision) },
      );
      // The server reports one position per append: that of the write as a whole.
      const appendedAt = result.position?.commit ?? 0n;
      return {
        nextExpectedRevision: result.nextExpectedRevision,
        positions: events.map((e) => stored.get(e.eventId.toLowerCase())?.position ?? appendedAt),
        duplicates: events.length - fresh.length,
      };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion;
        throw new WrongExpectedRevision(streamId, expectedRevision, typeof actual === 'bigint' ? actual : 'no_stream');
      }
      throw error;
    }
  }

  /** Client 6.x has no multi-stream append: stream by stream, each atomic (see the port). */
  async appendMany(writes: StreamWrite[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const w of writes) results.push(await this.append(w.streamId, w.events, w.expectedRevision ?? 'any'));
    return results;
  }

  async readStream(streamId: string, options: { fromRevision?: bigint; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: options.fromRevision ?? START,
        maxCount: options.maxCount ?? 1_000_000,
      })) {
        const recorded = toRecorded(resolved);
        if (recorded) out.push(recorded);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  async readAll(options: { after: bigint; maxCount: number }): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    // $all reads are inclusive of the start position; ask for one more and drop it.
    for await (const resolved of this.client.readAll({
      direction: FORWARDS,
      fromPosition: options.after === 0n ? START : toPosition(options.after),
      maxCount: options.maxCount + 1,
    })) {
      const recorded = toRecorded(resolved);
      if (recorded && recorded.position > options.after) out.push(recorded);
      if (out.length >= options.maxCount) break;
    }
    return out;
  }

  async headPosition(): Promise<bigint> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
      return resolved.event?.position?.commit ?? resolved.commitPosition ?? 0n;
    }
    return 0n;
  }

  /**
   * A catch-up subscription to `$all` without system events. Checkpoints reached while the
   * server filters out system events are handed over as empty batches, so a consumer's stored
   * position does not go stale when our events are sparse. A dropped subscription is resumed
   * from the last handed-over checkpoint with backoff.
   */
  async *subscribe(options: SubscribeOptions): AsyncIterable<SubscriptionBatch> {
    const maxBatch = options.maxBatch ?? 1000;
    let after = options.after;
    let backoffMs = 250;
    while (!options.signal?.aborted) {
      const pending: SubscriptionBatch[] = [];
      let wake: (() => void) | undefined;
      let caughtUp = false;
      const notify = () => wake?.();
      const subscription = this.client.subscribeToAll({
        fromPosition: after === 0n ? START : toPosition(after),
        filter: excludeSystemEvents({
          checkpointReached: (_s, position) => {
            pending.push({ events: [], checkpoint: position.commit, caughtUp });
            notify();
          },
        }),
      });
      subscription.on('caughtUp', () => {
        caughtUp = true;
        pending.push({ events: [], checkpoint: after, caughtUp: true });
        notify();
      });
      options.signal?.addEventListener('abort', () => void subscription.unsubscribe(), { once: true });
      try {
        let batch: RecordedEvent[] = [];
        const iterator = subscription[Symbol.asyncIterator]();
        while (!options.signal?.aborted) {
          const next = await iterator.next();
          if (next.done) break;
          const recorded = toRecorded(next.value);
          if (recorded && recorded.position > after) batch.push(recorded);
          if (batch.length >= maxBatch || (batch.length > 0 && subscription.readableLength === 0)) {
            after = batch[batch.length - 1]!.position;
            yield { events: batch, checkpoint: after, caughtUp };
            batch = [];
          }
          while (pending.length) {
            const marker = pending.shift()!;
            if (marker.checkpoint > after) after = marker.checkpoint;
            yield { ...marker, checkpoint: after };
          }
          backoffMs = 250;
        }
      } catch (error) {
        if (options.signal?.aborted) return;
        console.warn(`event store subscription dropped, resuming after ${after}: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, backoffMs));
        backoffMs = Math.min(backoffMs * 2, 10_000);
      } finally {
        await subscription.unsubscribe().catch(() => undefined);
      }
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

export async function openKurrentEventStore(options: { connectionString: string }): Promise<EventStore> {
  return new KurrentEventStore(EventStoreDBClient.connectionString(options.connectionString));
}
