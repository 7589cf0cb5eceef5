import type { QueryContext } from './access.ts';
import { liveMetricsOfRow, type LiveMetrics, type LiveTotalsRow } from './live-metrics.ts';
import { dateIn, instantIn, regionIn, resolvePeriod, type PeriodFilter, type ResolvedPeriod } from './period.ts';
import { sql, where, type SqlFragment } from './sql.ts';

/** Sessions started in the period (Shanghai days), in a region, of a streamer or park. */
export interface LiveSessionFilter extends PeriodFilter {
  streamerId?: string | null | undefined;
  parkId?: string | null | undefined;
  platform?: string | null | undefined;
}

/**
 * The sessions a question is about: started in the period (`started`: the period's condition on the
 * start, `dateIn('day', p)` on the summary, whose key begins with the day), in its region, of the
 * filter's streamer, park and platform. The columns have the same names in live_sessions_raw and
 * live_session_summary.
 */
export function sessionConditions(p: ResolvedPeriod, filter: LiveSessionFilter | null | undefined, started: SqlFragment[]): SqlFragment[] {
  const c: SqlFragment[] = [...started, ...regionIn('region_code', p)];
  if (filter?.streamerId) c.push(sql`streamer_id = ${filter.streamerId}`);
  if (filter?.parkId) c.push(sql`park_id = ${filter.parkId}`);
  if (filter?.platform) c.push(sql`platform = ${filter.platform}`);
  return c;
}

/**
 * Each matching session's figures from the session summary (migration 0012, read model
 * live-session-summary), one row per session with its `key`: orders, GMV, refunds (against the
 * order's session, whenever they happen), the audience's peak and final counters, and distinct
 * buyers as a uniqExact state, so a group of sessions merges it into its distinct buyers.
 */
export function sessionFiguresOf(conditions: SqlFragment[], key: SqlFragment = sql`''`): SqlFragment {
  return sql`SELECT session_id, ${key} AS key, sum(gmv_fen) AS gmv, sum(orders) AS orders, sum(refunds_fen) AS refunded_fen, uniqExactMerge(refunded_orders) AS refunded_orders,
                    uniqExactMergeState(buyers) AS buyers, max(pcu) AS pcu, max(views) AS views, max(viewers) AS viewers, max(product_click_users) AS clicks,
                    max(watch_seconds) AS watch, max(new_followers) AS followers
             FROM live_session_summary ${where(conditions)} GROUP BY session_id, key`;
}

export interface LiveSessionFigures extends LiveMetrics {
  sessionId: string;
  streamerId: string;
  platform: string;
  title: string;
  parkId: string;
  regionCode: string;
  /** Shanghai wall time `YYYY-MM-DD HH:MM:SS.mmm`. */
  startedAt: string;
  /** Null while on air. */
  endedAt: string | null;
}

interface Row extends LiveTotalsRow {
  session_id: string;
  streamer_id: string;
  platform: string;
  title: string;
  park_id: string;
  region_code: string;
  started_at: string;
  ended_at: string;
}

/**
 * Every session's figures by METRIC_DEFINITIONS, from the session summary: its orders and refunds
 * (sales naming it), distinct buyers, and its audience's peak and final counters. A refund counts
 * against its order's session whenever it happens (the session's net sales, unlike a period's,
 * follow the order).
 */
export async function liveSessions(ctx: QueryContext, filter: LiveSessionFilter | null | undefined, limit = 100): Promise<LiveSessionFigures[]> {
  const p = resolvePeriod(ctx, filter);
  const conditions = sessionConditions(p, filter, instantIn('started_at', p));
  // The ids the ends are read for, without FINAL: a superset does no harm (their rows are joined to `s`).
  const sessions = sql`SELECT session_id FROM live_sessions_raw ${where(conditions)}`;
  const rows = await ctx.reader.rows<Row>(
    'live.sessions',
    sql`SELECT s.session_id AS session_id, s.streamer_id AS streamer_id, s.platform AS platform, s.title AS title, s.park_id AS park_id, s.region_code AS region_code,
          toString(s.started_at) AS started_at, if(e.session_id = '', '', toString(e.ended_at)) AS ended_at,
          toString(o.gmv) AS gmv, toString(o.orders) AS orders, toString(o.refunded_fen) AS refunded_fen, toString(o.refunded_orders) AS refunded_orders,
          toString(finalizeAggregation(o.buyers)) AS buyers, toString(o.pcu) AS pcu, toString(o.views) AS views, toString(o.viewers) AS viewers, toString(o.clicks) AS clicks,
          toString(o.watch) AS watch, toString(o.followers) AS followers
        FROM (SELECT * FROM live_sessions_raw FINAL ${where(conditions)}) AS s
        LEFT JOIN (SELECT session_id, max(ended_at) AS ended_at FROM live_session_ends_raw FINAL WHERE session_id IN (${sessions}) GROUP BY session_id) AS e ON e.session_id = s.session_id
        LEFT JOIN (${sessionFiguresOf(sessionConditions(p, filter, dateIn('day', p)))}) AS o ON o.session_id = s.session_id
        ORDER BY s.started_at DESC, s.session_id
        LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    sessionId: r.session_id,
    streamerId: r.streamer_id,
    platform: r.platform,
    title: r.title,
    parkId: r.park_id,
    regionCode: r.region_code,
    startedAt: r.started_at,
    endedAt: r.ended_at === '' ? null : r.ended_at,
    ...liveMetricsOfRow(r),
  }));
}
