-- The per-session sales rollup (read model `live-session-sales`,
-- projections/src/read-models/live-session-sales): a session's orders, GMV, refunds and distinct
-- buyers, so the live-session queries read a row per session instead of joining every sale, refund
-- and buyer reference naming the period's sessions (issue 15). Partial rows per projector batch,
-- merged by AggregatingMergeTree: read with sum(...), uniqExactMerge(...) ... GROUP BY session_id.
--
-- A sale counts against the session it names (SaleRecorded.liveSessionId); a refund against the
-- session of its order, whenever it happens (a refund a week later still lowers that session's net
-- sales); a buyer is a distinct buyerRef of the session's sales (exact distinct-count states, which
-- merge across batches and across sessions into the exact distinct count of their union).
-- Derived per batch from sales_raw, refunds_raw and sale_buyers_raw with the batch's deduplication
-- token, like the audience rollup of 0004: a replayed batch is dropped, never counted twice.
-- A deployment that already holds events backfills it at the projector's start (backfillNewReadModels).

-- A session lives with its streamer (the sale's streamer, as in live_sessions_raw).
-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS live_session_sales
(
    session_id String,
    streamer_id String,
    orders SimpleAggregateFunction(sum, UInt64),
    gmv_fen SimpleAggregateFunction(sum, Int64),
    refunds SimpleAggregateFunction(sum, UInt64),
    refunds_fen SimpleAggregateFunction(sum, Int64),
    refunded_orders AggregateFunction(uniqExact, String),
    buyers AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
ORDER BY (session_id, streamer_id)
SETTINGS non_replicated_deduplication_window = 1000;
