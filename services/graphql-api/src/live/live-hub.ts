import { effectiveRegion, readCommittedCheckpoint, type CommittedCheckpoint, type QueryContext } from '@redstream/queries';
import { liveFigures, type LiveFiguresPayload, type LiveScope } from '@redstream/queries';
import { liveSlowFigures, SLOW_FIGURES_MS, withSlowFigures, type Reader } from '@redstream/queries';
import { regionPrefix } from '@redstream/schema';
import type { CommittedFact } from '@redstream/projections';
import { foldCommit, type FoldScope } from './fold.ts';

export interface LiveHubOptions {
  reader: Reader;
  /**
   * The committed checkpoint the figures follow. Default: read from ClickHouse
   * (`readCommittedCheckpoint`), whichever process projects — the same in every topology.
   */
  checkpoint?: () => Promise<CommittedCheckpoint | undefined>;
  /**
   * The commits of a projector in this process: they only wake the hub sooner (a commit is in
   * ClickHouse before it is announced), so a push costs one flush and one refresh, no poll.
   */
  projectorCommits?: ProjectorCommits | undefined;
  /**
   * The in-process projector's reads between batches (Projector.between). With it and the commits'
   * facts, a commit is pushed at once by adding its sales to the figures shown (fold.ts), with no
   * query. The scope is queried in full (between batches, so exactly at a position) only where the
   * sums alone cannot say — at the latest when the minute turns — and its slow figures are re-read
   * on their own every `slowMs`. Without it (GraphQL beside a ClickHouse server) every push is a
   * query.
   */
  projectorBetween?: ProjectorBetween | undefined;
  /** How often a folded scope's slow figures are re-read (default SLOW_FIGURES_MS). */
  slowMs?: number;
  /** How often the checkpoint is read while some scope is watched (default 100 ms; 1 s beside `projectorCommits`). */
  pollMs?: number;
  /** At most one refresh per scope per this interval (default 250 ms). */
  minIntervalMs?: number;
  /** Refresh each watched scope at least this often, so per-minute figures and "today" roll over (default 30 s). */
  heartbeatMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/** Subscribes to a projector's commits (the position applied, and while live the sales and refunds it wrote); returns the unsubscribe. */
export type ProjectorCommits = (listener: (position: bigint, facts?: readonly CommittedFact[]) => void) => () => void;

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
  /** A slow re-read due later: a commit came before the last one was `slowMs` old. */
  slowTimer: NodeJS.Timeout | undefined;
  /** Committed position the latest payload includes (-1: nothing shown yet). */
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
 * `refreshInterval` (the first commit after a quiet spell is pushed at once). A push therefore never
 * announces facts the read models do not hold yet, and any GraphQL instance that reads ClickHouse
 * serves any screen, with or without a projector beside it. Subscribers of the same effective scope
 * share one query.
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
  private unsubscribeCommits: (() => void) | undefined;

  constructor(private readonly options: LiveHubOptions) {
    this.minIntervalMs = options.minIntervalMs ?? 250;
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
    // Beside a projector whose commits wake the hub, the poll is only a safety net: embedded chDB
    // runs one statement at a time, and ten checkpoint reads a second would queue ahead of every
    // flush and refresh.
    this.pollMs = options.pollMs ?? (options.projectorCommits ? 1000 : 100);
    this.slowMs = options.slowMs ?? SLOW_FIGURES_MS;
    this.now = options.now ?? Date.now;
    this.readCheckpoint = options.checkpoint ?? (() => readCommittedCheckpoint(options.reader));
  }

  async start(): Promise<void> {
    this.unsubscribeCommits = this.options.projectorCommits?.((position, facts) => {
      this.lastCommitAt = this.now();
      for (const watch of this.watches.values()) this.fold(watch, position, facts);
      this.committed(position, new Date(this.lastCommitAt));
    });
    this.heartbeat = setInterval(() => {
      for (const watch of this.watches.values()) this.schedule(watch);
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * The newest committed checkpoint this hub knows, from the projector's commits or its own poll:
   * at least the position of every payload it has pushed. GraphQL's freshness of a push reads it
   * here instead of querying ClickHouse again in front of the push (freshness.ts).
   */
  get checkpoint(): CommittedCheckpoint | undefined {
    return this.known;
  }

  /** A newer committed position makes every watched scope stale. */
  private committed(position: bigint, committedAt?: Date): void {
    if (position <= this.position) return;
    this.position = position;
    if (committedAt) this.known = { position, committedAt };
    for (const watch of this.watches.values()) if (watch.shown < position) this.schedule(watch);
  }

  /**
   * Pushes a commit to a scope whose figures are exact at the position before it, by adding the
   * commit's sales and refunds (no query; the projector calls this before the next batch or read).
   * A scope the sums cannot carry forward is queried instead. Slow figures due are re-read after
   * this push, outside the projector's batches: they are not folded, so they need no exact position.
   */
  private fold(watch: Watch, position: bigint, facts: readonly CommittedFact[] | undefined): void {
    if (watch.exactAt === undefined || !watch.latest || position <= watch.exactAt) return;
    const now = this.now();
    const folded = facts && foldCommit(watch.latest, watch.latestAt, facts, watch.sums, now, position);
    if (!folded) {
      watch.exactAt = undefined;
      this.schedule(watch);
      return;
    }
    watch.latest = folded;
    watch.latestAt = now;
    watch.exactAt = position;
    watch.shown = position;
    for (const channel of watch.channels) channel.push(folded);
    this.slowDue(watch);
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
    if (watch.slowRunning) return;
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
      let position: bigint;
      let started: number;
      let payload: LiveFiguresPayload;
      if (between) {
        // Between two batches: the figures hold exactly the facts up to `position`, so the commits
        // after it can be added to them.
        [position, started, payload] = await between(async (at) => {
          const t = this.now();
          return [at, t, await liveFigures(watch.ctx, watch.scope, t, at, watch.latest, { everyStreamer: true })] as const;
        });
        watch.exactAt = position;
      } else {
        position = this.position;
        started = this.now();
        payload = await liveFigures(watch.ctx, watch.scope, started, position < 0n ? null : position, watch.latest);
      }
      watch.cost = watch.cost === 0 ? this.now() - started : 0.8 * watch.cost + 0.2 * (this.now() - started);
      watch.latest = payload;
      watch.latestAt = started;
      if (position > watch.shown) watch.shown = position;
      for (const channel of watch.channels) channel.push(payload);
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      watch.running = false;
      // Asked again while running: only a commit newer than this refresh showed needs another one.
      if (watch.again && this.position > watch.shown && this.watches.get(watch.key) === watch) this.schedule(watch);
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
