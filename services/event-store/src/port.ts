/**
 * The event store port: the one seam between redstream and the store that keeps its log.
 * Two adapters implement it — embedded (PGlite) and KurrentDB — and one contract suite
 * (test/contract/event-store.contract.ts) holds both to the same behaviour.
 */

/** What the writer expects of the stream's current revision (KurrentDB's semantics). */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface NewEvent {
  /** Idempotency key: an event id already in the store is not appended again. */
  eventId: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown> & { schemaVersion: number };
}

export interface RecordedEvent {
  eventId: string;
  type: string;
  streamId: string;
  /** 0-based, contiguous within the stream. */
  revision: bigint;
  /**
   * Position in the global log. Embedded: 1, 2, 3 … without gaps. KurrentDB: its commit
   * position, strictly increasing but not contiguous. Only ever compare, never do arithmetic.
   */
  position: bigint;
  recordedAt: Date;
  data: unknown;
  metadata: Record<string, unknown> & { schemaVersion: number };
}

export interface AppendResult {
  /** Revision of the stream's last event after the append (the next expected revision). */
  nextExpectedRevision: bigint;
  /** Position of each given event in order; a duplicate reports the position it was stored at. */
  positions: bigint[];
  /** How many of the given events were already stored (same event id) and not appended again. */
  duplicates: number;
}

export interface StreamWrite {
  streamId: string;
  events: NewEvent[];
  expectedRevision?: ExpectedRevision;
}

/** A batch delivered by a subscription; store `checkpoint` once the batch is applied. */
export interface SubscriptionBatch {
  events: RecordedEvent[];
  /** Resume after this position; can move ahead of the last event (KurrentDB checkpoints). */
  checkpoint: bigint;
  /** True once this batch reaches what was the head when it was read (catch-up is over). */
  caughtUp: boolean;
}

export interface SubscribeOptions {
  /** Exclusive start: events with a greater position are delivered. 0n = from the beginning. */
  after: bigint;
  /** Largest batch handed over at once. */
  maxBatch?: number;
  signal?: AbortSignal;
}

export interface EventStore {
  readonly kind: 'embedded' | 'kurrentdb';
  /** Appends to one stream atomically, checking the expected revision (default `any`). */
  append(streamId: string, events: NewEvent[], expectedRevision?: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams. Embedded: one transaction, all or nothing. KurrentDB (client 6.x
   * has no multi-stream append): stream by stream, each atomic; a failure leaves earlier streams
   * written, which idempotent event ids make safe to retry.
   */
  appendMany(writes: StreamWrite[]): Promise<AppendResult[]>;
  /** A stream's events from `fromRevision` (inclusive); an absent stream reads as empty. */
  readStream(streamId: string, options?: { fromRevision?: bigint; maxCount?: number }): Promise<RecordedEvent[]>;
  /** The global log after `after` (exclusive), at most `maxCount` events. */
  readAll(options: { after: bigint; maxCount: number }): Promise<RecordedEvent[]>;
  /** Position of the newest event (0n when empty). */
  headPosition(): Promise<bigint>;
  /** Catch-up from `after`, then live, without missing or repeating an event at the switch. */
  subscribe(options: SubscribeOptions): AsyncIterable<SubscriptionBatch>;
  close(): Promise<void>;
}

export class WrongExpectedRevision extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`wrong expected revision on stream ${streamId}: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevision';
  }
}
