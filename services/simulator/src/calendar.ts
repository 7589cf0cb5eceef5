import { dayOf, dayParts } from '@redstream/schema';

/**
 * When people buy: the shape of a day (a small lunchtime bump, the evening peak 20:00–23:00
 * Shanghai time when the big streamers are live) and of a year (618, 双11, 双12, 年货节 before
 * the Spring Festival, the lull while couriers are home for the holiday).
 */

/** Relative order volume per Shanghai hour 0..23. */
export const HOUR_WEIGHTS: readonly number[] = [
  1.6, 0.9, 0.5, 0.3, 0.25, 0.3, 0.5, 0.9, 1.4, 2.0, 2.6, 3.0, 3.4, 3.0, 2.6, 2.6, 2.8, 3.0, 3.4, 4.2, 7.5, 9.5, 9.0, 5.5,
];

/** Spring Festival (正月初一) dates; the 年货节 and the courier lull hang off them. */
const SPRING_FESTIVAL: Record<number, string> = {
  2017: '2017-01-28', 2018: '2018-02-16', 2019: '2019-02-05', 2020: '2020-01-25', 2021: '2021-02-12',
  2022: '2022-02-01', 2023: '2023-01-22', 2024: '2024-02-10', 2025: '2025-01-29', 2026: '2026-02-17',
  2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13', 2030: '2030-02-03', 2031: '2031-01-23',
};

/** A ramp up to a peak day: `lead` days before it the factor starts rising toward `peak`. */
function ramp(day: number, peakDay: number, lead: number, peak: number): number {
  const before = peakDay - day;
  if (before < 0 || before > lead) return 1;
  if (before === 0) return peak;
  return 1 + (peak - 1) * 0.35 * (1 - before / lead);
}

export type Festival = '618' | '双11' | '双12' | '年货节' | '春节';

/** The festival a day belongs to, if any (for tests and summaries). */
export function festivalOf(day: number): Festival | undefined {
  const { year, month, dayOfMonth } = dayParts(day);
  if (month === 6 && dayOfMonth <= 18) return '618';
  if ((month === 10 && dayOfMonth >= 20) || (month === 11 && dayOfMonth <= 11)) return '双11';
  if (month === 12 && dayOfMonth >= 8 && dayOfMonth <= 12) return '双12';
  for (const sf of [springFestivalDay(year), springFestivalDay(year + 1)]) {
    if (sf === undefined) continue;
    const offset = day - sf;
    if (offset >= -25 && offset <= -8) return '年货节';
    if (offset >= -5 && offset <= 6) return '春节';
  }
  return undefined;
}

function springFestivalDay(year: number): number | undefined {
  const date = SPRING_FESTIVAL[year];
  return date === undefined ? undefined : dayOf(date);
}

/** Relative order volume of a whole day (1 = an ordinary weekday). */
export function dayFactor(day: number): number {
  const { year, month, dayOfMonth, weekday } = dayParts(day);
  let f = weekday === 0 || weekday === 6 ? 1.12 : 1;
  if (month === 6 && dayOfMonth <= 18) f *= ramp(day, day + (18 - dayOfMonth), 17, 4);
  if (month === 10 && dayOfMonth >= 20) f *= 1 + 0.6 * ((dayOfMonth - 20) / 11);
  if (month === 11 && dayOfMonth <= 11) f *= Math.max(1.6, ramp(day, day + (11 - dayOfMonth), 10, 6));
  if (month === 12 && dayOfMonth >= 8 && dayOfMonth <= 12) f *= ramp(day, day + (12 - dayOfMonth), 4, 2.2);
  for (const sf of [springFestivalDay(year), springFestivalDay(year + 1)]) {
    if (sf === undefined) continue;
    const offset = day - sf;
    if (offset >= -25 && offset <= -8) f *= 1.7;
    if (offset >= -5 && offset <= 6) f *= 0.35;
  }
  return f;
}

/** Mean dayFactor over a year, so a year of base volume adds up to the profile's annual figure. */
export function meanDayFactor(year: number): number {
  const start = dayOf(`${year}-01-01`);
  const end = dayOf(`${year + 1}-01-01`);
  let sum = 0;
  for (let d = start; d < end; d++) sum += dayFactor(d);
  return sum / (end - start);
}
