import type { PanelId } from './stage.ts';

/**
 * A hall's playlist as the server resolves it from the halls file (`/screen/playlist/:id/config`,
 * src/halls.ts): pages shown in turn for their own durations, a day plan that swaps the list by
 * the time of day, and a pause while someone touches the screen.
 */
export interface PlaylistPage {
  kind: 'overview' | 'farm' | 'ranking' | 'live-now' | 'legend';
  seconds: number;
  scope: { regionCode?: string; parkId?: string };
  label: string;
  title: string;
}

export interface PlaylistHall {
  id: string;
  title: string;
  fit: 'fit' | 'fill' | 'letterbox';
  pages: PlaylistPage[];
  dayPlan: { from: string; to: string; pages: PlaylistPage[] }[];
  version: string;
}

/** The panel a page brings forward. */
export const FOCUS: Record<PlaylistPage['kind'], PanelId | undefined> = { overview: undefined, farm: 'farm', ranking: 'rank', 'live-now': 'live', legend: undefined };

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The pages for `minuteOfDay` (Asia/Shanghai): the first day-plan entry covering it, else the hall's own. */
export function pagesAt(hall: PlaylistHall, minuteOfDay: number): PlaylistPage[] {
  for (const entry of hall.dayPlan) {
    const from = minutes(entry.from);
    const to = minutes(entry.to);
    const inside = from <= to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
    if (inside) return entry.pages;
  }
  return hall.pages;
}

export interface Timers {
  now(): number;
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = { now: () => Date.now(), set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

/**
 * Shows the pages in turn. At every turn it asks `pages()` for the current list (the day plan
 * moves on, the halls file changes): a different list starts from its first page. A touch holds
 * the current page for `holdMs` after the last touch. One timer at a time, nothing kept per turn.
 */
export class Rotation {
  private index = -1;
  private key = '';
  private timer: unknown;
  private pausedUntil = 0;

  constructor(
    private readonly pages: () => PlaylistPage[],
    private readonly show: (page: PlaylistPage, index: number) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  start(): void {
    this.turn();
  }

  /** The list changed (a new version of the hall): start it now. */
  restart(): void {
    this.key = '';
    this.turn();
  }

  touch(holdMs = 30_000): void {
    this.pausedUntil = this.timers.now() + holdMs;
  }

  get paused(): boolean {
    return this.timers.now() < this.pausedUntil;
  }

  stop(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }

  private readonly turn = (): void => {
    this.stop();
    const now = this.timers.now();
    const pages = this.pages();
    const key = JSON.stringify(pages);
    if (key !== this.key) {
      this.key = key;
      this.index = -1;
    } else if (now < this.pausedUntil) {
      this.timer = this.timers.set(this.turn, this.pausedUntil - now);
      return;
    }
    if (!pages.length) return;
    this.index = (this.index + 1) % pages.length;
    const page = pages[this.index]!;
    this.show(page, this.index);
    this.timer = this.timers.set(this.turn, page.seconds * 1000);
  };
}
