import { bucketStart, shift, type Granularity } from './time.ts';

/**
 * Which sales table serves which part of a period. The rollups hold whole buckets, so a period is
 * split into an aligned middle read from the coarsest rollup that fits and edges read from finer
 * rollups, down to raw orders for the odd minutes at either end:
 *
 *   [10:17:30, next day 15:00)  →  raw [10:17:30, 10:18) · minutely [10:18, 11:00) · hourly [11:00, 00:00)
 *                                  · daily … · hourly [00:00, 15:00)
 *
 * Raw orders serve the whole period when the question needs columns the rollups do not carry.
 */
export type SalesSource = 'daily' | 'hourly' | 'minutely' | 'raw';

export interface Segment {
  source: SalesSource;
  /** Inclusive start, epoch ms; undefined = open. */
  from: number | undefined;
  /** Exclusive end, epoch ms; undefined = open. */
  to: number | undefined;
}

const STEP: Record<Exclude<SalesSource, 'raw'>, Granularity> = { daily: 'DAY', hourly: 'HOUR', minutely: 'MINUTE' };
const ORDER: readonly Exclude<SalesSource, 'raw'>[] = ['daily', 'hourly', 'minutely'];
const RANK: Record<Granularity, number> = { MINUTE: 0, HOUR: 1, DAY: 2, WEEK: 3, MONTH: 3, QUARTER: 3, YEAR: 3 };

export interface PlanNeeds {
  /** Series granularity: a rollup can only serve buckets at least as coarse as its own. */
  granularity?: Granularity | undefined;
  /** Needs a per-streamer column (streamer filter or dimension, distinct streamers). */
  streamer?: boolean;
  /** Needs raw-only columns (buyer region, origin village). */
  rawOnly?: boolean;
  /** Rollups the read models offer (and which of them carry streamer_id). */
  rollups?: RollupSet;
}

export type RollupSet = Partial<Record<Exclude<SalesSource, 'raw'>, { streamer: boolean }>>;

/** The rollups of schema/clickhouse/migrations: all three carry streamer_id. */
export const DEFAULT_ROLLUPS: RollupSet = { daily: { streamer: true }, hourly: { streamer: true }, minutely: { streamer: true } };

const ceil = (ms: number, g: Granularity): number => {
  const start = bucketStart(ms, g);
  return start === ms ? ms : shift(start, g, 1);
};

export function planSales(from: number | undefined, to: number | undefined, needs: PlanNeeds = {}): Segment[] {
  if (from !== undefined && to !== undefined && from >= to) return [];
  if (needs.rawOnly) return [{ source: 'raw', from, to }];
  const rollups = needs.rollups ?? DEFAULT_ROLLUPS;
  const levels = ORDER.filter((source) => {
    const offered = rollups[source];
    if (!offered) return false;
    if (needs.streamer && !offered.streamer) return false;
    if (needs.granularity && RANK[STEP[source]] > RANK[needs.granularity]) return false;
    return true;
  });
  return split(from, to, levels);
}

function split(from: number | undefined, to: number | undefined, levels: readonly Exclude<SalesSource, 'raw'>[]): Segment[] {
  const [level, ...finer] = levels;
  if (!level) return [{ source: 'raw', from, to }];
  const g = STEP[level];
  const a = from === undefined ? undefined : ceil(from, g);
  const b = to === undefined ? undefined : bucketStart(to, g);
  if (a !== undefined && b !== undefined && a >= b) return split(from, to, finer);
  const segments: Segment[] = [];
  if (from !== undefined && a! > from) segments.push(...split(from, a, finer));
  segments.push({ source: level, from: a, to: b });
  if (to !== undefined && b! < to) segments.push(...split(b, to, finer));
  return segments;
}
