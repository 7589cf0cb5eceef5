import { describe, expect, it } from 'vitest';
import {
  bucketStart,
  dayOf,
  dayOfInstant,
  dayParts,
  dayStartMs,
  epochMs,
  formatDay,
  formatInstant,
  InvalidYearError,
  lastYear,
  shanghaiDate,
  shanghaiDateTime,
  shanghaiDay,
  shanghaiMidnight,
  shanghaiParts,
  shanghaiYear,
  shift,
  yearBefore,
  yearPeriod,
  yoy,
} from './time.ts';

describe('Shanghai time', () => {
  const justAfterMidnight = epochMs('2025-06-17T16:00:30Z'); // 2025-06-18 00:00:30 in Shanghai

  it('puts an instant after Shanghai midnight on the Shanghai day, not the UTC one', () => {
    expect(shanghaiDate(justAfterMidnight)).toBe('2025-06-18');
    expect(shanghaiDateTime(justAfterMidnight)).toBe('2025-06-18 00:00:30.000');
  });

  it('keeps milliseconds and refuses what is not a date-time', () => {
    expect(shanghaiDateTime(epochMs('2025-06-18T20:15:42.5+08:00'))).toBe('2025-06-18 20:15:42.500');
    expect(() => epochMs('18/06/2025')).toThrow(/not a date-time/);
  });
});

describe('the Asia/Shanghai calendar', () => {
  it('is UTC+08:00 all year: no daylight saving in January or July', () => {
    expect(shanghaiDateTime(epochMs('2025-01-15T04:00:00Z'))).toBe('2025-01-15 12:00:00.000');
    expect(shanghaiDateTime(epochMs('2025-07-15T04:00:00Z'))).toBe('2025-07-15 12:00:00.000');
    expect(formatInstant(epochMs('2025-07-15T04:00:00.999Z'))).toBe('2025-07-15T12:00:00+08:00');
    expect(shanghaiMidnight('2025-03-30')).toBe(epochMs('2025-03-29T16:00:00Z'));
    expect(dayStartMs(dayOf('2025-10-26'))).toBe(epochMs('2025-10-25T16:00:00Z'));
  });

  it('turns the day, the month and the year at Shanghai midnight, not UTC midnight', () => {
    const lastMsOf2024 = epochMs('2024-12-31T15:59:59.999Z');
    expect(shanghaiDate(lastMsOf2024)).toBe('2024-12-31');
    expect(shanghaiDate(lastMsOf2024 + 1)).toBe('2025-01-01');
    expect(shanghaiYear(lastMsOf2024)).toBe(2024);
    expect(shanghaiYear(new Date(lastMsOf2024 + 1))).toBe(2025);
    expect(shanghaiParts(epochMs('2025-05-31T16:00:00Z'))).toEqual({ year: 2025, month: 6, day: 1, hour: 0, minute: 0 });
    expect(dayOfInstant(epochMs('2025-05-31T15:59:59Z'))).toBe(dayOf('2025-05-31'));
    expect(shanghaiDay('2025-05-31T16:00:00Z')).toBe('2025-06-01');
    expect(shanghaiDay('2025-06-01T00:00:00+08:00')).toBe('2025-06-01');
  });

  it('starts buckets on Shanghai boundaries and moves them on the calendar', () => {
    const at = epochMs('2025-03-31T17:30:00+08:00'); // a Monday
    expect(formatInstant(bucketStart(at, 'DAY'))).toBe('2025-03-31T00:00:00+08:00');
    expect(formatInstant(bucketStart(at, 'WEEK'))).toBe('2025-03-31T00:00:00+08:00');
    expect(formatInstant(bucketStart(at, 'MONTH'))).toBe('2025-03-01T00:00:00+08:00');
    expect(formatInstant(bucketStart(at, 'QUARTER'))).toBe('2025-01-01T00:00:00+08:00');
    expect(formatInstant(bucketStart(at, 'YEAR'))).toBe('2025-01-01T00:00:00+08:00');
    expect(formatInstant(shift(at, 'MONTH', -1))).toBe('2025-02-28T17:30:00+08:00');
    expect(formatInstant(lastYear(epochMs('2024-02-29T08:00:00+08:00'), 'YEAR'))).toBe('2023-02-28T08:00:00+08:00');
    expect(formatInstant(lastYear(at, 'WEEK'))).toBe('2024-04-01T17:30:00+08:00');
  });

  it('reads and writes day numbers, refusing dates that do not exist', () => {
    expect(formatDay(dayOf('2024-02-29'))).toBe('2024-02-29');
    expect(dayParts(dayOf('2025-06-18'))).toEqual({ year: 2025, month: 6, dayOfMonth: 18, weekday: 3 });
    expect(() => dayOf('2025-02-29')).toThrow(/not a date/);
  });
});

describe('a reporting year', () => {
  it('is the whole calendar year once it has ended, compared with the whole year before', () => {
    const p = yearPeriod(2025, new Date('2026-03-01T09:00:00+08:00'));
    expect(p).toEqual({ year: 2025, from: '2025-01-01T00:00:00+08:00', to: '2026-01-01T00:00:00+08:00', firstDay: '2025-01-01', lastDay: '2025-12-31' });
    expect(p.yearToDate).toBeUndefined();
    expect(yearBefore(p)).toEqual(yearPeriod(2024));
  });

  it('is the year to date while it runs, compared with the same days of the year before', () => {
    const p = yearPeriod(2026, new Date('2026-12-02T10:30:15.250+08:00'));
    expect(p).toEqual({ year: 2026, from: '2026-01-01T00:00:00+08:00', to: '2026-12-02T10:30:15+08:00', firstDay: '2026-01-01', lastDay: '2026-12-02', yearToDate: true });
    expect(yearBefore(p)).toEqual({ year: 2025, from: '2025-01-01T00:00:00+08:00', to: '2025-12-02T10:30:15+08:00', firstDay: '2025-01-01', lastDay: '2025-12-02', yearToDate: true });
  });

  it('turns at Shanghai midnight: one millisecond before, the old year is still running', () => {
    const lastMsOf2025 = epochMs('2025-12-31T15:59:59.999Z');
    expect(yearPeriod(2025, lastMsOf2025)).toMatchObject({ lastDay: '2025-12-31', yearToDate: true });
    expect(yearPeriod(2025, lastMsOf2025 + 1).yearToDate).toBeUndefined();
    expect(yearPeriod(2026, lastMsOf2025 + 1)).toMatchObject({ to: '2026-01-01T00:00:00+08:00', lastDay: '2026-01-01', yearToDate: true });
  });

  it('compares 29 February with the 28th a year before', () => {
    const p = yearPeriod(2028, new Date('2028-02-29T12:00:00+08:00'));
    expect(yearBefore(p)).toMatchObject({ to: '2027-02-28T12:00:00+08:00', lastDay: '2027-02-28' });
  });

  it('refuses years outside 2000–2100 and gives no ratio without a base', () => {
    expect(() => yearPeriod(1999)).toThrow(InvalidYearError);
    expect(() => yearPeriod(2025.5)).toThrow(InvalidYearError);
    expect(yoy(125n, 100n)).toBe(0.25);
    expect(yoy(1n, 0n)).toBeNull();
  });
});
