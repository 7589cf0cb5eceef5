/**
 * Weeks without a white screen: the page's JS heap is read once a minute; past the budget, the
 * page reloads itself at the next safe moment (the link live, nobody touching the screen, just
 * after a playlist page turned or a push was drawn), at most once per `minIntervalMs`, and says so
 * in the page's log before and after. A reload costs a second of blank; a tab that grew to
 * gigabytes costs the hall its screen until someone walks over.
 */

export const WATCHDOG_LOG = 'redstream.screen.watchdog';

export interface WatchdogOptions {
  budgetBytes: number;
  /** How often the heap is read. */
  everyMs?: number;
  /** No second watchdog reload within this (a budget set too low must not loop). */
  minIntervalMs?: number;
  heapBytes?: () => number | undefined;
  isSafe: () => boolean;
  reload?: () => void;
  storage?: Storage;
  log?: (message: string) => void;
}

interface Entry {
  at: string;
  heapMb: number;
  budgetMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** Chromium's `performance.memory` (the hall browsers are Chromium-based); undefined elsewhere. */
export const chromiumHeap = (): number | undefined => (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;

/** Reports the last watchdog reload (after it happened) and starts watching; returns the watcher. */
export function startWatchdog(options: WatchdogOptions): { check(): boolean; safeMoment(): void; stop(): void } {
  const storage = options.storage ?? window.localStorage;
  const log = options.log ?? ((m: string) => console.warn(m));
  const heap = options.heapBytes ?? chromiumHeap;
  const minInterval = options.minIntervalMs ?? 30 * 60_000;
  const previous = (() => {
    try {
      return JSON.parse(storage.getItem(WATCHDOG_LOG) ?? 'null') as (Entry & { reported?: boolean }) | null;
    } catch {
      return null;
    }
  })();
  if (previous && !previous.reported) {
    log(`redstream screen watchdog: this page was reloaded at ${previous.at}, its JS heap ${previous.heapMb} MB over the budget of ${previous.budgetMb} MB`);
    storage.setItem(WATCHDOG_LOG, JSON.stringify({ ...previous, reported: true }));
  }
  let due = false;
  const check = (): boolean => {
    const used = heap();
    if (used === undefined || used <= options.budgetBytes) return false;
    const last = previous ? Date.parse(previous.at) : 0;
    if (Date.now() - last < minInterval) return false;
    if (!due) log(`redstream screen watchdog: JS heap ${mb(used)} MB is over the budget of ${mb(options.budgetBytes)} MB; reloading at the next safe moment`);
    due = true;
    return true;
  };
  const timer = setInterval(check, options.everyMs ?? 60_000);
  return {
    check,
    /** Call where a reload would not be seen as a glitch; reloads if the budget was passed. */
    safeMoment() {
      if (!due || !options.isSafe()) return;
      const used = heap() ?? 0;
      storage.setItem(WATCHDOG_LOG, JSON.stringify({ at: new Date().toISOString(), heapMb: mb(used), budgetMb: mb(options.budgetBytes) } satisfies Entry));
      log(`redstream screen watchdog: reloading now (JS heap ${mb(used)} MB)`);
      clearInterval(timer);
      (options.reload ?? (() => window.location.reload()))();
    },
    stop: () => clearInterval(timer),
  };
}
