import type { QueryContext } from './access.ts';
import { liveMetricsOfRow, type LiveMetrics, type LiveTotalsRow } from './live-metrics.ts';
import { sessionConditions, sessionFiguresOf, type LiveSessionFilter } from './live-sessions.ts';
import { dateIn, resolvePeriod, type ResolvedPeriod } from './period.ts';
import { join, sql, SqlFragment } from './sql.ts';
import { InvalidInputError, lastYear, shanghaiDate, shanghaiMidnight, shift, type Granularity } from './time.ts';
import { LEVEL_COLUMN, type RegionLevelName } from './sales-breakdown.ts';

/**
 * Live-session metrics over many sessions: per streamer, park, region, platform or period, with the
 * comparisons every other figure has (the period before, the same period a year earlier). A
 * session belongs to the Shanghai day it started; its sales and refunds follow it (a refund counts
 * against its order's session whenever it happens), as in liveSessions.
 *
 * Over several sessions (METRIC_DEFINITIONS v2 of pcu, views, viewers, follower_gain): views,
 * viewers, product-click users, watch seconds and new followers add up across sessions (a platform
 * reports UV per session, so a viewer of two sessions counts twice); PCU is the highest session
 * peak; buyers are distinct buyerRef across the group's sessions.
 */
export type LiveMetricsFilter = LiveSessionFilter;

export const LIVE_DIMENSIONS = ['STREAMER', 'PARK', 'REGION', 'PLATFORM'] as const;
export type LiveDimension = (typeof LIVE_DIMENSIONS)[number];
export const LIVE_GRANULARITIES = ['DAY', 'WEEK', 'MONTH'] as const;
export type LiveGranularity = (typeof LIVE_GRANULARITIES)[number];

export interface LiveGroupFigures extends LiveMetrics {
  /** Sessions started in the period. */
  sessions: number;
}

export interface LiveMetricsComparison extends LiveGroupFigures {
  /** The same number of days just before (null without both `from` and `to`). */
  previousPeriod: LiveGroupFigures | null;
  /** The same days a year earlier (null without both `from` and `to`). */
  samePeriodLastYear: LiveGroupFigures | null;
}

export interface LiveMetricsRow extends LiveMetricsComparison {
  /** Streamer id, park id, region code (at the level) or platform. */
  key: string;
  /** Streamer's display name, park's name; null where there is none. */
  label: string | null;
}

export interface LiveMetricsPoint extends LiveGroupFigures {
  /** First day of the bucket (YYYY-MM-DD, Shanghai; weeks start on Monday). */
  bucket: string;
  /** The bucket before. */
  previousPeriod: LiveGroupFigures;
  /** The same bucket a year earlier (52 weeks for WEEK). */
  samePeriodLastYear: LiveGroupFigures;
}

interface Row extends LiveTotalsRow {
  key: string;
  sessions: string;
}

/** A fixed SQL expression as a fragment (no user input). */
const expr = (text: string): SqlFragment => new SqlFragment([{ kind: 'text', text }]);

function keyOf(by: LiveDimension | LiveGranularity, level: RegionLevelName): SqlFragment {
  switch (by) {
    case 'STREAMER':
      return expr('streamer_id');
    case 'PARK':
      return expr('park_id');
    case 'PLATFORM':
      return expr('toString(platform)');
    case 'REGION':
      return expr(`toString(${LEVEL_COLUMN[level]})`);
    case 'DAY':
      return expr('toString(day)');
    case 'WEEK':
      return expr('toString(toMonday(day))');
    case 'MONTH':
      return expr('toString(toStartOfMonth(day))');
  }
}

/**
 * Per-key totals of the sessions started in each of `periods` that match `filter`, by `key`: one
 * statement for all the periods (chDB runs one statement at a time, so a question with its two
 * comparisons costs one round, not three). A session in two periods (they may overlap) counts in
 * both. Each period reads the session summary's rows of its own days (its sort key starts with the
 * day the session started), one row per session, then the sessions are added up per key.
 */
async function groupTotals(ctx: QueryContext, periods: ResolvedPeriod[], filter: LiveMetricsFilter | null | undefined, key: SqlFragment, queryId: string): Promise<Map<string, LiveGroupFigures>[]> {
  const sessions = join(
    periods.map((p, i) => sql`SELECT ${i} AS tag, * FROM (${sessionFiguresOf(sessionConditions(p, filter, dateIn('day', p)), key)})`),
    ' UNION ALL ',
  );
  const rows = await ctx.reader.rows<Row & { tag: string }>(
    queryId,
    sql`SELECT toString(x.tag) AS tag, x.key AS key, toString(count()) AS sessions, toString(sum(x.gmv)) AS gmv, toString(sum(x.orders)) AS orders,
          toString(sum(x.refunded_fen)) AS refunded_fen, toString(sum(x.refunded_orders)) AS refunded_orders, toString(uniqExactMerge(x.buyers)) AS buyers,
          toString(max(x.pcu)) AS pcu, toString(sum(x.views)) AS views, toString(sum(x.viewers)) AS viewers, toString(sum(x.clicks)) AS clicks,
          toString(sum(x.watch)) AS watch, toString(sum(x.followers)) AS followers
        FROM (${sessions}) AS x
        GROUP BY x.tag, x.key
        ORDER BY x.tag, sum(x.gmv) DESC, x.key`,
  );
  const maps = periods.map(() => new Map<string, LiveGroupFigures>());
  for (const r of rows) maps[Number(r.tag)]!.set(r.key, figuresOf(r));
  return maps;
}

const figuresOf = (r: Row): LiveGroupFigures => ({ sessions: Number(r.sessions), ...liveMetricsOfRow(r) });

/** No sessions: every count 0, every ratio null. */
export const NO_LIVE_FIGURES: LiveGroupFigures = figuresOf({
  key: '', sessions: '0', gmv: '0', orders: '0', refunded_fen: '0', refunded_orders: '0', buyers: '0', pcu: '0', views: '0', viewers: '0', clicks: '0', watch: '0', followers: '0',
});

const DAY = 86_400_000;
const daysBetween = (from: string, to: string): number => Math.round((shanghaiMidnight(to) - shanghaiMidnight(from)) / DAY);
const addDays = (date: string, days: number): string => shanghaiDate(shanghaiMidnight(date) + days * DAY);
const yearEarlier = (date: string): string => shanghaiDate(lastYear(shanghaiMidnight(date), 'DAY'));

/** The period before (same number of days) and a year earlier, when the period is bounded. */
function comparisonPeriods(p: ResolvedPeriod): { previous: ResolvedPeriod; lastYear: ResolvedPeriod } | null {
  if (!p.from || !p.to) return null;
  const days = daysBetween(p.from, p.to) + 1;
  return {
    previous: { ...p, from: addDays(p.from, -days), to: addDays(p.from, -1) },
    lastYear: { ...p, from: yearEarlier(p.from), to: yearEarlier(p.to) },
  };
}

const ALL = expr(`''`);

/** The filter's sessions as one group, with the period before and the same period last year. */
export async function liveMetricsSummary(ctx: QueryContext, filter: LiveMetricsFilter | null | undefined): Promise<LiveMetricsComparison> {
  const p = resolvePeriod(ctx, filter);
  const cmp = comparisonPeriods(p);
  const [now = new Map<string, LiveGroupFigures>(), previous, lastYearFigures] = await groupTotals(ctx, cmp ? [p, cmp.previous, cmp.lastYear] : [p], filter, ALL, 'live.metrics.summary');
  return {
    ...(now.get('') ?? NO_LIVE_FIGURES),
    previousPeriod: previous ? (previous.get('') ?? NO_LIVE_FIGURES) : null,
    samePeriodLastYear: lastYearFigures ? (lastYearFigures.get('') ?? NO_LIVE_FIGURES) : null,
  };
}

/** Top `limit` groups by GMV (ties by key), each with its own figures the period before and a year earlier. */
export async function liveMetricsBreakdown(
  ctx: QueryContext,
  filter: LiveMetricsFilter | null | undefined,
  by: LiveDimension,
  options: { regionLevel?: RegionLevelName | null | undefined; limit?: number } = {},
): Promise<LiveMetricsRow[]> {
  const p = resolvePeriod(ctx, filter);
  const key = keyOf(by, options.regionLevel ?? 'COUNTY');
  const cmp = comparisonPeriods(p);
  const [now = new Map<string, LiveGroupFigures>(), previous, lastYearFigures] = await groupTotals(ctx, cmp ? [p, cmp.previous, cmp.lastYear] : [p], filter, key, `live.metrics.by-${by.toLowerCase()}`);
  const top = [...now.entries()].slice(0, Math.max(0, options.limit ?? 50));
  const labels = await labelsOf(ctx, by, top.map(([k]) => k));
  return top.map(([k, figures]) => ({
    key: k,
    label: labels.get(k) ?? null,
    ...figures,
    previousPeriod: previous ? (previous.get(k) ?? NO_LIVE_FIGURES) : null,
    samePeriodLastYear: lastYearFigures ? (lastYearFigures.get(k) ?? NO_LIVE_FIGURES) : null,
  }));
}

async function labelsOf(ctx: QueryContext, by: LiveDimension, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0 || (by !== 'STREAMER' && by !== 'PARK')) return new Map();
  const rows =
    by === 'STREAMER'
      ? await ctx.reader.rows<{ k: string; label: string }>('live.metrics.labels', sql`SELECT streamer_id AS k, argMax(display_name, version) AS label FROM streamers FINAL WHERE has(${keys}, streamer_id) GROUP BY streamer_id`)
      : await ctx.reader.rows<{ k: string; label: string }>('live.metrics.labels', sql`SELECT park_id AS k, argMax(name, version) AS label FROM parks FINAL WHERE has(${keys}, park_id) GROUP BY park_id`);
  return new Map(rows.filter((r) => r.label !== '').map((r) => [r.k, r.label]));
}

/**
 * Figures per DAY, WEEK (from Monday) or MONTH of the sessions' start, over [from, to], each with the
 * bucket before and the same bucket a year earlier (52 weeks for WEEK). Buckets without sessions
 * are listed too, with zero counts and null ratios.
 */
export async function liveMetricsSeries(ctx: QueryContext, filter: LiveMetricsFilter | null | undefined, granularity: LiveGranularity): Promise<LiveMetricsPoint[]> {
  const p = resolvePeriod(ctx, filter);
  if (!p.from || !p.to) throw new InvalidInputError('liveMetricsSeries needs from and to');
  const g = granularity as Granularity;
  const first = bucketOf(p.from, granularity);
  const buckets: string[] = [];
  for (let b = first; b <= p.to; b = shanghaiDate(shift(shanghaiMidnight(b), g, 1))) buckets.push(b);
  if (buckets.length > 400) throw new InvalidInputError(`liveMetricsSeries covers at most 400 buckets, asked for ${buckets.length}`);
  const before = shanghaiDate(shift(shanghaiMidnight(first), g, -1));
  const yearFirst = shanghaiDate(lastYear(shanghaiMidnight(first), g));
  const yearLast = shanghaiDate(lastYear(shanghaiMidnight(p.to), g));
  const key = keyOf(granularity, 'COUNTY');
  // The buckets themselves (whole buckets, also where `from` falls inside one), the one before, and a year earlier.
  const [now = new Map<string, LiveGroupFigures>(), lastYearFigures = new Map<string, LiveGroupFigures>()] = await groupTotals(ctx, [{ ...p, from: before, to: p.to }, { ...p, from: yearFirst, to: yearLast }], filter, key, 'live.metrics.series');
  return buckets.map((b) => {
    const previous = shanghaiDate(shift(shanghaiMidnight(b), g, -1));
    const year = shanghaiDate(lastYear(shanghaiMidnight(b), g));
    return {
      bucket: b,
      ...(now.get(b) ?? NO_LIVE_FIGURES),
      previousPeriod: now.get(previous) ?? NO_LIVE_FIGURES,
      samePeriodLastYear: lastYearFigures.get(bucketOf(year, granularity)) ?? NO_LIVE_FIGURES,
    };
  });
}

function bucketOf(date: string, granularity: LiveGranularity): string {
  if (granularity === 'DAY') return date;
  if (granularity === 'MONTH') return `${date.slice(0, 7)}-01`;
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}
