import type { DerivedTable, ReadModel } from '../read-model.ts';

export const SESSION_SALES_TABLE = 'live_session_sales';

/**
 * What one projector batch (positions (from, to]) adds to each session's sales (migration 0009):
 * its sales naming a session, its refunds of such sales (found through the order, so a refund
 * days or weeks later counts against the order's session) and its sales' buyer references.
 *
 * The refund's order is looked up in the sales facts by the sale's time the refund carries
 * (refunds_raw.order_occurred_at, sales_raw's sort key), so the lookup reads a granule per refund
 * rather than every sale; `position <= to` and argMax keep it the first run's answer on a replay.
 * Replay-safe like every derived table (derive-rollup.ts): the same facts give the same single,
 * totally ordered block, which the batch's deduplication token drops the second time.
 */
export const sessionSales: DerivedTable = {
  table: SESSION_SALES_TABLE,
  sources: ['sales_raw', 'refunds_raw', 'sale_buyers_raw'],
  insert(from, to, name) {
    const range = `position > ${from} AND position <= ${to}`;
    const refunds = `SELECT order_id, amount_fen, order_occurred_at FROM ${name('refunds_raw')} WHERE ${range}`;
    return `INSERT INTO ${name(SESSION_SALES_TABLE)} (session_id, streamer_id, orders, gmv_fen, refunds, refunds_fen, refunded_orders, buyers)
SELECT session_id, streamer_id, sum(o), sum(g), sum(r), sum(rf), uniqExactIfState(ro, r = 1), uniqExactIfState(b, b != '')
FROM (
  SELECT live_session_id AS session_id, streamer_id, toUInt64(1) AS o, amount_fen AS g, toUInt64(0) AS r, toInt64(0) AS rf, '' AS ro, '' AS b
  FROM ${name('sales_raw')} WHERE ${range} AND live_session_id != ''
  UNION ALL
  SELECT x.session_id, x.streamer_id, 0, 0, 1, f.amount_fen, f.order_id, ''
  FROM (${refunds}) AS f
  INNER JOIN (SELECT order_id, argMax(live_session_id, position) AS session_id, argMax(streamer_id, position) AS streamer_id FROM ${name('sales_raw')}
              WHERE occurred_at IN (SELECT order_occurred_at FROM (${refunds})) AND order_id IN (SELECT order_id FROM (${refunds})) AND position <= ${to}
              GROUP BY order_id) AS x ON x.order_id = f.order_id
  WHERE x.session_id != ''
  UNION ALL
  SELECT live_session_id, streamer_id, 0, 0, 0, 0, '', buyer_ref
  FROM ${name('sale_buyers_raw')} WHERE ${range} AND live_session_id != ''
)
GROUP BY session_id, streamer_id
ORDER BY session_id, streamer_id`;
  },
};

/**
 * Sales, refunds and buyers per live session, derived by ClickHouse from the sales read models'
 * facts (no rows of its own to map): what every live-session query reads instead of those facts.
 */
export const liveSessionSales: ReadModel = {
  name: 'live-session-sales',
  tables: [SESSION_SALES_TABLE],
  derived: [sessionSales],
};
