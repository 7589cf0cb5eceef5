/**
 * Asia/Shanghai calendar arithmetic. China has one fixed offset (+08:00, no daylight saving), so a
 * "day" is a plain integer (days since 1970-01-01 in Shanghai) and formatting needs no Intl.
 */
export const MS_PER_DAY = 86_400_000;
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** `2025-06-18` → day number. Throws on anything that is not a real date. */
export function dayOf(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (Number.isNaN(ms) || formatDay(ms / MS_PER_DAY) !== date) throw new Error(`not a date YYYY-MM-DD: ${date}`);
  return ms / MS_PER_DAY;
}

export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The instant a Shanghai day starts. */
export const dayStartMs = (day: number): number => day * MS_PER_DAY - SHANGHAI_OFFSET_MS;

/** The Shanghai day an instant falls on. */
export const dayOfInstant = (ms: number): number => Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY);

export interface DayParts {
  year: number;
  month: number;
  dayOfMonth: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

export function dayParts(day: number): DayParts {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, dayOfMonth: d.getUTCDate(), weekday: d.getUTCDay() };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * ISO 8601 with the +08:00 offset, to the second. Caches the date part of the last day seen:
 * the hot path formats millions of instants in order.
 */
export class ShanghaiClock {
  private cachedDay = Number.NaN;
  private cachedPrefix = '';

  format(ms: number): string {
    const local = ms + SHANGHAI_OFFSET_MS;
    const day = Math.floor(local / MS_PER_DAY);
    if (day !== this.cachedDay) {
      this.cachedDay = day;
      this.cachedPrefix = `${formatDay(day)}T`;
    }
    const secs = Math.floor((local - day * MS_PER_DAY) / 1000);
    return `${this.cachedPrefix}${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}+08:00`;
  }
}

const sharedClock = new ShanghaiClock();
export const formatInstant = (ms: number): string => sharedClock.format(ms);
