import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import {
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  type StreamWrite,
  type SubscribeOptions,
  type SubscriptionBatch,
} from '../port.ts';
import { checkExpectedRevision, uniqueByEventId } from '../expected-revision.ts';
import { lockDirectory } from './directory-lock.ts';
import { HeadSignal } from './head-signal.ts';
import { CREATE_TABLES, SELECT_APPEND_STATE, WRITE_APPEND, selectEventPage } from './sql.ts';

/** One event of a page (see `selectEventPage`). */
type EventTuple = [position: string, eventId: string, streamId: string, revision: string, type: string, data: unknown, metadata: RecordedEvent['metadata'], recordedAt: string];

const READ_ALL_PAGE = selectEventPage('position > $1', 'position', '$2');
const READ_STREAM_PAGE = selectEventPage('stream_id = $1 AND revision >= $2', 'revision', '$3');

/**
 * A stored event as read back. `recordedAt` is parsed only when asked for: catch-up reads millions
 * of events and the projector never looks at it.
 */
class StoredEvent implements RecordedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly data: unknown;
  readonly metadata: RecordedEvent['metadata'];
  readonly #recordedAt: string;
  constructor(t: EventTuple) {
    this.eventId = t[1];
    this.type = t[4];
    this.streamId = t[2];
    this.revision = BigInt(t[3]);
    this.position = BigInt(t[0]);
    this.data = t[5];
    this.metadata = t[6];
    this.#recordedAt = t[7];
  }
  get recordedAt(): Date {
    return new Date(this.#recordedAt);
  }
}

/** A page of events as the store reads it: JSON text (see `selectEventPage`), parsed by `toRecorded`. */
export interface EventPage {
  page: string | null;
  /** The page's greatest position (undefined: empty page). */
  last: bigint | undefined;
}

/** One step of a subscription, before its page is parsed. */
export interface PageBatch extends EventPage {
  checkpoint: bigint;
  caughtUp: boolean;
}

export function toRecorded(page: string | null): RecordedEvent[] {
  if (page === null) return [];
  const tuples = JSON.parse(page) as EventTuple[];
  const events = new Array<RecordedEvent>(tuples.length);
  for (let i = 0; i < tuples.length; i++) events[i] = new StoredEvent(tuples[i]!);
  return events;
}

/**
 * The embedded event store: PostgreSQL in WebAssembly (PGlite) in one directory. One process owns
 * a directory at a time, and within it appends run one after another (`appending`), so they
 * commit in position order; the in-memory head and its signal wake live subscribers without
 * polling.
 *
 * An append is two statements, not a transaction of seven: one reads what it must check (stored
 * event ids, stream revisions, the log head), one writes everything — a single statement is
 * atomic, and no other append can come between the two. Each statement costs a round trip into
 * PGlite, and with group commit (write API) that fixed cost is most of a commit.
 */
export class EmbeddedEventStore implements EventStore {
  readonly kind = 'embedded' as const;
  private readonly head: HeadSignal;
  /** The append in progress (settled or not): the next one starts after it. */
  private appending: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: PGlite,
    head: bigint,
    private readonly unlock: () => void,
  ) {
    this.head = new HeadSignal(head);
  }

  /** `lock: false` only where the caller already holds the directory's lock (the store's worker thread). */
  static async open(options: { dir?: string | undefined; lock?: boolean }): Promise<EmbeddedEventStore> {
    if (options.dir) mkdirSync(options.dir, { recursive: true });
    const unlock = options.dir && options.lock !== false ? lockDirectory(options.dir) : () => {};
    try {
      const db = await PGlite.create(options.dir ?? 'memory://');
      await db.exec(CREATE_TABLES);
      const { rows } = await db.query<{ last: bigint | number }>('SELECT last FROM log_head WHERE id = 1');
      return new EmbeddedEventStore(db, BigInt(rows[0]!.last), unlock);
    } catch (error) {
      unlock();
      throw error;
    }
  }

  async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision = 'any'): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expectedRevision }]);
    return result!;
  }

  appendMany(writes: StreamWrite[]): Promise<AppendResult[]> {
    const run = this.appending.then(
      () => this.appendNow(writes),
      () => this.appendNow(writes),
    );
    this.appending = run.catch(() => undefined);
    return run;
  }

  private async appendNow(writes: StreamWrite[]): Promise<AppendResult[]> {
    const recordedAt = new Date();
    const allIds = writes.flatMap((w) => w.events.map((e) => e.eventId));
    const streamIds = [...new Set(writes.map((w) => w.streamId))];
    const { rows } = await this.db.query<{ last: string; stored: string | null; revisions: string | null }>(SELECT_APPEND_STATE, [JSON.stringify(allIds), JSON.stringify(streamIds)]);
    const state = rows[0]!;
    const storedAt = new Map((JSON.parse(state.stored ?? '[]') as [string, string][]).map(([id, position]) => [id.toLowerCase(), BigInt(position)]));
    const streamRevision = new Map((JSON.parse(state.revisions ?? '[]') as [string, string][]).map(([id, revision]) => [id, BigInt(revision)]));

    let position = BigInt(state.last);
    const inserts: object[] = [];
    const results: AppendResult[] = [];

    for (const write of writes) {
      const events = uniqueByEventId(write.events);
      const fresh = events.filter((e) => !storedAt.has(e.eventId.toLowerCase()));
      const current = streamRevision.get(write.streamId);
      // A write made only of events already stored is a retry: answer as the first time did.
      if (fresh.length > 0) checkExpectedRevision(write.streamId, write.expectedRevision ?? 'any', current);
      let revision = current ?? -1n;
      for (const event of fresh) {
        position += 1n;
        revision += 1n;
        storedAt.set(event.eventId.toLowerCase(), position);
        inserts.push({
          position: position.toString(),
          event_id: event.eventId,
          stream_id: write.streamId,
          revision: revision.toString(),
          type: event.type,
          data: event.data,
          metadata: event.metadata,
        });
      }
      if (fresh.length > 0) streamRevision.set(write.streamId, revision);
      results.push({
        nextExpectedRevision: revision,
        positions: write.events.map((e) => storedAt.get(e.eventId.toLowerCase())!),
        duplicates: write.events.length - fresh.length,
      });
    }

    if (inserts.length > 0) {
      const touched = streamIds.filter((s) => streamRevision.has(s)).map((s) => ({ stream_id: s, revision: streamRevision.get(s)!.toString() }));
      await this.db.query(WRITE_APPEND, [JSON.stringify(inserts), JSON.stringify(touched), position.toString(), recordedAt.toISOString()]);
      this.head.advanceTo(position);
    }
    return results;
  }

  async readStream(streamId: string, options: { fromRevision?: bigint; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    return toRecorded((await this.readStreamPage(streamId, options)).page);
  }

  async readAll(options: { after: bigint; maxCount: number }): Promise<RecordedEvent[]> {
    return toRecorded((await this.readAllPage(options)).page);
  }

  readStreamPage(streamId: string, options: { fromRevision?: bigint; maxCount?: number } = {}): Promise<EventPage> {
    return this.readPage(READ_STREAM_PAGE, [streamId, (options.fromRevision ?? 0n).toString(), options.maxCount ?? 1_000_000]);
  }

  readAllPage(options: { after: bigint; maxCount: number }): Promise<EventPage> {
    return this.readPage(READ_ALL_PAGE, [options.after.toString(), options.maxCount]);
  }

  private async readPage(sql: string, params: unknown[]): Promise<EventPage> {
    const { rows } = await this.db.query<{ page: string | null; last: string | null }>(sql, params);
    const row = rows[0]!;
    return { page: row.page, last: row.last === null ? undefined : BigInt(row.last) };
  }

  async headPosition(): Promise<bigint> {
    return this.head.current;
  }

  async *subscribe(options: SubscribeOptions): AsyncIterable<SubscriptionBatch> {
    for await (const { page, checkpoint, caughtUp } of this.subscribePages(options)) yield { events: toRecorded(page), checkpoint, caughtUp };
  }

  /** `subscribe`, with each batch's page left unparsed (the worker thread hands pages over as text). */
  async *subscribePages(options: SubscribeOptions): AsyncIterable<PageBatch> {
    const maxBatch = options.maxBatch ?? 1000;
    let after = options.after;
    let live = false;
    while (!options.signal?.aborted) {
      const { page, last } = await this.readAllPage({ after, maxCount: maxBatch });
      if (last !== undefined) {
        after = last;
        const caughtUp = after >= this.head.current;
        live ||= caughtUp;
        yield { page, last, checkpoint: after, caughtUp };
        continue;
      }
      if (!live) {
        live = true;
        yield { page: null, last: undefined, checkpoint: after, caughtUp: true };
      }
      // Nothing after `after` yet: sleep until an append moves the head past it.
      if (!(await this.head.waitBeyond(after, options.signal))) return;
    }
  }

  async close(): Promise<void> {
    this.head.close();
    if (!this.db.closed) await this.db.close();
    this.unlock();
  }
}
