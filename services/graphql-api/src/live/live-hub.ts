import type { EventStore } from '@redstream/event-store';
import { effectiveRegion, type QueryContext } from '@redstream/queries';
import type { ProjectorStatusSource } from '@redstream/queries';
import { liveFigures, type LiveFiguresPayload, type LiveScope } from '@redstream/queries';
import type { Reader } from '@redstream/queries';

export interface LiveHubOptions {
  reader: Reader;
  /** The instance's own subscription to the log; without one, screens refresh on the heartbeat only. */
  store?: EventStore | undefined;
  /** When given, a refresh waits until the projector has applied the facts that triggered it. */
  projectorStatus?: ProjectorStatusSource | undefined;
  /**
   * The commits of a projector in this process. When given, a stale scope refreshes right after the
   * projector applies new facts (instead of on its own clock, then waiting for the projector's next
   * flush): a push then costs one flush and one refresh.
   */
  projectorCommits?: ProjectorCommits | undefined;
  /** At most one refresh per scope per this interval (default 250 ms). */
  minIntervalMs?: number;
  /** Refresh each watched scope at least this often, so per-minute figures and "today" roll over (default 30 s). */
  heartbeatMs?: number;
  /** How long a refresh waits for the projector before querying anyway (default 2000 ms). */
  projectorWaitMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/** Subscribes to a projector's commits (the position applied); returns the unsubscribe. */
export type ProjectorCommits = (listener: (position: bigint) => void) => () => void;

interface Watch {
  key: string;
  ctx: QueryContext;
  scope: LiveScope;
  channels: Set<Channel>;
  latest: LiveFiguresPayload | undefined;
  /** Position the next refresh must include. */
  wanted: bigint;
  /** Position the latest payload includes. */
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

/**
 * Live figures for big screens. Each GraphQL instance follows the event log itself (a catch-up
 * subscription from the head), so any instance can serve any screen: a new fact marks every watched
 * scope stale; each scope is re-queried at most once per `refreshInterval` (the first fact after a
 * quiet spell is pushed at once), after the projector has applied it; subscribers of the same
 * effective scope share one query.
 */
export class LiveFigures {
  private readonly watches = new Map<string, Watch>();
  private readonly abort = new AbortController();
  private readonly minIntervalMs: number;
  private readonly heartbeatMs: number;
  private readonly now: () => number;
  private heartbeat: NodeJS.Timeout | undefined;
  private following: Promise<void> | undefined;
  /** Newest log position seen by this instance's subscription. */
  position = 0n;
  /** Newest position the projector of this process reported applied (with `projectorCommits`). */
  private applied = -1n;
  private unsubscribeCommits: (() => void) | undefined;

  constructor(private readonly options: LiveHubOptions) {
    this.minIntervalMs = options.minIntervalMs ?? 250;
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** Starts following the log from its current head. */
  async start(): Promise<void> {
    this.unsubscribeCommits = this.options.projectorCommits?.((position) => {
      this.applied = position;
      for (const watch of this.watches.values()) if (watch.wanted > watch.shown) this.schedule(watch);
    });
    const store = this.options.store;
    if (store) {
      this.position = await store.headPosition();
      this.following = this.follow(store);
    }
    this.heartbeat = setInterval(() => {
      for (const watch of this.watches.values()) this.schedule(watch);
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  private async follow(store: EventStore): Promise<void> {
    let backoff = 100;
    while (!this.abort.signal.aborted) {
      try {
        for await (const batch of store.subscribe({ after: this.position, signal: this.abort.signal, maxBatch: 10_000 })) {
          backoff = 100;
          if (batch.checkpoint > this.position) this.position = batch.checkpoint;
          if (batch.events.length === 0) continue;
          for (const watch of this.watches.values()) {
            if (this.position > watch.wanted) watch.wanted = this.position;
            // With the projector's commits, the commit that applies these facts schedules the refresh.
            if (!this.options.projectorCommits || this.applied >= watch.wanted) this.schedule(watch);
          }
        }
        return;
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.options.onError?.(error);
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
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
        channels: new Set(),
        latest: undefined,
        wanted: this.position,
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
        this.watches.delete(w.key);
      }
    });
    w.channels.add(channel);
    if (w.latest) channel.push(w.latest);
    this.schedule(w);
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
      // Commit-driven: show what the projector has applied (all the facts that made the scope stale,
      // or the next commit schedules another refresh). Otherwise wait for it to reach `wanted`.
      const wanted = this.options.projectorCommits && this.applied >= 0n && this.applied < watch.wanted ? this.applied : watch.wanted;
      await this.projectorReached(wanted);
      const started = this.now();
      const payload = await liveFigures(watch.ctx, watch.scope, started, wanted, watch.latest);
      watch.cost = watch.cost === 0 ? this.now() - started : 0.8 * watch.cost + 0.2 * (this.now() - started);
      watch.latest = payload;
      if (wanted > watch.shown) watch.shown = wanted;
      for (const channel of watch.channels) channel.push(payload);
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      watch.running = false;
      if (watch.again && this.watches.get(watch.key) === watch) this.schedule(watch);
    }
  }

  private async projectorReached(position: bigint): Promise<void> {
    const source = this.options.projectorStatus;
    if (!source || position === 0n) return;
    const deadline = this.now() + (this.options.projectorWaitMs ?? 2000);
    while (this.now() < deadline && !this.abort.signal.aborted) {
      const status = await source();
      if (status.position >= position) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Scopes watched right now (for metrics and tests). */
  get watchedScopes(): number {
    return this.watches.size;
  }

  async close(): Promise<void> {
    this.abort.abort();
    this.unsubscribeCommits?.();
    clearInterval(this.heartbeat);
    for (const watch of this.watches.values()) {
      clearTimeout(watch.timer);
      for (const channel of watch.channels) channel.close();
    }
    this.watches.clear();
    await this.following?.catch(() => undefined);
  }
}
