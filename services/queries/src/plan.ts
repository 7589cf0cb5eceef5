import { bucketStart, shift, type Granularity } from './time.ts';

/**
 * Which sales table serves which part of a period. The rollups hold whole buckets, so a period is
 * split into an aligned middle read from the coarsest rollup that fits and edges read from finer
 * rollups, down to raw orders for the odd minutes at either end:
 *
 *   [10:17:30, next day 15:00)  →  raw [10:17:30, 11:00) · hourly [11:00, 00:00) · daily … · hourly [00:00, 15:00)
 *
 * The finest rollup is the hour: a minute rollup held about one row per order (at streamer grain or
 * without it) and was dropped (migration 0010), so the odd minutes — at most an hour at each end, and
 * MINUTE series, at most MAX_SERIES_BUCKETS long — are read from raw orders, sorted by time.
 * Each level has a streamer-grain table and a streamer-less one, many times smaller; the planner
 * takes the streamer-less one whenever neither the filter nor the question involves a streamer.
 * Raw orders serve the whole period when the question needs columns the rollups do not carry.
 */
export type SalesSource = 'monthly' | 'daily' | 'hourly' | 'raw';
type Level = Exclude<SalesSource, 'raw'>;

/** A rollup's grain: one row per streamer (and its region, park …), or per region/park/platform/category. */
export type RollupGrain = 'streamer' | 'region';

export interface Segment {
  source: SalesSource;
  /** For rollup segments: which table of the level serves it (`region` = the streamer-less one). */
  grain?: RollupGrain;
  /** Inclusive start, epoch ms; undefined = open. */
  from: number | undefined;
  /** Exclusive end, epoch ms; undefined = open. */
  to: number | undefined;
}

const STEP: Record<Level, Granularity> = { monthly: 'MONTH', daily: 'DAY', hourly: 'HOUR' };
const ORDER: readonly Level[] = ['monthly', 'daily', 'hourly'];
/** Which series granularities a level can serve: every bucket of them is a union of the level's buckets. */
const SERVES: Record<Level, readonly Granularity[]> = {
  hourly: ['HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'],
  daily: ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'],
  monthly: ['MONTH', 'QUARTER', 'YEAR'],
};

export interface PlanNeeds {
  /** Series granularity: a rollup can only serve buckets at least as coarse as its own. */
  granularity?: Granularity | undefined;
  /** Needs a per-streamer column (streamer filter or dimension, distinct streamers). */
  streamer?: boolean;
  /** Needs raw-only columns (buyer region, origin village). */
  rawOnly?: boolean;
  /** Rollups the read models offer, per level and grain. */
  rollups?: RollupSet;
}

export type RollupSet = Partial<Record<Level, Partial<Record<RollupGrain, boolean>>>>;

/**
 * The rollups of schema/clickhouse/migrations: streamer grain `sales_hourly/daily/monthly` (0001,
 * 0002), streamer-less `sales_region_hourly/daily/monthly` (0002); no minute rollup (dropped by 0010).
 */
export const DEFAULT_ROLLUPS: RollupSet = {
  monthly: { streamer: true, region: true },
  daily: { streamer: true, region: true },
  hourly: { streamer: true, region: true },
};

const ceil = (ms: number, g: Granularity): number => {
  const start = bucketStart(ms, g);
  return start === ms ? ms : shift(start, g, 1);
};

interface PlannedLevel {
  level: Level;
  grain: RollupGrain;
}

export function planSales(from: number | undefined, to: number | undefined, needs: PlanNeeds = {}): Segment[] {
  if (from !== undefined && to !== undefined && from >= to) return [];
  if (needs.rawOnly) return [{ source: 'raw', from, to }];
  const rollups = needs.rollups ?? DEFAULT_ROLLUPS;
  const levels: PlannedLevel[] = [];
  for (const level of ORDER) {
    const offered = rollups[level];
    if (!offered) continue;
    if (needs.granularity && !SERVES[level].includes(needs.granularity)) continue;
    // The streamer-less table is smaller; it serves whatever involves no streamer.
    const grain: RollupGrain | undefined = needs.streamer ? (offered.streamer ? 'streamer' : undefined) : offered.region ? 'region' : offered.streamer ? 'streamer' : undefined;
    if (grain) levels.push({ level, grain });
  }
  return split(from, to, levels);
}

function split(from: number | undefined, to: number | undefined, levels: readonly PlannedLevel[]): Segment[] {
  const [first, ...finer] = levels;
  if (!first) return [{ source: 'raw', from, to }];
  const g = STEP[first.level];
  const a = from === undefined ? undefined : ceil(from, g);
  const b = to === undefined ? undefined : bucketStart(to, g);
  if (a !== undefined && b !== undefined && a >= b) return split(from, to, finer);
  const segments: Segment[] = [];
  if (from !== undefined && a! > from) segments.push(...split(from, a, finer));
  segments.push({ source: first.level, grain: first.grain, from: a, to: b });
  if (to !== undefined && b! < to) segments.push(...split(b, to, finer));
  return segments;
}
