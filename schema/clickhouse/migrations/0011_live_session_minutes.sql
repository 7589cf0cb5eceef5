-- A live session's sales and audience by minute (read model `live-session-minutes`,
-- projections/src/read-models/live-session-minutes): what a screen's "live now" panel reads for a
-- session on air — its orders and GMV per minute, its snapshots, latest online count, peak online
-- and unique viewers per minute — instead of every snapshot of every session on air and every sale
-- since the windows began (issue 15). Only the minute in progress is read from the facts.
--
-- A sale counts in the minute (Asia/Shanghai) of its occurred_at, against the session it names; a
-- snapshot in the minute of its `at`. Refunds are not here (the panel shows GMV). The latest
-- snapshot of a minute is argMax(online_now, at), as the panel reads it from the snapshots.
-- Partial rows per projector batch, merged by AggregatingMergeTree: read with sum / max /
-- argMaxMerge ... GROUP BY session_id, minute. Derived per batch from sales_raw and
-- live_audience_raw with the batch's deduplication token, like 0009: a replayed batch is dropped,
-- never counted twice. A deployment that already holds events backfills it at the projector's
-- start (backfillNewReadModels).

-- A session lives with its streamer (as in live_sessions_raw and live_session_sales).
-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS live_session_minutes
(
    session_id String,
    streamer_id String,
    minute DateTime('Asia/Shanghai'),
    orders SimpleAggregateFunction(sum, UInt64),
    gmv_fen SimpleAggregateFunction(sum, Int64),
    snapshots SimpleAggregateFunction(sum, UInt64),
    last_at SimpleAggregateFunction(max, DateTime64(3, 'Asia/Shanghai')),
    online AggregateFunction(argMax, UInt64, DateTime64(3, 'Asia/Shanghai')),
    pcu SimpleAggregateFunction(max, UInt64),
    viewers SimpleAggregateFunction(max, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (session_id, minute, streamer_id)
SETTINGS non_replicated_deduplication_window = 1000;
