-- One summary row per live session, found by the day it started (read model
-- `live-session-summary`, projections/src/read-models/live-session-summary). It replaces the two
-- per-session rollups of 0004 and 0009 (live_audience_sessions, live_session_sales), which were
-- sorted by session id: a session id says nothing about its day, so every live question grouped
-- the whole rollups (208,333 sessions at issue 15's scale) to find a month's 8,500 sessions, about
-- 25–30 ms per rollup per question. Sorted by (day, region, streamer), a period reads its own days.
--
-- Each projector batch adds one partial row per session it touched, merged by AggregatingMergeTree:
-- the session's start (a row of zeros, so a session without sales or audience is still counted),
-- its sales (against the session they name), refunds of its orders (whenever they happen, found
-- through the order), its sales' buyer references, and its audience snapshots (cumulative
-- counters: the session's figure is their max). The session's day, region, park, platform and
-- streamer are its start's (live_sessions_raw), joined in by session id; the bloom filter below
-- lets that lookup read a granule per session rather than the whole table. Read with sum / max /
-- uniqExactMerge ... GROUP BY session_id. Derived per batch with the batch's deduplication token,
-- like 0009: a replayed batch is dropped, never counted twice. A deployment that already holds
-- events backfills it at the projector's start (backfillNewReadModels).

ALTER TABLE live_sessions_raw ADD INDEX IF NOT EXISTS session_bloom session_id TYPE bloom_filter GRANULARITY 1;
ALTER TABLE live_sessions_raw MATERIALIZE INDEX session_bloom;

-- A session lives with its streamer (as in live_sessions_raw).
-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS live_session_summary
(
    day Date,
    region_code String,
    streamer_id String,
    session_id String,
    started_at DateTime64(3, 'Asia/Shanghai'),
    platform LowCardinality(String),
    park_id String,
    province LowCardinality(String),
    city LowCardinality(String),
    county LowCardinality(String),
    town String,
    village String,
    orders SimpleAggregateFunction(sum, UInt64),
    gmv_fen SimpleAggregateFunction(sum, Int64),
    refunds SimpleAggregateFunction(sum, UInt64),
    refunds_fen SimpleAggregateFunction(sum, Int64),
    refunded_orders AggregateFunction(uniqExact, String),
    buyers AggregateFunction(uniqExact, String),
    snapshots SimpleAggregateFunction(sum, UInt64),
    pcu SimpleAggregateFunction(max, UInt64),
    views SimpleAggregateFunction(max, UInt64),
    viewers SimpleAggregateFunction(max, UInt64),
    product_click_users SimpleAggregateFunction(max, UInt64),
    watch_seconds SimpleAggregateFunction(max, UInt64),
    new_followers SimpleAggregateFunction(max, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
PRIMARY KEY (day, region_code, streamer_id, session_id)
ORDER BY (day, region_code, streamer_id, session_id, started_at, platform, park_id, province, city, county, town, village)
SETTINGS non_replicated_deduplication_window = 1000;

-- What the summary replaces: nothing reads them any more, and every batch and live flush derived them.
DROP TABLE IF EXISTS live_audience_sessions;

DROP TABLE IF EXISTS live_session_sales;
