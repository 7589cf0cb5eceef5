import { scopeKey, type Scope } from './scope.ts';
import { ReadModelsBehindError, type SummaryStore } from './store.ts';
import { shanghaiMidnight, shanghaiYear } from '@redstream/schema';

/**
 * Every 1 January at 00:05 Asia/Shanghai, the year just ended is summarised for every configured
 * scope and stored (HTML, PDF, JSON; zh-CN and en). A run missed while the process was down is
 * made up at start: a scope without a current summary of last year (none, a provisional one, or
 * one superseded by facts recorded since) gets it then. A summary is never stored from read models
 * that are behind the log (store.ts).
 */
export interface ScheduleClock {
  now(): Date;
  /** Resolves after `ms` (a test clock moves its time on and resolves at once); rejects on abort. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: ScheduleClock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason as Error);
      // setTimeout holds at most 2^31-1 ms (~24.8 days); the loop sleeps again if woken early.
      const timer = setTimeout(resolve, Math.min(ms, 2_147_483_647));
      signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason as Error)), { once: true });
    }),
};

export interface ScheduleRun {
  year: number;
  scope: string;
  ok: boolean;
  error?: string;
  at: Date;
}

export interface SummaryScheduleOptions {
  store: SummaryStore;
  scopes: readonly Scope[];
  clock?: ScheduleClock;
  /**
   * How long a run waits for the projections to reach the head of the log (a start right after
   * an import); still behind then, it stores nothing and leaves the summary to the first request.
   */
  catchUpWaitMs?: number;
  /** Called after each scope's summary is stored or has failed. */
  onRun?: (run: ScheduleRun) => void;
  log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface SummarySchedule {
  /** When the next yearly run is due. */
  nextRunAt(): Date;
  stop(): Promise<void>;
}

/** 1 January 00:05 Asia/Shanghai of `year`. */
const runOf = (year: number): Date => new Date(shanghaiMidnight(`${year}-01-01`) + 5 * 60_000);

/** The next 1 January 00:05 Asia/Shanghai strictly after `now`. */
export function nextRun(now: Date): Date {
  const year = shanghaiYear(now);
  const thisYears = runOf(year);
  return thisYears.getTime() > now.getTime() ? thisYears : runOf(year + 1);
}

export function startSummarySchedule(options: SummaryScheduleOptions): SummarySchedule {
  const clock = options.clock ?? systemClock;
  const catchUpWaitMs = options.catchUpWaitMs ?? 10 * 60_000;
  const controller = new AbortController();
  let next = nextRun(clock.now());

  async function runYear(year: number, onlyMissing: boolean): Promise<void> {
    for (const scope of options.scopes) {
      const key = scopeKey(scope);
      if (onlyMissing && (await options.store.isCurrent(year, scope))) continue;
      try {
        await options.store.generateAll(year, scope, { requireCaughtUp: { waitMs: catchUpWaitMs } });
        options.log?.info({ year, scope: key }, 'annual summary stored');
        options.onRun?.({ year, scope: key, ok: true, at: clock.now() });
      } catch (error) {
        if (error instanceof ReadModelsBehindError) options.log?.info({ year, scope: key, reason: error.message }, 'annual summary left to the first request');
        else options.log?.error({ year, scope: key, err: error }, 'annual summary failed');
        options.onRun?.({ year, scope: key, ok: false, error: (error as Error).message, at: clock.now() });
      }
    }
  }

  const loop = (async () => {
    // Make up a missed run: once past this year's 00:05 on 1 January, last year is due.
    const now = clock.now();
    if (now.getTime() >= runOf(shanghaiYear(now)).getTime()) await runYear(shanghaiYear(now) - 1, true);
    while (!controller.signal.aborted) {
      next = nextRun(clock.now());
      await clock.sleep(next.getTime() - clock.now().getTime(), controller.signal);
      if (clock.now().getTime() < next.getTime()) continue; // woken early (long timers are chunked)
      await runYear(shanghaiYear(next) - 1, false);
    }
  })().catch((error: unknown) => {
    if (!controller.signal.aborted) options.log?.error({ err: error }, 'summary schedule stopped');
  });

  return {
    nextRunAt: () => next,
    async stop() {
      controller.abort(new Error('summary schedule stopped'));
      await loop;
    },
  };
}
