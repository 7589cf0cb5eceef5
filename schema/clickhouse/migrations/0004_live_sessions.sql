-- Live sessions (直播场次), their audience, buyers and what farm produce fetched before (issue 15).
-- Same conventions as 0001: fact tables ReplacingMergeTree(position) keyed by event identity; a
-- session's or a sale's region, park and platform are its streamer's, resolved by the projector.

-- A session lives with its streamer.
-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS live_sessions_raw
(
    session_id String,
    event_id String,
    position UInt64,
    streamer_id String,
    platform LowCardinality(String),
    title String,
    started_at DateTime64(3, 'Asia/Shanghai'),
    day Date,
    region_code String,
    province LowCardinality(String),
    city LowCardinality(String),
    county LowCardinality(String),
    town String,
    village String,
    park_id String
)
ENGINE = ReplacingMergeTree(position)
PARTITION BY toYYYYMM(day)
ORDER BY (started_at, session_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS live_session_ends_raw
(
    session_id String,
    event_id String,
    position UInt64,
    streamer_id String,
    ended_at DateTime64(3, 'Asia/Shanghai')
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (session_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- One row per snapshot. Counters a platform did not report are 0 here (they are cumulative, so the
-- session's max of them is its final figure; a never-reported one reads 0).
-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS live_audience_raw
(
    session_id String,
    event_id String,
    position UInt64,
    streamer_id String,
    at DateTime64(3, 'Asia/Shanghai'),
    day Date,
    online_now UInt64,
    views UInt64,
    viewers UInt64,
    new_followers UInt64,
    product_click_users UInt64,
    comments UInt64,
    likes UInt64,
    watch_seconds UInt64,
    platform LowCardinality(String),
    region_code String,
    park_id String,
    INDEX position_minmax position TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(position)
PARTITION BY toYYYYMM(day)
ORDER BY (session_id, at, event_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- The audience rollup: one row per session (partial rows per projector batch, merged by
-- AggregatingMergeTree; read with min/max/sum ... GROUP BY session_id). 50 M snapshots become a
-- row per session, which is what every audience metric (PCU, views, viewers, watch time) needs.
-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS live_audience_sessions
(
    session_id String,
    streamer_id String,
    platform LowCardinality(String),
    region_code String,
    park_id String,
    first_at SimpleAggregateFunction(min, DateTime64(3, 'Asia/Shanghai')),
    last_at SimpleAggregateFunction(max, DateTime64(3, 'Asia/Shanghai')),
    snapshots SimpleAggregateFunction(sum, UInt64),
    pcu SimpleAggregateFunction(max, UInt64),
    views SimpleAggregateFunction(max, UInt64),
    viewers SimpleAggregateFunction(max, UInt64),
    new_followers SimpleAggregateFunction(max, UInt64),
    product_click_users SimpleAggregateFunction(max, UInt64),
    comments SimpleAggregateFunction(max, UInt64),
    likes SimpleAggregateFunction(max, UInt64),
    watch_seconds SimpleAggregateFunction(max, UInt64)
)
ENGINE = AggregatingMergeTree
ORDER BY (session_id, streamer_id, platform, region_code, park_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- Sales that carry a pseudonymous buyer reference, for distinct buyer counts.
-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS sale_buyers_raw
(
    order_id String,
    event_id String,
    position UInt64,
    buyer_ref String,
    occurred_at DateTime64(3, 'Asia/Shanghai'),
    day Date,
    streamer_id String,
    live_session_id String,
    platform LowCardinality(String),
    region_code String,
    province LowCardinality(String),
    city LowCardinality(String),
    county LowCardinality(String),
    town String,
    park_id String,
    amount_fen Int64
)
ENGINE = ReplacingMergeTree(position)
PARTITION BY toYYYYMM(day)
ORDER BY (occurred_at, order_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: region_code
CREATE TABLE IF NOT EXISTS produce_reference_prices
(
    event_id String,
    position UInt64,
    region_code String,
    product String,
    unit String,
    price_fen Int64,
    valid_from Date,
    valid_to Date
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (region_code, product, unit, valid_from, event_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- Farmer payments that say what they paid for (quantity, unit, product): the premium's base.
-- @shard: village_code
CREATE TABLE IF NOT EXISTS farmer_payment_quantities
(
    payment_id String,
    event_id String,
    position UInt64,
    household_id String,
    village_code String,
    county LowCardinality(String),
    amount_fen Int64,
    paid_on Date,
    quantity Float64,
    unit String,
    product String
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (paid_on, village_code, payment_id)
SETTINGS non_replicated_deduplication_window = 1000;
