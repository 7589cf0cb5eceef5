import type { DerivedTable, ReadModel } from '../read-model.ts';

export const SESSION_SUMMARY_TABLE = 'live_session_summary';

/** The session's own columns, from its start: the summary's sort key and what questions group by. */
const SESSION_COLUMNS = ['day', 'region_code', 'streamer_id', 'started_at', 'platform', 'park_id', 'province', 'city', 'county', 'town', 'village'] as const;
/** Cumulative audience counters: a session's figure is the max of its snapshots'. */
const AUDIENCE = ['views', 'viewers', 'product_click_users', 'watch_seconds', 'new_followers'] as const;

/**
 * What one projector batch (positions (from, to]) adds to each session's summary row (migration
 * 0012): its starts (a row of zeros), its sales naming a session, refunds of such sales (found
 * through the order, so a refund weeks later counts against the order's session), its sales' buyer
 * references and its audience snapshots — one partial row per session, with the session's day,
 * region, park, platform and streamer joined in from its start.
 *
 * The refund's order is looked up in the sales facts by the sale's time the refund carries
 * (refunds_raw.order_occurred_at, sales_raw's sort key), so the lookup reads a granule per refund
 * rather than every sale. The session's start is looked up by id through live_sessions_raw's bloom
 * filter. `position <= to` and argMax keep both lookups the first run's answer on a replay, which is
 * what makes it replay-safe like every derived table (derive-rollup.ts): the same facts give the
 * same single, totally ordered block, which the batch's deduplication token drops the second time.
 */
export const sessionSummary: DerivedTable = {
  table: SESSION_SUMMARY_TABLE,
  sources: ['live_sessions_raw', 'sales_raw', 'refunds_raw', 'sale_buyers_raw', 'live_audience_raw'],
  insert(from, to, name, holds = () => true) {
    const range = `position > ${from} AND position <= ${to}`;
    const refunds = `SELECT order_id, amount_fen, order_occurred_at FROM ${name('refunds_raw')} WHERE ${range}`;
    const refundSessions = `SELECT order_id, argMax(live_session_id, position) AS session_id FROM ${name('sales_raw')}
              WHERE occurred_at IN (SELECT order_occurred_at FROM (${refunds})) AND order_id IN (SELECT order_id FROM (${refunds})) AND position <= ${to}
              GROUP BY order_id`;
    const zeros = AUDIENCE.map(() => 0).join(', ');
    // Per fact: session, orders, GMV, refunds, refunded fen, refunded order, buyer, snapshots, online now, then AUDIENCE.
    // The first part names the columns (and is always there, if empty); a live flush of sales alone
    // leaves out the parts of the sources it wrote nothing to: the statement is read twice below.
    const parts = [
      `SELECT session_id, toUInt64(0) AS o, toInt64(0) AS g, toUInt64(0) AS n, toInt64(0) AS rf, '' AS ro, '' AS b, toUInt64(0) AS snaps, toUInt64(0) AS online, ${AUDIENCE.map((c) => `toUInt64(0) AS ${c}`).join(', ')}
  FROM ${name('live_sessions_raw')} WHERE ${holds('live_sessions_raw') ? range : '0'}`,
      holds('sales_raw') && `SELECT live_session_id, 1, amount_fen, 0, 0, '', '', 0, 0, ${zeros}
  FROM ${name('sales_raw')} WHERE ${range} AND live_session_id != ''`,
      holds('refunds_raw') && `SELECT x.session_id, 0, 0, 1, f.amount_fen, f.order_id, '', 0, 0, ${zeros}
  FROM (${refunds}) AS f INNER JOIN (${refundSessions}) AS x ON x.order_id = f.order_id
  WHERE x.session_id != ''`,
      holds('sale_buyers_raw') && `SELECT live_session_id, 0, 0, 0, 0, '', buyer_ref, 0, 0, ${zeros}
  FROM ${name('sale_buyers_raw')} WHERE ${range} AND live_session_id != ''`,
      holds('live_audience_raw') && `SELECT session_id, 0, 0, 0, 0, '', '', 1, online_now, ${AUDIENCE.join(', ')}
  FROM ${name('live_audience_raw')} WHERE ${range}`,
    ]
      .filter((part) => part !== false)
      .join('\n  UNION ALL\n  ');
    return `INSERT INTO ${name(SESSION_SUMMARY_TABLE)} (${SESSION_COLUMNS.join(', ')}, session_id, orders, gmv_fen, refunds, refunds_fen, refunded_orders, buyers, snapshots, pcu, ${AUDIENCE.join(', ')})
SELECT ${SESSION_COLUMNS.map((c) => `s.${c}`).join(', ')}, f.session_id, f.o, f.g, f.n, f.rf, f.ro, f.b, f.snaps, f.online, ${AUDIENCE.map((c) => `f.${c}`).join(', ')}
FROM (
  SELECT session_id, sum(o) AS o, sum(g) AS g, sum(n) AS n, sum(rf) AS rf, uniqExactIfState(ro, ro != '') AS ro, uniqExactIfState(b, b != '') AS b,
         sum(snaps) AS snaps, max(online) AS online,
         ${AUDIENCE.map((c) => `max(${c}) AS ${c}`).join(', ')}
  FROM (${parts}
  )
  GROUP BY session_id
) AS f
INNER JOIN (
  SELECT session_id, ${SESSION_COLUMNS.map((c) => `argMax(${c}, position) AS ${c}`).join(', ')}
  FROM ${name('live_sessions_raw')}
  WHERE session_id IN (SELECT session_id FROM (${parts}
  )) AND position <= ${to}
  GROUP BY session_id
) AS s ON s.session_id = f.session_id
ORDER BY s.day, s.region_code, s.streamer_id, f.session_id`;
  },
};

/**
 * Every live session's figures in one row, found by the day it started: derived by ClickHouse from
 * the sales and live-sessions read models' facts (no rows of its own to map). What every live
 * question over sessions reads (liveSessions, liveMetrics and its breakdowns and series).
 */
export const liveSessionSummary: ReadModel = {
  name: 'live-session-summary',
  tables: [SESSION_SUMMARY_TABLE],
  derived: [sessionSummary],
};
