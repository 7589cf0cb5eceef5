/**
 * A summary's year is the calendar year in Asia/Shanghai (UTC+08:00 all year, no daylight saving):
 * orders in [Y-01-01T00:00+08:00, (Y+1)-01-01T00:00+08:00), day-grained facts dated Y-01-01 … Y-12-31.
 */
export interface YearPeriod {
  year: number;
  /** SalesFilter bounds: ISO date-times, half-open. */
  from: string;
  to: string;
  /** PeriodFilter bounds: dates, both inclusive. */
  firstDay: string;
  lastDay: string;
}

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

export class InvalidYearError extends Error {
  constructor(value: unknown) {
    super(`year must be a whole number between ${MIN_YEAR} and ${MAX_YEAR}, got ${JSON.stringify(value)}`);
    this.name = 'InvalidYearError';
  }
}

export function yearPeriod(year: number): YearPeriod {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) throw new InvalidYearError(year);
  return {
    year,
    from: `${year}-01-01T00:00:00+08:00`,
    to: `${year + 1}-01-01T00:00:00+08:00`,
    firstDay: `${year}-01-01`,
    lastDay: `${year}-12-31`,
  };
}

/** The Shanghai calendar year of an instant. */
export const shanghaiYear = (at: Date): number => new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();

/** Shanghai wall-clock parts of an instant. */
export function shanghaiParts(at: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const d = new Date(at.getTime() + 8 * 3_600_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/** Year-on-year change as a ratio (0.25 = +25 %), or null when the year before has nothing to compare with. */
export function yoy(current: bigint, previous: bigint): number | null {
  if (previous === 0n) return null;
  return Number(current - previous) / Number(previous);
}
