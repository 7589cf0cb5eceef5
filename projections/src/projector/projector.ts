import type { ClickHouseClient } from '@clickhouse/client';
import type { EventStore, RecordedEvent } from '@redstream/event-store';
import { restoreState } from '../model/restore-state.ts';
import { ProjectionState } from '../model/state.ts';
import { READ_MODELS, type ReadModel } from '../read-models/index.ts';
import { applyBatch } from './apply-batch.ts';
import { batchFacts, type BatchFact } from './batch-facts.ts';
import { appendRows, type EncodedRows } from './encode-rows.ts';
import { yieldToLoop } from './yield-to-loop.ts';
import { readCheckpoint } from './checkpoints.ts';
import { decidedSince, EventFailure, readSkips, recordFault, type ProjectionFault } from './faults.ts';
import { prepareRows } from './map-batch.ts';
import type { Row } from '../read-models/read-model.ts';

export interface ProjectorOptions {
  store: EventStore;
  clickhouse: ClickHouseClient;
  /** Checkpoint name. Default `main`. */
  projection?: string;
  /** Read models to keep. Default: all. */
  models?: readonly ReadModel[];
  /** Suffix of the physical tables written (rebuilds use `__rebuild`). Default none. */
  tableSuffix?: string;
  /** Flush when this many events are buffered … */
  batchSize?: number;
  /** … or when the oldest buffered event has waited this long. Default 1000 ms (≈ 1 insert/s/table). */
  flushIntervalMs?: number;
  /**
   * While live, start a write at most this often (default 0: as soon as the last one ends). Batches
   * mapped meanwhile are written as one, so batches can be mapped (and announced) more often than
   * ClickHouse is written to.
   */
  writeIntervalMs?: number;
  /**
   * Events read from the store at once. Default 5000: a page is read synchronously on this thread,
   * so smaller pages let chDB's statements through sooner (10,000 → 5,000 took catch-up from 55k
   * to 58k events/s; 2,500 gained nothing more).
   */
  readBatch?: number;
  /** Orders kept in memory for refunds; older ones are looked up in ClickHouse. */
  orderCache?: number;
  /** Stop once the checkpoint reaches this position (catch-up only; used by rebuilds). */
  until?: bigint;
  /**
   * Use (and keep evolving) this resolving state instead of restoring it from ClickHouse; a
   * failure then ends the run instead of retrying (rebuilds, which run in rounds on one state).
   */
  state?: ProjectionState;
  /** Observes each phase of a batch write (tests, logs). */
  onPhase?: (phase: string, checkpoint: bigint) => void;
  /**
   * Told each batch's sales and refunds while live, as soon as the batch is mapped and before its
   * rows are written: (from, to] is the batch's range of the log, announced in order, each range
   * starting where the last ended. The rows will be written: a batch whose write fails is read from
   * the log again and announced again with the same range. Not called during catch-up, where
   * nobody folds fifty thousand facts a batch. Live figures add them to what they show at once.
   */
  onPrepared?: (from: bigint, to: bigint, facts: readonly BatchFact[]) => void;
  /** Told each position committed, once `status()` reports it. Called before any `between` read may start. */
  onCommit?: (position: bigint) => void;
  onError?: (error: unknown) => void;
  /** How often a faulted projector looks for an operator's decision in ClickHouse (default 1000 ms). */
  decisionPollMs?: number;
}

/**
 * `faulted`: stopped at an event it cannot apply, waiting for an operator (faults.ts); `failed`:
 * the last attempt failed for another reason (ClickHouse or the store unreachable), retrying;
 * `rebuilding`: a rebuild run writing its own tables.
 */
export type ProjectorState = 'starting' | 'catching-up' | 'live' | 'rebuilding' | 'paused' | 'stopped' | 'failed' | 'faulted';

export interface ProjectorStatus {
  projection: string;
  state: ProjectorState;
  /** Last position applied to ClickHouse. */
  checkpoint: bigint;
  /** Newest position in the log, as last seen. */
  head: bigint;
  /** head − checkpoint: events behind on the embedded store (positions are contiguous there). */
  lag: bigint;
  /** Seconds since the projection last stood at the head (0 while it does). */
  lagSeconds: number;
  /** Events applied per second over the last ~10 s. */
  eventsPerSecond: number;
  /** Events applied since start. */
  eventsApplied: number;
  batchesApplied: number;
  lastBatchAt: Date | undefined;
  lastError: string | undefined;
  /** The event it is stopped at, while faulted. */
  fault: ProjectionFault | undefined;
  /** Events skipped by an operator (all projections skip them), as last read. */
  skipped: number;
}

export interface Projector {
  /** Resolves once recovery is done and consumption has begun. */
  readonly ready: Promise<void>;
  /** Resolves when the run ends (stop, or `until` reached). */
  readonly done: Promise<void>;
  status(): ProjectorStatus;
  /** Flushes what is buffered and holds; resolves with the checkpoint it holds at. */
  pause(): Promise<bigint>;
  resume(): void;
  stop(): Promise<void>;
  /**
   * Runs `read` while no batch is being written, with the checkpoint it sees: what it reads is
   * exactly the facts up to that position (a batch's statements never interleave with it). Batches
   * wait meanwhile, so a read should be short. Live figures are folded forward from such a read.
   */
  between<T>(read: (position: bigint) => Promise<T>): Promise<T>;
}

/** A batch mapped and encoded, ready to write: the events (from, to]. */
interface PreparedBatch {
  from: bigint;
  to: bigint;
  count: number;
  tables: Map<string, EncodedRows>;
}

/** Two consecutive prepared batches as one (one INSERT per table, one set of derived statements), or undefined when a table's columns differ. */
function mergeBatches(first: PreparedBatch, second: PreparedBatch): PreparedBatch | undefined {
  const tables = new Map(first.tables);
  for (const [table, rows] of second.tables) {
    const before = tables.get(table);
    const merged = before ? appendRows(before, rows) : rows;
    if (!merged) return undefined;
    tables.set(table, merged);
  }
  return { from: first.from, to: second.to, count: first.count + second.count, tables };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const TIMEOUT = Symbol('timeout');

/** Starts projecting the log into ClickHouse from the stored checkpoint. */
export function startProjector(options: ProjectorOptions): Projector {
  const projection = options.projection ?? 'main';
  const models = options.models ?? READ_MODELS;
  const suffix = options.tableSuffix ?? '';
  const batchSize = options.batchSize ?? 50_000;
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const writeIntervalMs = options.writeIntervalMs ?? 0;
  const readBatch = options.readBatch ?? 5_000;
  const { store, clickhouse } = options;
  const tableName = (t: string) => `${t}${suffix}`;
  const orderCache = Math.max(options.orderCache ?? 300_000, 4 * batchSize); // refunds of in-flight batches must hit the cache
  const written = new Set(models.flatMap((m) => (m.project ? m.tables : [])));
  // Fact tables are read where they are written: this run's own tables when it writes them (a full
  // rebuild), the live ones otherwise — a rebuild of the rollups alone, which never runs past the
  // live checkpoint, so every fact it derives from is already there.
  const sourceName = (t: string) => (written.has(t) ? tableName(t) : t);
  const derivedTables = models.flatMap((m) => m.derived ?? []);
  const unwritten = derivedTables.flatMap((d) => d.sources.filter((s) => !written.has(s)).map((s) => `${d.table} ← ${s}`));
  if (unwritten.length > 0 && options.until === undefined) throw new Error(`derived tables read facts this projector does not write (${unwritten.join(', ')}): include the read models that write them`);
  const salesTable = sourceName('sales_raw');
  // Feeds fill live tables only, and only when this projector derives every table they fill.
  const derivedNames = new Set(derivedTables.map((d) => d.table));
  const feeds = new Set(suffix !== '' ? [] : derivedTables.flatMap((d) => (d.feed && d.feed.targets.every((t) => derivedNames.has(t)) ? [d.feed] : [])));

  let state: ProjectorState = 'starting';
  let checkpoint = 0n;
  let head = 0n;
  let seq = 0n;
  let eventsApplied = 0;
  let batchesApplied = 0;
  let lastBatchAt: Date | undefined;
  let lastError: string | undefined;
  let fault: ProjectionFault | undefined;
  let skips = new Set<bigint>();
  let atHeadSince = Date.now();
  const decisionPollMs = options.decisionPollMs ?? 1000;
  const window: { at: number; events: number }[] = [];
  let stopping = false;
  /** The running subscription's; each consume has its own (a retry after a failure subscribes again). */
  let abort = new AbortController();
  let pauseRequest: { resolve: (cp: bigint) => void } | undefined;
  let resumeSignal: (() => void) | undefined;
  /** Wakes a loop waiting for the log (pause and stop must not wait for the next append). */
  let wake: (() => void) | undefined;
  const woken = () => new Promise<typeof TIMEOUT>((r) => (wake = () => r(TIMEOUT)));
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));

  const nextSeq = () => ++seq;
  /** Batches' writes and `between` reads, one at a time in arrival order. */
  let gate: Promise<unknown> = Promise.resolve();
  function exclusive<T>(run: () => Promise<T>): Promise<T> {
    const result = gate.then(run);
    gate = result.catch(() => undefined);
    return result;
  }

  /** The INSERT … SELECT of each derived table for a batch; skipped when the batch wrote none of its facts. */
  function deriveStatements(tables: ReadonlyMap<string, EncodedRows>, from: bigint, to: bigint): Map<string, string> {
    const statements = new Map<string, string>();
    for (const d of derivedTables) {
      if (d.sources.every((s) => written.has(s) && !tables.has(s))) continue;
      if (d.feed && feeds.has(d.feed)) statements.set(d.feed.table, d.feed.insert(from, to));
      // A source this projector writes holds facts in (from, to] only if this batch wrote some.
      else statements.set(d.table, d.insert(from, to, (t) => (t === d.table ? tableName(t) : sourceName(t)), (t) => !written.has(t) || tables.has(t)));
    }
    return statements;
  }

  /** Decodes, maps and encodes a batch (advancing the resolving state); no ClickHouse writes yet. While live, announces its sales and refunds. */
  async function prepare(projState: ProjectionState, events: RecordedEvent[], from: bigint, to: bigint): Promise<PreparedBatch> {
    let facts: BatchFact[] | undefined;
    const keep = state === 'live' && options.onPrepared ? (rows: ReadonlyMap<string, readonly Row[]>) => (facts = batchFacts(rows, (id) => projState.streamers.get(id)?.display_name)) : undefined;
    const tables = await prepareRows(clickhouse, salesTable, events, projState, models, skips, keep);
    if (facts) options.onPrepared?.(from, to, facts);
    return { from, to, count: events.length, tables };
  }

  async function commit({ tables, count, from, to }: PreparedBatch): Promise<void> {
    await exclusive(async () => {
      const derived = deriveStatements(tables, from, to);
      const committed = await applyBatch(clickhouse, { projection, from, to, tables, tableName, derived }, nextSeq, (phase) => options.onPhase?.(phase, phase === 'commit' ? to : from));
      checkpoint = committed.position;
      options.onCommit?.(checkpoint);
    });
    eventsApplied += count;
    batchesApplied++;
    lastBatchAt = new Date();
    window.push({ at: Date.now(), events: count });
    while (window.length > 1 && window[0]!.at < Date.now() - 10_000) window.shift();
    head = await store.headPosition();
    if (head <= checkpoint) atHeadSince = Date.now();
  }

  async function write(projState: ProjectionState, events: RecordedEvent[], from: bigint, to: bigint): Promise<void> {
    await commit(await prepare(projState, events, from, to));
  }

  /** Events in (after, to], read from the log. */
  async function readRange(after: bigint, to: bigint): Promise<RecordedEvent[]> {
    const all: RecordedEvent[] = [];
    let cursor = after;
    while (cursor < to) {
      const page = await store.readAll({ after: cursor, maxCount: readBatch });
      if (page.length === 0) break;
      for (const e of page) if (e.position <= to) all.push(e);
      cursor = page[page.length - 1]!.position;
    }
    return all;
  }

  async function recover(): Promise<ProjectionState> {
    const cp = await readCheckpoint(clickhouse, projection);
    skips = new Set((await readSkips(clickhouse)).map((s) => s.position));
    seq = cp.seq;
    checkpoint = cp.position;
    const projState = options.state ?? (cp.seq === 0n ? new ProjectionState({ orderCache }) : await restoreState(clickhouse, { orderCache }));
    if (cp.pendingTo > cp.position) {
      // A batch was being written when the last run died: write exactly it again (same tokens).
      options.onPhase?.('redo', cp.pendingTo);
      await write(projState, await readRange(cp.position, cp.pendingTo), cp.position, cp.pendingTo);
    }
    return projState;
  }

  /** Follows the log from the checkpoint; with `until` (a rebuild's end, or the event before a fault), stops there. */
  async function consume(projState: ProjectionState, until = options.until): Promise<void> {
    abort = new AbortController();
    const subscription = store.subscribe({ after: checkpoint, maxBatch: readBatch, signal: abort.signal })[Symbol.asyncIterator]();
    let buffer: RecordedEvent[] = [];
    let bufferTo = checkpoint;
    let mappedTo = checkpoint;
    let bufferSince = 0;
    // One batch may be written to ClickHouse while the next is read and mapped (pipelining JS
    // work with ClickHouse's). Batches still commit strictly in order, one intent at a time.
    // While live, the batches mapped during a write wait `staged`, merged into one: however slow a
    // write, the next one is a single set of statements, and each batch is still mapped (and its
    // sales announced) on time. During catch-up a batch waits for the write before it, as before.
    let inFlight: Promise<void> | undefined;
    let staged: PreparedBatch | undefined;
    let failure: unknown;
    let lastWriteAt = 0;
    const writeNext = () => {
      if (inFlight || !staged || failure !== undefined) return;
      // While live, the write waits out `writeIntervalMs` with the batch still staged: what is mapped meanwhile joins it.
      const wait = state === 'live' ? lastWriteAt + writeIntervalMs - Date.now() : 0;
      inFlight = (wait > 0 ? sleep(wait) : Promise.resolve())
        .then(() => {
          const batch = staged;
          staged = undefined;
          lastWriteAt = Date.now();
          return batch && commit(batch);
        })
        .then(
          () => {
            inFlight = undefined;
            writeNext();
          },
          (e: unknown) => {
            failure = e;
            inFlight = undefined;
            wake?.(); // a loop waiting for the log must see the failure now, not at the next event
          },
        );
    };
    /** Until every mapped batch is written (or one failed: then it throws and the rest are dropped, to be read again). */
    const settle = async () => {
      while (inFlight) await inFlight;
      if (failure !== undefined) throw failure;
    };
    const flush = async (wait = false) => {
      if (buffer.length > 0) {
        const events = buffer;
        const from = mappedTo;
        const to = bufferTo;
        buffer = [];
        mappedTo = to;
        const prepared = await prepare(projState, events, from, to);
        if (state !== 'live') await settle();
        const mergeWith = (before: PreparedBatch) => (before.count + prepared.count <= batchSize ? mergeBatches(before, prepared) : undefined);
        let merged = staged && mergeWith(staged);
        while (staged && !merged) {
          // Too big to merge: wait until the staged batch is being written.
          writeNext();
          if (failure !== undefined) throw failure;
          await inFlight;
          merged = staged && mergeWith(staged);
        }
        staged = merged || prepared;
        writeNext();
      }
      if (wait) await settle();
    };
    let next = subscription.next();
    try {
      while (!stopping) {
        if (pauseRequest) {
          await flush(true);
          state = 'paused';
          const request = pauseRequest;
          pauseRequest = undefined;
          const resumed = new Promise<void>((r) => (resumeSignal = r));
          request.resolve(checkpoint);
          await resumed;
          if (stopping) break;
          state = 'live';
          continue;
        }
        if (failure !== undefined) await settle();
        if (until !== undefined && bufferTo >= until) {
          await flush(true);
          return;
        }
        const wait = buffer.length > 0 ? Math.max(0, bufferSince + flushIntervalMs - Date.now()) : undefined;
        const result = await Promise.race(wait === undefined ? [next, woken()] : [next, woken(), sleep(wait).then(() => TIMEOUT)]);
        if (typeof result === 'symbol') {
          await flush();
          continue;
        }
        if (result.done) break;
        // Reading a page runs the embedded store synchronously and resolves as a microtask: without
        // a turn of the event loop here, chDB's completions (and the next statements of the batch
        // in flight) would wait for every page read back to back.
        await yieldToLoop();
        next = subscription.next();
        const batch = result.value;
        for (const e of batch.events) {
          if (e.position <= bufferTo) continue; // at-least-once delivery: never apply a position twice
          if (until !== undefined && e.position > until) {
            // Nothing lies between: `until` is reached even when no event sits at it (KurrentDB's
            // positions are not contiguous, and an as-of position need not be an event's).
            if (bufferTo < until) bufferTo = until;
            break;
          }
          if (buffer.length === 0) bufferSince = Date.now();
          buffer.push(e);
          bufferTo = e.position;
        }
        if (until === undefined && batch.checkpoint > bufferTo && buffer.length > 0) bufferTo = batch.checkpoint;
        if (batch.caughtUp) {
          head = await store.headPosition();
          if (state === 'catching-up' && until === undefined) state = 'live';
          if (head <= checkpoint) atHeadSince = Date.now();
        }
        if (buffer.length >= batchSize) await flush();
      }
      await flush(true);
    } finally {
      // Leaving (stopped, or a write failed): nothing mapped is written after this; it is read again.
      staged = undefined;
      await inFlight;
      abort.abort();
      void subscription.return?.(undefined);
    }
  }

  /** Waits for an operator's decision about `f` (recorded in ClickHouse by `redstream projections …`); undefined when stopping. */
  async function decision(f: ProjectionFault): Promise<'retry' | 'skip' | undefined> {
    while (!stopping) {
      const decided = await decidedSince(clickhouse, f).catch((error: unknown) => (options.onError?.(error), undefined));
      if (decided) return decided;
      await Promise.race([sleep(decisionPollMs), woken()]);
    }
    return undefined;
  }

  const done = (async () => {
    let backoff = 250;
    while (!stopping) {
      try {
        const projState = await recover();
        head = await store.headPosition();
        state = fault ? 'faulted' : suffix !== '' ? 'rebuilding' : checkpoint >= head ? 'live' : 'catching-up';
        markReady();
        if (fault) {
          // Apply every event before the one that failed, then hold there until an operator decides.
          if (checkpoint < fault.position - 1n) await consume(projState, fault.position - 1n);
          if (stopping) break;
          state = 'faulted';
          if (!(await decision(fault))) break;
          fault = undefined;
          lastError = undefined;
          continue; // recover again: restores the state and reads the skips
        }
        if (options.until !== undefined && checkpoint >= options.until) break;
        await consume(projState);
        if (options.until !== undefined) break;
      } catch (error) {
        if (stopping) break;
        if (error instanceof EventFailure) {
          // Never skipped silently: the projection stops at the event, records why, and says so.
          fault = { projection, position: error.position, eventId: error.eventId, eventType: error.eventType, error: error.reason, failedAt: new Date() };
          lastError = error.message;
          state = 'faulted';
          options.onError?.(error);
          if (options.state) break; // a rebuild ends with the fault
          await recordFault(clickhouse, fault).catch((e: unknown) => options.onError?.(e));
          continue;
        }
        if (options.state) {
          lastError = error instanceof Error ? error.message : String(error);
          options.onError?.(error);
          break;
        }
        lastError = error instanceof Error ? error.message : String(error);
        options.onError?.(error);
        state = 'failed';
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
    state = 'stopped';
    markReady();
  })();

  return {
    ready,
    done,
    status() {
      const span = window.length > 0 ? (Date.now() - window[0]!.at) / 1000 : 0;
      const recent = window.reduce((n, w) => n + w.events, 0);
      const eventsPerSecond = window.length > 1 && span > 0 ? recent / Math.max(span, 1) : 0;
      const lag = head > checkpoint ? head - checkpoint : 0n;
      const lagSeconds = lag > 0n ? Math.max(0, (Date.now() - atHeadSince) / 1000) : 0;
      return { projection, state, checkpoint, head, lag, lagSeconds, eventsPerSecond, eventsApplied, batchesApplied, lastBatchAt, lastError, fault, skipped: skips.size };
    },
    pause() {
      if (state === 'stopped') return Promise.resolve(checkpoint);
      return new Promise<bigint>((resolve) => {
        pauseRequest = { resolve };
        wake?.();
      });
    },
    resume() {
      resumeSignal?.();
      resumeSignal = undefined;
    },
    between(read) {
      return exclusive(() => read(checkpoint));
    },
    async stop() {
      stopping = true;
      abort.abort();
      wake?.();
      resumeSignal?.();
      await done;
    },
  };
}
