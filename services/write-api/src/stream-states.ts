import { decodeEvent } from '@redstream/schema';
import type { AnyDecider } from '@redstream/domain';
import type { EventStore } from '@redstream/event-store';

/** An aggregate's state as of `revision` of its stream, with the ids of the events in it. */
export interface StreamState {
  streamId: string;
  /** Revision of the stream's last event; -1n when the stream does not exist. */
  revision: bigint;
  state: unknown;
  /** Lower-cased event id → global position: a resent fact is answered from here. */
  positions: ReadonlyMap<string, bigint>;
}

/**
 * Aggregate states kept between requests, least recently used evicted. A cached state is never
 * trusted blindly: every load reads the stream from the cached revision on, so events appended
 * by another process (a second API instance on KurrentDB, the simulator) are folded in, and the
 * append's expected revision catches whatever changes after that read.
 */
export class StreamStates {
  private readonly cache = new Map<string, StreamState>();

  constructor(
    private readonly store: EventStore,
    private readonly maxEntries = 20_000,
  ) {}

  async load(streamId: string, decider: AnyDecider): Promise<StreamState> {
    const cached = this.cache.get(streamId);
    const from = cached ? cached.revision + 1n : 0n;
    const events = await this.store.readStream(streamId, { fromRevision: from });
    let current: StreamState = cached ?? { streamId, revision: -1n, state: decider.initialState(), positions: new Map() };
    if (events.length > 0) {
      const positions = new Map(current.positions);
      let state = current.state;
      for (const event of events) {
        state = decider.evolve(state, decodeEvent(event.type, event.metadata.schemaVersion, event.data));
        positions.set(event.eventId.toLowerCase(), event.position);
      }
      current = { streamId, revision: events[events.length - 1]!.revision, state, positions };
    }
    this.remember(current);
    return current;
  }

  /**
   * The state as this process last saw it, without reading the store: empty for a stream it has
   * not seen. Only safe for a decision that an append with this revision as expected revision
   * will verify (see FactWriter).
   */
  lastSeen(streamId: string, decider: AnyDecider): StreamState {
    const cached = this.cache.get(streamId);
    if (cached) {
      this.remember(cached);
      return cached;
    }
    return { streamId, revision: -1n, state: decider.initialState(), positions: new Map() };
  }

  /** Drops what this process knows of a stream; the next load reads it whole. */
  forget(streamId: string): void {
    this.cache.delete(streamId);
  }

  /** Records the state a successful append produced. */
  remember(entry: StreamState): void {
    this.cache.delete(entry.streamId);
    this.cache.set(entry.streamId, entry);
    if (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
  }
}
