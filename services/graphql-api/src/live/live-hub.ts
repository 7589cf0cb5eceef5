import { effectiveRegion, readCommittedCheckpoint, type CommittedCheckpoint, type QueryContext } from '@redstream/queries';
import { liveFigures, type LiveFiguresPayload, type LiveScope } from '@redstream/queries';
import { liveSlowFigures, SLOW_FIGURES_MS, withSlowFigures, type Reader } from '@redstream/queries';
import { regionPrefix } from '@redstream/schema';
import type { BatchFact } from '@redstream/projections';
import { foldCommit, type FoldScope } from './fold.ts';

export interface LiveHubOptions {
  reader: Reader;
  /**
   * The committed checkpoint the figures follow. Default: read from ClickHouse
   * (`readCommittedCheckpoint`), whichever process projects — the same in every topology.
   */
  checkpoint?: () => Promise<CommittedCheckpoint | undefined>;
  /**
   * The batches of a projector in this process: each batch's sales and refunds as soon as it is
   * mapped, and each position as it is committed (which wakes the hub without a poll).
   */
  projectorBatches?: ProjectorBatches | undefined;
  /**
   * The in-process projector's reads between batches (Projector.between). With it, a batch is
   * pushed as soon as it is mapped, by adding its sales to the figures shown (fold.ts), with no
   * query and no wait for its ClickHouse statements. The scope is queried in full (between
   * batches, so exactly at a position, then carried forward by the batches mapped since) only
   * where the sums alone cannot say — at the latest when the minute turns — and its slow figures
   * are re-read on their own every `slowMs`. Without it (GraphQL beside a ClickHouse server)
   * every push is a query, after the commit.
   */
  projectorBetween?: ProjectorBetween | undefined;
  /** How often a folded scope's slow figures are re-read (default SLOW_FIGURES_MS). */
  slowMs?: number;
  /** How often the checkpoint is read while some scope is watched (default 100 ms; 1 s beside `projectorBatches`). */
  pollMs?: number;
  /** At most one refresh per scope per this interval (default 250 ms). */
  minIntervalMs?: number;
  /** Refresh each watched scope at least this often, so per-minute figures and "today" roll over (default 30 s). */
  heartbeatMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/** What an in-process projector tells the hub (ProjectorOptions.onPrepared and onCommit). */
export interface ProjectorBatchListener {
  /** A batch (from, to] mapped while live, with its sales and refunds; its rows are being written. */
  prepared(from: bigint, to: bigint, facts: readonly BatchFact[]): void;
  committed(position: bigint): void;
}

/** Subscribes to a projector's batches; returns the unsubscribe. */
export type ProjectorBatches = (listener: ProjectorBatchListener) => () => void;

/** A batch mapped and announced, kept until every read that may need it carried forward is done. */
interface Mapped {
  from: bigint;
  to: bigint;
  facts: readonly BatchFact[];
}

/** Runs a read while the projector writes no batch, with the position it sees (Projector.between). */
export type ProjectorBetween = <T>(read: (position: bigint) => Promise<T>) => Promise<T>;

interface Watch {
  key: string;
  ctx: QueryContext;
  scope: LiveScope;
  /** The facts the scope sums (region prefix, park), for folding. */
  sums: FoldScope;
  channels: Set<Channel>;
  latest: LiveFiguresPayload | undefined;
  /** When `latest` was computed (ms): its per-minute figures are of that minute. */
  latestAt: number;
  /** The position `latest` holds exactly every fact up to (read between batches, then folded); undefined: not known, query first. */
  exactAt: bigint | undefined;
  /** When the slow figures were last asked for (folded scopes re-read them on their own). */
  slowAt: number;
  slowRunning: boolean;
  /** A slow re-read due later: a batch came before the last read was `slowMs` old. */
  slowTimer: NodeJS.Timeout | undefined;
  /** A folded batch's end: its slow figures are re-read once this position is committed (read at mapping, they would miss its rows). */
  slowAfter: bigint | undefined;
  /** A slow re-read was asked for while one ran: another follows it. */
  slowAgain: boolean;
  /** Position the latest payload includes: committed, or beside a projector mapped (-1: nothing shown yet). */
  shown: bigint;
  lastRunAt: number;
  /** How long a refresh's queries take (ms), smoothed: the slow part is re-read only every few seconds. */
  cost: number;
  timer: NodeJS.Timeout | undefined;
  running: boolean;
  again: boolean;
}

/** A subscriber's mailbox: keeps only the newest payload, so a slow screen never piles up memory. */
class Channel implements AsyncIterableIterator<LiveFiguresPayload> {
  private pending: LiveFiguresPayload | undefined;
  private waiting: ((r: IteratorResult<LiveFiguresPayload>) => void) | undefined;
  private done = false;

  constructor(private readonly onClose: () => void) {}

  push(payload: LiveFiguresPayload): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: payload, done: false });
    } else this.pending = payload;
  }

  next(): Promise<IteratorResult<LiveFiguresPayload>> {
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    if (this.pending) {
      const value = this.pending;
      this.pending = undefined;
      return Promise.resolve({ value, done: false });
    }
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<LiveFiguresPayload>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
    this.onClose();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * How long a scope waits between refreshes: at least `minIntervalMs`, and long enough that
 * refreshing every watched scope once (their usual costs) takes at most half of it. Many screens
 * then each update a little less often instead of leaving the projector no time in ClickHouse
 * (embedded chDB runs one statement at a time).
 */
export function refreshInterval(minIntervalMs: number, costs: readonly number[]): number {
  let total = 0;
  for (const cost of costs) total += cost;
  return Math.max(minIntervalMs, 2 * total);
}

/** The facts a scope sums, as the queries filter them (the region's code prefix, the park). */
const foldScope = (regionCode: string | undefined, parkId: string | null | undefined): FoldScope => ({
  regionPrefix: regionCode === undefined ? undefined : regionPrefix(regionCode),
  parkId: parkId ?? undefined,
});

/**
 * Live figures for big screens. The hub follows the projections' committed checkpoint in
 * ClickHouse (polled while some scope is watched; a projector in the same process wakes it at
 * once): when the checkpoint moves, every watched scope is stale and is re-queried at most once per
 * `refreshInterval` (the first commit after a quiet spell is pushed at once). Without a projector
 * in the process a push never announces facts the read models do not hold yet, and any GraphQL
 * instance that reads ClickHouse serves any screen. Beside one, a batch is pushed when mapped (see
 * `projectorBetween`): its facts are in the log and are being written, and the figures are the ones
 * GraphQL gives at the batch's position once it is committed. Subscribers of the same effective
 * scope share one query.
 */
export class LiveHub {
  private readonly watches = new Map<string, Watch>();
  private readonly minIntervalMs: number;
  private readonly heartbeatMs: number;
  private readonly pollMs: number;
  private readonly slowMs: number;
  private readonly now: () => number;
  private readonly readCheckpoint: () => Promise<CommittedCheckpoint | undefined>;
  private heartbeat: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private closed = false;
  /** Newest committed position known (-1: none read yet). */
  position = -1n;
  /** The newest committed checkpoint known, with when it was committed (undefined before the first). */
  private known: CommittedCheckpoint | undefined;
  /** When the in-process projector last announced a commit (0: never). */
  private lastCommitAt = 0;
  /** Batches mapped but maybe not committed yet, in log order: a full read between batches is carried forward by them. */
  private mapped: Mapped[] = [];
  /** The positions full reads in progress were read at: the batches after them must stay in `mapped`. */
  private readonly readingAt: bigint[] = [];
  private unsubscribeCommits: (() => void) | undefined;

  constructor(private readonly options: LiveHubOptions) {
    this.minIntervalMs = options.minIntervalMs ?? 250;
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
    // Beside a projector whose commits wake the hub, the poll is only a safety net: embedded chDB
    // runs one statement at a time, and ten checkpoint reads a second would queue ahead of every
    // flush and refresh.
    this.pollMs = options.pollMs ?? (options.projectorBatches ? 1000 : 100);
    this.slowMs = options.slowMs ?? SLOW_FIGURES_MS;
    this.now = options.now ?? Date.now;
    this.readCheckpoint = options.checkpoint ?? (() => readCommittedCheckpoint(options.reader));
  }

  async start(): Promise<void> {
    this.unsubscribeCommits = this.options.projectorBatches?.({
      prepared: (from, to, facts) => {
        this.mapped.push({ from, to, facts });
        for (const watch of this.watches.values()) this.fold(watch, from, to, facts);
        // The figures pushed now hold the log up to `to`: their freshness says so.
        if (!this.known || to > this.known.position) this.known = { position: to, committedAt: new Date(this.now()) };
      },
      committed: (position) => {
        this.lastCommitAt = this.now();
        this.committed(position, new Date(this.lastCommitAt));
        this.forgetMapped();
        // Under steady load a batch is always mapped ahead of the commit: every commit makes a
        // re-read due (at most every `slowMs`), the one that reaches the last folded batch ends it.
        for (const watch of this.watches.values()) {
          if (watch.slowAfter === undefined) continue;
          if (watch.slowAfter <= position) watch.slowAfter = undefined;
          this.slowDue(watch);
        }
      },
    });
    this.heartbeat = setInterval(() => {
      for (const watch of this.watches.values()) this.schedule(watch);
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * The newest position this hub knows the log is projected to, from the projector's batches (a
   * mapped batch counts: its rows are being written) or its own poll of the committed checkpoint:
   * at least the position of every payload it has pushed. GraphQL's freshness of a push reads it
   * here instead of querying ClickHouse again in front of the push (freshness.ts).
   */
  get checkpoint(): CommittedCheckpoint | undefined {
    return this.known;
  }

  /** A newer committed position makes every watched scope stale that does not show it yet, or cannot carry its figures forward. */
  private committed(position: bigint, committedAt?: Date): void {
    if (position <= this.position) return;
    this.position = position;
    if (committedAt && (!this.known || position > this.known.position)) this.known = { position, committedAt };
    for (const watch of this.watches.values()) if (watch.shown < position || this.adrift(watch)) this.schedule(watch);
  }

  /** Folding, but its figures cannot be carried forward (a read between batches could not reach what it shows): read again. */
  private adrift(watch: Watch): boolean {
    return this.options.projectorBetween !== undefined && watch.latest !== undefined && watch.exactAt === undefined;
  }

  /** Drops the mapped batches every committed read already holds. */
  private forgetMapped(): void {
    let floor = this.position;
    for (const at of this.readingAt) if (at < floor) floor = at;
    let keep = 0;
    while (keep < this.mapped.length && this.mapped[keep]!.to <= floor) keep++;
    if (keep > 0) this.mapped = this.mapped.slice(keep);
  }

  /**
   * Pushes a mapped batch (from, to] to a scope whose figures are exact at `from`, by adding the
   * batch's sales and refunds (no query, no wait for its ClickHouse statements). A scope the sums
   * cannot carry forward is queried instead. The slow figures (sessions, audience) are not folded:
   * they are re-read once the batch is committed, since its rows are not in ClickHouse yet.
   */
  private fold(watch: Watch, from: bigint, position: bigint, facts: readonly BatchFact[]): void {
    if (watch.exactAt === undefined || !watch.latest || position <= watch.exactAt) return;
    const now = this.now();
    // Batches not announced (mapped before the projector was live) lie between: only a read knows them.
    const folded = from === watch.exactAt ? foldCommit(watch.latest, watch.latestAt, facts, watch.sums, now, position) : undefined;
    if (!folded) {
      watch.exactAt = undefined;
      this.schedule(watch);
      return;
    }
    this.showExact(watch, folded, now, position);
    if (watch.slowAfter === undefined || position > watch.slowAfter) watch.slowAfter = position;
  }

  /** Pushes figures that hold exactly the log up to `position` (computed at `at`): later batches can be folded into them. */
  private showExact(watch: Watch, payload: LiveFiguresPayload, at: number, position: bigint): void {
    watch.latest = payload;
    watch.latestAt = at;
    watch.exactAt = position;
    watch.shown = position;
    for (const channel of watch.channels) channel.push(payload);
  }

  /**
   * Re-reads the slow figures now if they are `slowMs` old, or once they are: a commit of audience
   * snapshots alone folds nothing, and with no commit after it the sessions' figures it brought
   * would wait for the heartbeat's full query.
   */
  private slowDue(watch: Watch): void {
    const wait = Math.max(watch.lastRunAt, watch.slowAt) + this.slowMs - this.now();
    if (wait <= 0) {
      void this.refreshSlow(watch);
      return;
    }
    watch.slowTimer ??= setTimeout(() => {
      watch.slowTimer = undefined;
      if (this.watches.get(watch.key) === watch) void this.refreshSlow(watch);
    }, wait);
  }

  /** Re-reads a folded scope's slow figures and pushes them with the sales figures as they are by then. */
  private async refreshSlow(watch: Watch): Promise<void> {
    if (watch.slowRunning) {
      // Asked for after this read began: what it was asked for may have come after the read's view.
      watch.slowAgain = true;
      return;
    }
    watch.slowRunning = true;
    watch.slowAt = this.now();
    try {
      const slow = await liveSlowFigures(watch.ctx, watch.scope, watch.slowAt);
      // A full query in the meantime read them too, or the day turned: nothing to add.
      if (!watch.latest || watch.latest.day !== slow.day || watch.lastRunAt > watch.slowAt || this.watches.get(watch.key) !== watch) return;
      watch.latest = withSlowFigures(watch.latest, slow);
      for (const channel of watch.channels) channel.push(watch.latest);
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      watch.slowRunning = false;
      if (watch.slowAgain) {
        watch.slowAgain = false;
        this.slowDue(watch);
      }
    }
  }

  /** Reads the checkpoint once (never two reads at a time). */
  private poll(): Promise<void> {
    this.polling ??= this.readCheckpoint()
      .then((checkpoint) => this.committed(checkpoint?.position ?? 0n, checkpoint?.committedAt))
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => (this.polling = undefined));
    return this.polling;
  }

  /** Polls every `pollMs` while some scope is watched; stops by itself when none is. */
  private ensurePolling(): void {
    if (this.pollTimer || this.closed) return;
    const tick = async () => {
      // While the in-process projector announces commits, a read would only queue in chDB ahead of
      // its flushes and the screens' refreshes: poll when it has been quiet for a whole period.
      if (this.now() - this.lastCommitAt >= this.pollMs) await this.poll();
      this.pollTimer = this.watches.size > 0 && !this.closed ? setTimeout(() => void tick(), this.pollMs) : undefined;
      this.pollTimer?.unref();
    };
    this.pollTimer = setTimeout(() => void tick(), this.pollMs);
    this.pollTimer.unref();
  }

  /** The figures of `scope` as `ctx` may see them: now, then after every change, until the iterator is returned. */
  subscribe(ctx: QueryContext, scope: LiveScope): AsyncIterableIterator<LiveFiguresPayload> {
    // Validates the scope (refuses a region outside the key's) before anything is watched.
    const region = effectiveRegion(scope.regionCode, ctx.scopeRegion);
    const key = JSON.stringify([region ?? null, scope.parkId ?? null]);
    let watch = this.watches.get(key);
    if (!watch) {
      watch = {
        key,
        ctx: { reader: this.options.reader, scopeRegion: region },
        scope: { regionCode: region ?? null, parkId: scope.parkId ?? null },
        sums: foldScope(region, scope.parkId),
        channels: new Set(),
        latest: undefined,
        latestAt: 0,
        exactAt: undefined,
        slowAt: 0,
        slowRunning: false,
        slowTimer: undefined,
        slowAfter: undefined,
        slowAgain: false,
        shown: -1n,
        lastRunAt: 0,
        cost: 0,
        timer: undefined,
        running: false,
        again: false,
      };
      this.watches.set(key, watch);
    }
    const w = watch;
    const channel = new Channel(() => {
      w.channels.delete(channel);
      if (w.channels.size === 0) {
        clearTimeout(w.timer);
        clearTimeout(w.slowTimer);
        this.watches.delete(w.key);
      }
    });
    w.channels.add(channel);
    if (w.latest) channel.push(w.latest);
    this.schedule(w);
    this.ensurePolling();
    return channel;
  }

  private schedule(watch: Watch): void {
    if (watch.running) {
      watch.again = true;
      return;
    }
    if (watch.timer) return;
    const interval = refreshInterval(this.minIntervalMs, [...this.watches.values()].map((w) => w.cost));
    const delay = Math.max(0, watch.lastRunAt + interval - this.now());
    watch.timer = setTimeout(() => void this.refresh(watch), delay);
  }

  private async refresh(watch: Watch): Promise<void> {
    watch.timer = undefined;
    watch.running = true;
    watch.again = false;
    watch.lastRunAt = this.now();
    try {
      if (this.position < 0n) await this.poll(); // the first screen: know what is committed before showing it
      const between = this.options.projectorBetween;
      if (between) {
        await this.readBetween(watch, between);
        return;
      }
      const position = this.position;
      const started = this.now();
      const payload = await liveFigures(watch.ctx, watch.scope, started, position < 0n ? null : position, watch.latest);
      this.measured(watch, started);
      watch.latest = payload;
      watch.latestAt = started;
      if (position > watch.shown) watch.shown = position;
      for (const channel of watch.channels) channel.push(payload);
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      watch.running = false;
      // Asked again while running: only a commit newer than this refresh showed, or figures it could not carry forward, need another one.
      if (watch.again && (this.position > watch.shown || this.adrift(watch)) && this.watches.get(watch.key) === watch) this.schedule(watch);
    }
  }

  private measured(watch: Watch, started: number): void {
    watch.cost = watch.cost === 0 ? this.now() - started : 0.8 * watch.cost + 0.2 * (this.now() - started);
  }

  /**
   * Reads a scope between two batches (exactly the facts up to a position), carries it forward by
   * the batches mapped since, and pushes it — unless screens already show a newer position this
   * read cannot be carried to: then the next commit reads again.
   */
  private async readBetween(watch: Watch, between: ProjectorBetween): Promise<void> {
    let readAt: bigint | undefined;
    try {
      const [position, started, payload] = await between(async (at) => {
        readAt = at;
        this.readingAt.push(at);
        const t = this.now();
        return [at, t, await liveFigures(watch.ctx, watch.scope, t, at, watch.latest, { everyStreamer: true })] as const;
      });
      this.measured(watch, started);
      let latest = payload;
      let latestAt = started;
      let exact = position;
      for (const m of this.mapped) {
        if (m.to <= exact) continue;
        if (m.from !== exact) break;
        const now = this.now();
        const folded = foldCommit(latest, latestAt, m.facts, watch.sums, now, m.to);
        if (!folded) break;
        [latest, latestAt, exact] = [folded, now, m.to];
      }
      if (exact < watch.shown) {
        watch.exactAt = undefined;
        return;
      }
      this.showExact(watch, latest, latestAt, exact);
    } finally {
      if (readAt !== undefined) this.readingAt.splice(this.readingAt.indexOf(readAt), 1);
      this.forgetMapped();
    }
  }

  /** Scopes watched right now (for metrics and tests). */
  get watchedScopes(): number {
    return this.watches.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribeCommits?.();
    clearInterval(this.heartbeat);
    clearTimeout(this.pollTimer);
    for (const watch of this.watches.values()) {
      clearTimeout(watch.timer);
      clearTimeout(watch.slowTimer);
      for (const channel of watch.channels) channel.close();
    }
    this.watches.clear();
    await this.polling;
  }
}
