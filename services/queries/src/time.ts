import { GraphQLError } from 'graphql';

/**
 * Time in the query layer. Instants travel as epoch milliseconds; buckets and days are those of
 * Asia/Shanghai, which has kept UTC+08:00 without daylight saving since 1991, so a fixed offset
 * in JS agrees with ClickHouse's `Asia/Shanghai` functions for every date redstream stores.
 */
export const TZ = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3_600_000;

export const GRANULARITIES = ['MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export class InvalidInputError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT' } });
  }
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO 8601 date-time with offset → epoch ms; refuses anything ambiguous. */
export function parseInstant(value: string, field: string): number {
  const ms = ISO_DATETIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidInputError(`${field} must be an ISO 8601 date-time with offset (e.g. 2025-06-18T00:00:00+08:00), got ${JSON.stringify(value)}`);
  return ms;
}

/** A calendar date YYYY-MM-DD, checked to exist. */
export function parseDate(value: string, field: string): string {
  const match = ISO_DATE.exec(value);
  const ok = match && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!ok) throw new InvalidInputError(`${field} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/** Shanghai wall clock of an instant, as a UTC-based Date (read with getUTC*). */
const wall = (ms: number): Date => new Date(ms + OFFSET_MS);
const fromWall = (d: Date): number => d.getTime() - OFFSET_MS;

/** `2025-06-18T00:00:00+08:00` */
export function formatShanghai(ms: number): string {
  return `${wall(ms).toISOString().slice(0, 19)}+08:00`;
}

/** The Shanghai calendar date of an instant. */
export const shanghaiDate = (ms: number): string => wall(ms).toISOString().slice(0, 10);

/** Epoch ms of Shanghai midnight starting `date`. */
export const shanghaiMidnight = (date: string): number => Date.parse(`${date}T00:00:00+08:00`);

/** Start of the bucket holding `ms`; weeks start on Monday. */
export function bucketStart(ms: number, granularity: Granularity): number {
  const d = wall(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (granularity) {
    case 'MINUTE':
      return ms - (((ms % 60_000) + 60_000) % 60_000);
    case 'HOUR':
      return fromWall(new Date(Date.UTC(y, m, d.getUTCDate(), d.getUTCHours())));
    case 'DAY':
      return fromWall(new Date(Date.UTC(y, m, d.getUTCDate())));
    case 'WEEK': {
      const dow = (d.getUTCDay() + 6) % 7;
      return fromWall(new Date(Date.UTC(y, m, d.getUTCDate() - dow)));
    }
    case 'MONTH':
      return fromWall(new Date(Date.UTC(y, m, 1)));
    case 'QUARTER':
      return fromWall(new Date(Date.UTC(y, m - (m % 3), 1)));
    case 'YEAR':
      return fromWall(new Date(Date.UTC(y, 0, 1)));
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
      return ms + steps * 86_400_000;
    case 'WEEK':
      return ms + steps * 7 * 86_400_000;
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
  return fromWall(target);
}

/**
 * The same bucket a year earlier: calendar year for days and longer; 52 weeks for weeks (same
 * weekday); a calendar year for minutes and hours too.
 */
export function lastYear(ms: number, granularity: Granularity): number {
  return granularity === 'WEEK' ? ms - 364 * 86_400_000 : addMonths(ms, -12);
}

/** ClickHouse expression of the bucket start of DateTime column `column`, as epoch ms. */
export function bucketSql(granularity: Granularity): string {
  switch (granularity) {
    case 'MINUTE':
      return 'toStartOfMinute';
    case 'HOUR':
      return 'toStartOfHour';
    case 'DAY':
      return 'toStartOfDay';
    case 'WEEK':
      return 'toMonday';
    case 'MONTH':
      return 'toStartOfMonth';
    case 'QUARTER':
      return 'toStartOfQuarter';
    case 'YEAR':
      return 'toStartOfYear';
  }
}
