import type { DerivedTable, ReadModel } from '../read-model.ts';

export const SESSION_MINUTES_TABLE = 'live_session_minutes';

/**
 * What one projector batch (positions (from, to]) adds to each session's minutes (migration 0011):
 * its sales naming a session, by the minute they occurred in, and its audience snapshots, by the
 * minute they were taken in. A sale row carries no snapshot (`n = 0`): argMaxIf leaves it out of the
 * minute's latest online count, and its `at` (the epoch) never wins the minute's last snapshot time.
 * Replay-safe like every derived table (derive-rollup.ts): the same facts give the same single,
 * totally ordered block, which the batch's deduplication token drops the second time.
 */
export const sessionMinutes: DerivedTable = {
  table: SESSION_MINUTES_TABLE,
  sources: ['sales_raw', 'live_audience_raw'],
  insert(from, to, name) {
    const range = `position > ${from} AND position <= ${to}`;
    return `INSERT INTO ${name(SESSION_MINUTES_TABLE)} (session_id, streamer_id, minute, orders, gmv_fen, snapshots, last_at, online, pcu, viewers)
SELECT session_id, streamer_id, minute, sum(o), sum(g), sum(n), max(at), argMaxIfState(online, at, n = 1), max(online), max(v)
FROM (
  SELECT live_session_id AS session_id, streamer_id, toStartOfMinute(occurred_at) AS minute, toUInt64(1) AS o, amount_fen AS g, toUInt64(0) AS n,
         toDateTime64(0, 3, 'Asia/Shanghai') AS at, toUInt64(0) AS online, toUInt64(0) AS v
  FROM ${name('sales_raw')} WHERE ${range} AND live_session_id != ''
  UNION ALL
  SELECT session_id, streamer_id, toStartOfMinute(at), 0, 0, 1, at, online_now, viewers
  FROM ${name('live_audience_raw')} WHERE ${range}
)
GROUP BY session_id, streamer_id, minute
ORDER BY session_id, minute, streamer_id`;
  },
};

/**
 * Sales and audience per live session and minute, derived by ClickHouse from the sales and
 * live-sessions read models' facts (no rows of its own to map): what the "live now" panel reads.
 */
export const liveSessionMinutes: ReadModel = {
  name: 'live-session-minutes',
  tables: [SESSION_MINUTES_TABLE],
  derived: [sessionMinutes],
};
