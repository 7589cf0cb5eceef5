import type { Fact } from '@redstream/schema';
import type { RegionOptions } from './generate-region.ts';
import { dayOfInstant, dayParts, formatDay } from '@redstream/schema';

/**
 * The demo `npm start` loads: Lanshan at 0.05 % (about 50–70 streamers, 160k orders a year) from
 * 1 January of last year up to today, so this year's summary has a year before it to compare
 * with and live facts continue where the history ends. Two years come to about 450k facts: 360k
 * without the live sessions, 435k with one closing snapshot a session, and 14k more for yesterday's
 * sessions reporting every minute. The embedded store took 58 s for the 435k on the shared 2-core
 * machine (39 s for the 360k without sessions).
 */
export function demoOptions(now: number = Date.now(), overrides: Partial<RegionOptions> = {}): RegionOptions {
  const today = dayOfInstant(now);
  // Yesterday's sessions report their audience every minute, as the live mode's do from now on.
  return { seed: 2020, scale: 0.0005, from: `${dayParts(today).year - 1}-01-01`, to: formatDay(today), minuteSnapshotsFrom: formatDay(today - 1), ...overrides };
}

/** Facts per type, in catalog-independent insertion order (for progress and reports). */
export function countByType(facts: Iterable<Fact>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of facts) counts[f.type] = (counts[f.type] ?? 0) + 1;
  return counts;
}
