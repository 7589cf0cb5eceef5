import type { QueryContext } from './access.ts';
import type { LiveScope } from './live.ts';
import { regionPrefixFor } from './access.ts';
import { divRound } from './money.ts';
import { param, sql, where, type SqlFragment } from './sql.ts';
import { formatShanghai } from './time.ts';

/**
 * A session still open after this long is not shown as on air: a platform that never sent its end
 * would otherwise keep a ghost on the screen forever. It also bounds the scan to the newest sessions.
 */
export const ON_AIR_LOOKBACK_HOURS = 24;
const WINDOW_MS = 10 * 60_000;

/** Orders and GMV of on-air sessions in one 10-minute window, and the viewers they gained in it. */
export interface LiveNowWindow {
  /** Shanghai wall time, inclusive. */
  from: string;
  /** Shanghai wall time, exclusive. */
  to: string;
  orders: number;
  gmvFen: bigint;
  /** Growth of cumulative unique viewers (UV) over the window, from the snapshots. */
  viewersGained: number;
}

export interface LiveNowSession {
  sessionId: string;
  streamerId: string;
  displayName: string;
  platform: string;
  title: string;
  parkId: string;
  regionCode: string;
  /** ISO 8601 with +08:00, like every instant of this payload. */
  startedAt: string;
  /** Online now by the latest snapshot at or before `computedAt`; null before the first snapshot. */
  onlineNow: number | null;
  /** When that snapshot was taken (Shanghai wall time), null without one. */
  onlineAt: string | null;
  /** Online by the latest snapshot at or before 10 minutes ago, null without one. */
  onlineTenMinutesAgo: number | null;
  /** Peak online so far (PCU). */
  pcu: number;
  /** Cumulative unique viewers so far. */
  viewers: number;
  /** The session's GMV and orders so far (every sale naming it). */
  gmvFen: bigint;
  orders: number;
  last10Minutes: LiveNowWindow;
  previous10Minutes: LiveNowWindow;
}

export interface LiveNowPayload {
  regionCode: string | null;
  parkId: string | null;
  sessionsOnAir: number;
  /** Sum over on-air sessions of their latest snapshot's online count. */
  onlineNow: number;
  onlineTenMinutesAgo: number;
  gmvFen: bigint;
  orders: number;
  /** The last 10 full minutes before `computedAt`, and the 10 before them, over on-air sessions. */
  last10Minutes: LiveNowWindow;
  previous10Minutes: LiveNowWindow;
  /** (last − previous) ÷ previous GMV, basis points; null when the previous window sold nothing. */
  gmvChangeBp: number | null;
  /** On-air sessions, most watched first, at most `limit`. Totals count every on-air session. */
  sessions: LiveNowSession[];
  computedAt: string;
}

interface Row {
  session_id: string;
  streamer_id: string;
  display_name: string;
  platform: string;
  title: string;
  park_id: string;
  region_code: string;
  started_at: string;
  snapshots: string;
  online: string;
  online_at: string;
  snapshots_before: string;
  online_before: string;
  pcu: string;
  viewers: string;
  v_start: string;
  v_mid: string;
  v_end: string;
  gmv: string;
  orders: string;
  gmv_prev: string;
  orders_prev: string;
  gmv_last: string;
  orders_last: string;
}

/**
 * The "live now" panel of a screen: sessions on air at `now` (started, not ended, within
 * ON_AIR_LOOKBACK_HOURS) in the scope — region limited by the caller's key like every screen
 * figure — with online viewers from each session's latest snapshot, GMV so far, and the last 10 full
 * minutes against the 10 before.
 *
 * Everything before the minute in progress comes from the per-session minute rollup
 * (live_session_minutes, migration 0011): the windows are whole minutes, and "latest snapshot at
 * or before" a moment is the latest of the whole minutes before it, unless the facts of the minute
 * it falls in have a later one. So only those facts are read — snapshots in [minute start, now] and
 * [10 minutes earlier's minute start, now − 10 min], sales in [minute start, now] — a
 * minute or two a session, whatever the rollup holds.
 */
export async function liveNow(ctx: QueryContext, scope: LiveScope, now: number = Date.now(), limit = 20): Promise<LiveNowPayload> {
  const regionPrefix = regionPrefixFor(ctx, scope.regionCode);
  const minuteEnd = now - (now % 60_000);
  const mid = minuteEnd - WINDOW_MS;
  const start = mid - WINDOW_MS;
  const conditions: SqlFragment[] = [
    sql`started_at >= fromUnixTimestamp64Milli(${now - ON_AIR_LOOKBACK_HOURS * 3_600_000})`,
    sql`started_at <= fromUnixTimestamp64Milli(${now})`,
  ];
  if (regionPrefix !== undefined) conditions.push(sql`startsWith(region_code, ${regionPrefix})`);
  if (scope.parkId) conditions.push(sql`park_id = ${scope.parkId}`);
  const candidates = sql`SELECT session_id FROM live_sessions_raw FINAL ${where(conditions)}`;
  const ended = sql`SELECT session_id FROM live_session_ends_raw FINAL WHERE session_id IN (${candidates}) AND ended_at <= fromUnixTimestamp64Milli(${now})`;
  // The sessions on air are found once and named by id below: as a subquery, each of the five
  // places that needs them re-read the sessions and their ends (15 FINAL reads a question).
  const found = await ctx.reader.rows<{ session_id: string; streamer_id: string }>(
    'live.now.on-air',
    sql`SELECT session_id, streamer_id FROM live_sessions_raw FINAL ${where([...conditions, sql`session_id NOT IN (${ended})`])}`,
  );
  const onAir = param(found.map((r) => r.session_id), 'Array(String)');
  const onAirStreamers = param([...new Set(found.map((r) => r.streamer_id))], 'Array(String)');
  const at = (ms: number) => sql`fromUnixTimestamp64Milli(${ms})`;
  const minute = (ms: number) => sql`toDateTime(${Math.floor(ms / 1000)}, 'Asia/Shanghai')`;
  // Per session, the whole minutes before the windows as one row (m: the last of them), then one
  // row per whole minute of the two windows (the rollup's partial rows merged), then the snapshots
  // of the minutes `now` and `now − 10 min` fall in, as rows of the same shape: t the latest
  // snapshot's time, n snapshots, x_online the latest one's count. `whole` marks rollup rows.
  // (Grouped by minute throughout, 285 sessions three hours on air were 51,300 groups, against
  // 285 + 5,700 so; with the ids, the question's CPU time fell from ~165 to ~115 ms at 50 M snapshots.
  // The rollup is read once for both, grouped by the minute or by nothing before the windows: the
  // question's wall time fell from ~114 to ~88 ms, p50 of 12, on the same 50 M set.)
  const minuteFigures = sql`sum(snapshots) AS n, max(last_at) AS t, argMaxMerge(online) AS x_online, max(pcu) AS x_peak, max(viewers) AS x_uv, sum(orders) AS x_orders, sum(gmv_fen) AS x_gmv`;
  const pieces = sql`
    SELECT session_id, 1 AS whole, max(minute) AS m, ${minuteFigures}
    FROM live_session_minutes WHERE session_id IN ${onAir} AND minute < ${minute(minuteEnd)}
    GROUP BY session_id, if(minute < ${minute(start)}, 0, toUInt32(minute))
    UNION ALL
    SELECT session_id, 0, toStartOfMinute(at), 1, at, online_now, online_now, viewers, 0, 0
    FROM live_audience_raw FINAL
    WHERE session_id IN ${onAir} AND ((at >= ${at(minuteEnd)} AND at <= ${at(now)}) OR (at >= ${at(mid)} AND at <= ${at(now - WINDOW_MS)}))`;
  // Up to now, and up to 10 minutes ago: the whole minutes before that moment's minute, then that minute's snapshots up to it.
  const upToNow = sql`(whole = 1 OR at_or_before_now)`;
  const upToBefore = sql`((whole = 1 AND m < ${minute(mid)}) OR (whole = 0 AND t >= ${at(mid)} AND t <= ${at(now - WINDOW_MS)}))`;
  const rows = !found.length
    ? []
    : await ctx.reader.rows<Row>(
      'live.now',
      sql`SELECT s.session_id AS session_id, s.streamer_id AS streamer_id, n.display_name AS display_name, s.platform AS platform, s.title AS title,
            s.park_id AS park_id, s.region_code AS region_code, toString(toUnixTimestamp64Milli(s.started_at)) AS started_at,
            toString(a.snapshots) AS snapshots, toString(a.online) AS online, toString(a.online_at) AS online_at,
            toString(a.snapshots_before) AS snapshots_before, toString(a.online_before) AS online_before,
            toString(a.pcu) AS pcu, toString(a.uv) AS viewers, toString(a.v_start) AS v_start, toString(a.v_mid) AS v_mid, toString(a.v_end) AS v_end,
            toString(a.gmv + w.gmv) AS gmv, toString(a.orders + w.orders) AS orders, toString(a.gmv_prev) AS gmv_prev, toString(a.orders_prev) AS orders_prev,
            toString(a.gmv_last) AS gmv_last, toString(a.orders_last) AS orders_last
          FROM (SELECT * FROM live_sessions_raw FINAL ${where([...conditions, sql`session_id IN ${onAir}`])}) AS s
          LEFT JOIN (SELECT session_id,
                       sumIf(n, ${upToNow}) AS snapshots, argMaxIf(x_online, t, ${upToNow} AND n > 0) AS online,
                       toUnixTimestamp64Milli(maxIf(t, ${upToNow} AND n > 0)) AS online_at,
                       sumIf(n, ${upToBefore}) AS snapshots_before, argMaxIf(x_online, t, ${upToBefore} AND n > 0) AS online_before,
                       maxIf(x_peak, ${upToNow}) AS pcu, maxIf(x_uv, ${upToNow}) AS uv,
                       maxIf(x_uv, whole = 1 AND m < ${minute(start)}) AS v_start,
                       maxIf(x_uv, whole = 1 AND m < ${minute(mid)}) AS v_mid,
                       maxIf(x_uv, whole = 1) AS v_end,
                       sum(x_gmv) AS gmv, sum(x_orders) AS orders,
                       sumIf(x_gmv, m >= ${minute(start)} AND m < ${minute(mid)}) AS gmv_prev, sumIf(x_orders, m >= ${minute(start)} AND m < ${minute(mid)}) AS orders_prev,
                       sumIf(x_gmv, m >= ${minute(mid)}) AS gmv_last, sumIf(x_orders, m >= ${minute(mid)}) AS orders_last
                     FROM (SELECT *, whole = 0 AND t >= ${at(minuteEnd)} AS at_or_before_now FROM (${pieces})) GROUP BY session_id) AS a ON a.session_id = s.session_id
          LEFT JOIN (SELECT live_session_id, sum(amount_fen) AS gmv, count() AS orders FROM sales_raw FINAL
                     WHERE live_session_id IN ${onAir} AND occurred_at >= ${at(minuteEnd)} AND occurred_at <= ${at(now)} GROUP BY live_session_id) AS w ON w.live_session_id = s.session_id
          LEFT JOIN (SELECT streamer_id, argMax(display_name, version) AS display_name FROM streamers FINAL
                     WHERE streamer_id IN ${onAirStreamers} GROUP BY streamer_id) AS n ON n.streamer_id = s.streamer_id
          ORDER BY a.online DESC, a.gmv + w.gmv DESC, s.started_at, s.session_id`,
    );
  const window = (from: number, to: number): LiveNowWindow => ({ from: formatShanghai(from), to: formatShanghai(to), orders: 0, gmvFen: 0n, viewersGained: 0 });
  const total = { last: window(mid, minuteEnd), previous: window(start, mid) };
  let onlineNow = 0;
  let onlineBefore = 0;
  let gmvFen = 0n;
  let orders = 0;
  const sessions = rows.map((r): LiveNowSession => {
    const snapshots = Number(r.snapshots);
    const before = Number(r.snapshots_before);
    // A session's UV before its first snapshot is 0: viewers gained count from the session's start.
    const last: LiveNowWindow = { ...window(mid, minuteEnd), orders: Number(r.orders_last), gmvFen: BigInt(r.gmv_last), viewersGained: Math.max(0, Number(r.v_end) - Number(r.v_mid)) };
    const previous: LiveNowWindow = { ...window(start, mid), orders: Number(r.orders_prev), gmvFen: BigInt(r.gmv_prev), viewersGained: Math.max(0, Number(r.v_mid) - Number(r.v_start)) };
    const s: LiveNowSession = {
      sessionId: r.session_id,
      streamerId: r.streamer_id,
      displayName: r.display_name || r.streamer_id,
      platform: r.platform,
      title: r.title,
      parkId: r.park_id,
      regionCode: r.region_code,
      startedAt: formatShanghai(Number(r.started_at)),
      onlineNow: snapshots > 0 ? Number(r.online) : null,
      onlineAt: snapshots > 0 ? formatShanghai(Number(r.online_at)) : null,
      onlineTenMinutesAgo: before > 0 ? Number(r.online_before) : null,
      pcu: Number(r.pcu),
      viewers: Number(r.viewers),
      gmvFen: BigInt(r.gmv),
      orders: Number(r.orders),
      last10Minutes: last,
      previous10Minutes: previous,
    };
    onlineNow += s.onlineNow ?? 0;
    onlineBefore += s.onlineTenMinutesAgo ?? 0;
    gmvFen += s.gmvFen;
    orders += s.orders;
    for (const [sum, w] of [[total.last, last], [total.previous, previous]] as const) {
      sum.orders += w.orders;
      sum.gmvFen += w.gmvFen;
      sum.viewersGained += w.viewersGained;
    }
    return s;
  });
  const prev = total.previous.gmvFen;
  return {
    regionCode: scope.regionCode ?? null,
    parkId: scope.parkId ?? null,
    sessionsOnAir: sessions.length,
    onlineNow,
    onlineTenMinutesAgo: onlineBefore,
    gmvFen,
    orders,
    last10Minutes: total.last,
    previous10Minutes: total.previous,
    gmvChangeBp: prev === 0n ? null : Number(divRound((total.last.gmvFen - prev) * 10_000n, prev)),
    sessions: sessions.slice(0, Math.max(0, limit)),
    computedAt: formatShanghai(now),
  };
}
