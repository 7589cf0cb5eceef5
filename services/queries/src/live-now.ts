import type { QueryContext } from './access.ts';
import type { LiveScope } from './live.ts';
import { regionPrefixFor } from './access.ts';
import { divRound } from './money.ts';
import { sessionSalesOf } from './live-sessions.ts';
import { sql, where, type SqlFragment } from './sql.ts';
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
 * GMV so far is the session's sales rollup (live_session_sales) less its sales after `now` (none
 * unless `now` is in the past); only the 20 minutes of windows and what follows them are read
 * from the sales facts, which are sorted by time.
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
  const onAir = sql`SELECT session_id FROM live_sessions_raw FINAL ${where([...conditions, sql`session_id NOT IN (${ended})`])}`;
  const nowAt = sql`fromUnixTimestamp64Milli(${now})`;
  const beforeAt = sql`fromUnixTimestamp64Milli(${now - WINDOW_MS})`;
  const rows = await ctx.reader.rows<Row>(
    'live.now',
    sql`SELECT s.session_id AS session_id, s.streamer_id AS streamer_id, n.display_name AS display_name, s.platform AS platform, s.title AS title,
          s.park_id AS park_id, s.region_code AS region_code, toString(toUnixTimestamp64Milli(s.started_at)) AS started_at,
          toString(a.snapshots) AS snapshots, toString(a.online) AS online, toString(a.online_at) AS online_at,
          toString(a.snapshots_before) AS snapshots_before, toString(a.online_before) AS online_before,
          toString(a.pcu) AS pcu, toString(a.uv) AS viewers, toString(a.v_start) AS v_start, toString(a.v_mid) AS v_mid, toString(a.v_end) AS v_end,
          toString(o.gmv - w.gmv_after) AS gmv, toString(toInt64(o.orders) - toInt64(w.orders_after)) AS orders, toString(w.gmv_prev) AS gmv_prev, toString(w.orders_prev) AS orders_prev,
          toString(w.gmv_last) AS gmv_last, toString(w.orders_last) AS orders_last
        FROM (SELECT * FROM live_sessions_raw FINAL ${where([...conditions, sql`session_id NOT IN (${ended})`])}) AS s
        LEFT JOIN (SELECT session_id,
                     countIf(at <= ${nowAt}) AS snapshots, argMaxIf(online_now, at, at <= ${nowAt}) AS online,
                     toUnixTimestamp64Milli(maxIf(at, at <= ${nowAt})) AS online_at,
                     countIf(at <= ${beforeAt}) AS snapshots_before, argMaxIf(online_now, at, at <= ${beforeAt}) AS online_before,
                     maxIf(online_now, at <= ${nowAt}) AS pcu, maxIf(viewers, at <= ${nowAt}) AS uv,
                     maxIf(viewers, at < fromUnixTimestamp64Milli(${start})) AS v_start,
                     maxIf(viewers, at < fromUnixTimestamp64Milli(${mid})) AS v_mid,
                     maxIf(viewers, at < fromUnixTimestamp64Milli(${minuteEnd})) AS v_end
                   FROM live_audience_raw FINAL WHERE session_id IN (${onAir}) GROUP BY session_id) AS a ON a.session_id = s.session_id
        LEFT JOIN (${sessionSalesOf(onAir)}) AS o ON o.session_id = s.session_id
        LEFT JOIN (SELECT live_session_id, sumIf(amount_fen, occurred_at > ${nowAt}) AS gmv_after, countIf(occurred_at > ${nowAt}) AS orders_after,
                     sumIf(amount_fen, occurred_at >= fromUnixTimestamp64Milli(${start}) AND occurred_at < fromUnixTimestamp64Milli(${mid})) AS gmv_prev,
                     countIf(occurred_at >= fromUnixTimestamp64Milli(${start}) AND occurred_at < fromUnixTimestamp64Milli(${mid})) AS orders_prev,
                     sumIf(amount_fen, occurred_at >= fromUnixTimestamp64Milli(${mid}) AND occurred_at < fromUnixTimestamp64Milli(${minuteEnd})) AS gmv_last,
                     countIf(occurred_at >= fromUnixTimestamp64Milli(${mid}) AND occurred_at < fromUnixTimestamp64Milli(${minuteEnd})) AS orders_last
                   FROM sales_raw FINAL WHERE live_session_id IN (${onAir}) AND occurred_at >= fromUnixTimestamp64Milli(${start}) GROUP BY live_session_id) AS w ON w.live_session_id = s.session_id
        LEFT JOIN (SELECT streamer_id, argMax(display_name, version) AS display_name FROM streamers FINAL
                   WHERE streamer_id IN (SELECT streamer_id FROM live_sessions_raw FINAL WHERE session_id IN (${onAir})) GROUP BY streamer_id) AS n ON n.streamer_id = s.streamer_id
        ORDER BY a.online DESC, o.gmv - w.gmv_after DESC, s.started_at, s.session_id`,
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
