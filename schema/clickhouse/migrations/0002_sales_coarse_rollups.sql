-- Coarser sales rollups (read model `sales-coarse-rollups`, projections/src/read-models/sales-coarse-rollups):
-- written by the projector from the same batches as sales_minutely/hourly/daily, pre-aggregated per
-- batch and inserted with the batch's deduplication token, so replays never count twice.
-- SummingMergeTree: always read them with sum() ... GROUP BY (partial rows of a key may stay unmerged).
-- Sales count in the bucket of occurred_at, refunds in the bucket of the refund (as in 0001).
--
-- sales_region_hourly/daily/monthly: one row per (bucket, streamer's region, park, platform, category),
-- no streamer: what dashboards read when neither the filter nor the question involves a streamer
-- (summaries' figures, series, breakdowns by region/park/platform/category). Far fewer rows than the
-- streamer-grain rollups: a year-long breakdown reads thousands of rows, not millions.
-- sales_monthly: the streamer grain by calendar month (top streamers, distinct streamers over months).
-- Buckets are Asia/Shanghai; monthly buckets start on the 1st at 00:00.
-- A deployment that already holds events fills these with a one-projection rebuild:
--   npx tsx projections/bin/rebuild.ts --only sales-coarse-rollups

-- @shard: region_code
CREATE TABLE IF NOT EXISTS sales_region_hourly
(
    bucket DateTime('Asia/Shanghai'),
    region_code String,
    province LowCardinality(String),
    city LowCardinality(String),
    county LowCardinality(String),
    town String,
    village String,
    park_id String,
    platform LowCardinality(String),
    category LowCardinality(String),
    orders UInt64,
    quantity UInt64,
    gmv_fen Int64,
    refunds UInt64,
    refunds_fen Int64
)
ENGINE = SummingMergeTree((orders, quantity, gmv_fen, refunds, refunds_fen))
PARTITION BY toYYYYMM(bucket)
ORDER BY (bucket, region_code, park_id, platform, category)
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: region_code
CREATE TABLE IF NOT EXISTS sales_region_daily
(
    bucket DateTime('Asia/Shanghai'),
    region_code String,
    province LowCardinality(String),
    city LowCardinality(String),
    county LowCardinality(String),
    town String,
    village String,
    park_id String,
    platform LowCardinality(String),
    category LowCardinality(String),
    orders UInt64,
    quantity UInt64,
    gmv_fen Int64,
    refunds UInt64,
    refunds_fen Int64
)
ENGINE = SummingMergeTree((orders, quantity, gmv_fen, refunds, refunds_fen))
PARTITION BY toYear(bucket)
ORDER BY (bucket, region_code, park_id, platform, category)
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: region_code
CREATE TABLE IF NOT EXISTS sales_region_monthly
(
    bucket DateTime('Asia/Shanghai'),
    region_code String,
    province LowCardinality(String),
    city LowCardinality(String),
    county LowCardinality(String),
    town String,
    village String,
    park_id String,
    platform LowCardinality(String),
    category LowCardinality(String),
    orders UInt64,
    quantity UInt64,
    gmv_fen Int64,
    refunds UInt64,
    refunds_fen Int64
)
ENGINE = SummingMergeTree((orders, quantity, gmv_fen, refunds, refunds_fen))
PARTITION BY toYear(bucket)
ORDER BY (bucket, region_code, park_id, platform, category)
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS sales_monthly
(
    bucket DateTime('Asia/Shanghai'),
    region_code String,
    province LowCardinality(String),
    city LowCardinality(String),
    county LowCardinality(String),
    town String,
    village String,
    park_id String,
    platform LowCardinality(String),
    category LowCardinality(String),
    streamer_id String,
    orders UInt64,
    quantity UInt64,
    gmv_fen Int64,
    refunds UInt64,
    refunds_fen Int64
)
ENGINE = SummingMergeTree((orders, quantity, gmv_fen, refunds, refunds_fen))
PARTITION BY toYear(bucket)
ORDER BY (bucket, region_code, park_id, platform, category, streamer_id)
SETTINGS non_replicated_deduplication_window = 1000;
