/**
 * Time in redstream is Asia/Shanghai time. China has kept one fixed offset, UTC+08:00 without
 * daylight saving, since 1991, and every fact postdates it: so a Shanghai wall clock is an instant
 * plus eight hours read with the UTC getters, a Shanghai day is a plain integer, and the results
 * agree with ClickHouse's `Asia/Shanghai` functions without Intl. Every package takes its days,
 * months, years, buckets and year-on-year comparisons from here.
 */
export const TZ = 'Asia/Shanghai';
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const MS_PER_DAY = 86_400_000;

// ---- instants ---------------------------------------------------------------------------------

/** `2025-06-18T01:02:03.5+08:00` → epoch milliseconds. */
export function epochMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a date-time: ${iso}`);
  return ms;
}

/** The Shanghai wall clock of an instant, as a Date to read with the getUTC* methods. */
const wall = (ms: number): Date => new Date(ms + SHANGHAI_OFFSET_MS);
/** The instant of a Shanghai wall clock built with Date.UTC. */
const fromWall = (wallMs: number): number => wallMs - SHANGHAI_OFFSET_MS;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * ISO 8601 with the +08:00 offset, to the second (`2025-06-18T20:15:00+08:00`). Caches the date
 * part of the last day seen: the simulator formats millions of instants in order.
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
/** `2025-06-18T20:15:00+08:00` (to the second). */
export const formatInstant = (ms: number): string => sharedClock.format(ms);

/** Epoch ms → `YYYY-MM-DD HH:MM:SS.mmm` in Shanghai local time (how a DateTime64 column in that zone parses text). */
export function shanghaiDateTime(ms: number): string {
  const s = wall(ms).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 23)}`;
}

/** `2025-06-18 20:15 (UTC+08:00)`: a time for people to read. */
export const shanghaiStamp = (at: Date): string => `${shanghaiDateTime(at.getTime()).slice(0, 16)} (UTC+08:00)`;

export interface ShanghaiParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Shanghai wall-clock parts of an instant. */
export function shanghaiParts(at: Date | number): ShanghaiParts {
  const d = wall(typeof at === 'number' ? at : at.getTime());
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/** The Shanghai calendar year of an instant. */
export const shanghaiYear = (at: Date | number): number => wall(typeof at === 'number' ? at : at.getTime()).getUTCFullYear();

// ---- days -------------------------------------------------------------------------------------

/** `2025-06-18` → day number (days since 1970-01-01). Throws on anything that is not a real date. */
export function dayOf(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (Number.isNaN(ms) || formatDay(ms / MS_PER_DAY) !== date) throw new Error(`not a date YYYY-MM-DD: ${date}`);
  return ms / MS_PER_DAY;
}

/** Day number → `YYYY-MM-DD`. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The instant a Shanghai day starts. */
export const dayStartMs = (day: number): number => fromWall(day * MS_PER_DAY);

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

const dates = new Map<number, string>();

/** Epoch ms → the Shanghai calendar date `YYYY-MM-DD` (memoised by day: facts fall on few days). */
export function shanghaiDate(ms: number): string {
  const day = dayOfInstant(ms);
  let date = dates.get(day);
  if (date === undefined) {
    date = formatDay(day);
    if (dates.size < 100_000) dates.set(day, date);
  }
  return date;
}

/**
 * The Shanghai calendar date of an ISO date-time with offset: its first ten characters when it is
 * written in +08:00 (as producers in China send it), else computed. A hot path of the projector.
 */
export function shanghaiDay(iso: string): string {
  return iso.endsWith('+08:00') ? iso.slice(0, 10) : shanghaiDate(epochMs(iso));
}

/** Epoch ms of the Shanghai midnight starting `date` (`YYYY-MM-DD`). */
export const shanghaiMidnight = (date: string): number => Date.parse(`${date}T00:00:00+08:00`);

// ---- buckets ----------------------------------------------------------------------------------

export const GRANULARITIES = ['MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** Start of the Shanghai bucket holding `ms`; weeks start on Monday. */
export function bucketStart(ms: number, granularity: Granularity): number {
  const d = wall(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (granularity) {
    case 'MINUTE':
      return ms - (((ms % 60_000) + 60_000) % 60_000);
    case 'HOUR':
      return fromWall(Date.UTC(y, m, d.getUTCDate(), d.getUTCHours()));
    case 'DAY':
      return fromWall(Date.UTC(y, m, d.getUTCDate()));
    case 'WEEK':
      return fromWall(Date.UTC(y, m, d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
    case 'MONTH':
      return fromWall(Date.UTC(y, m, 1));
    case 'QUARTER':
      return fromWall(Date.UTC(y, m - (m % 3), 1));
    case 'YEAR':
      return fromWall(Date.UTC(y, 0, 1));
  }
}

/** `ms` moved by `steps` buckets of `granularity` on the Shanghai calendar (months clamp to their end). */
export function shift(ms: number, granularity: Granularity, steps: number): number {
  switch (granularity) {
    case 'MINUTE':
      return ms + steps * 60_000;
    case 'HOUR':
      return ms + steps * 3_600_000;
    case 'DAY':
      return ms + steps * MS_PER_DAY;
    case 'WEEK':
      return ms + steps * 7 * MS_PER_DAY;
    case 'MONTH':
      return addMonths(ms, steps);
    case 'QUARTER':
      return addMonths(ms, 3 * steps);
    case 'YEAR':
      return addMonths(ms, 12 * steps);
  }
}

function addMonths(ms: number, months: number): number {
  const d = wall(ms);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  target.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return fromWall(target.getTime());
}

/**
 * The same bucket a year earlier: calendar year for days and longer; 52 weeks for weeks (same
 * weekday); a calendar year for minutes and hours too. 29 February maps to the 28th.
 */
export function lastYear(ms: number, granularity: Granularity): number {
  return granularity === 'WEEK' ? ms - 364 * MS_PER_DAY : addMonths(ms, -12);
}

// ---- years ------------------------------------------------------------------------------------

/**
 * A reporting year: the calendar year in Asia/Shanghai, orders in [Y-01-01T00:00+08:00,
 * (Y+1)-01-01T00:00+08:00), day-grained facts dated Y-01-01 … Y-12-31. While the year still runs
 * it is the year to date: orders up to now, day-grained facts up to today.
 */
export interface YearPeriod {
  year: number;
  /** SalesFilter bounds: ISO date-times, half-open. */
  from: string;
  to: string;
  /** PeriodFilter bounds: dates, both inclusive. */
  firstDay: string;
  lastDay: string;
  /** Set when the period stops before the year's end (the running year): compare it with yearBefore's same days. */
  yearToDate?: true;
}

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

export class InvalidYearError extends Error {
  constructor(value: unknown) {
    super(`year must be a whole number between ${MIN_YEAR} and ${MAX_YEAR}, got ${JSON.stringify(value)}`);
    this.name = 'InvalidYearError';
  }
}

const wholeYear = (year: number): YearPeriod => ({
  year,
  from: `${year}-01-01T00:00:00+08:00`,
  to: `${year + 1}-01-01T00:00:00+08:00`,
  firstDay: `${year}-01-01`,
  lastDay: `${year}-12-31`,
});

/**
 * The period of `year`. Given `now` inside that year, the year to date: orders before now (to the
 * second), day-grained facts through today. A year that has ended, or has not begun, is whole.
 */
export function yearPeriod(year: number, now?: Date | number): YearPeriod {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) throw new InvalidYearError(year);
  const whole = wholeYear(year);
  if (now === undefined) return whole;
  const ms = typeof now === 'number' ? now : now.getTime();
  if (shanghaiYear(ms) !== year) return whole;
  return { ...whole, to: formatInstant(ms), lastDay: shanghaiDate(ms), yearToDate: true };
}

/** The same days one year earlier: the whole year before, or the year before to the same date and time. */
export function yearBefore(period: YearPeriod): YearPeriod {
  const whole = wholeYear(period.year - 1);
  if (!period.yearToDate) return whole;
  return {
    ...whole,
    to: formatInstant(lastYear(Date.parse(period.to), 'YEAR')),
    lastDay: shanghaiDate(lastYear(shanghaiMidnight(period.lastDay), 'YEAR')),
    yearToDate: true,
  };
}

/** Year-on-year change as a ratio (0.25 = +25 %), or null when the year before has nothing to compare with. */
export function yoy(current: bigint, previous: bigint): number | null {
  if (previous === 0n) return null;
  return Number(current - previous) / Number(previous);
}
