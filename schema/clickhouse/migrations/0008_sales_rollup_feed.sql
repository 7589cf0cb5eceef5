-- One statement per projector batch for the seven sales rollups (read models sales-rollups and
-- sales-coarse-rollups, projections/src/read-models/sales-rollups/derive-rollup.ts). Each batch's sales
-- and refunds (positions (from, to] of sales_raw and refunds_raw) are inserted once into this Null
-- table; a materialized view per rollup sums them into its table. Embedded chDB runs one statement
-- at a time, and the seven INSERT … SELECT each re-read the batch's facts: as one statement they
-- are read once and the flush queues six statements fewer ahead of the live screens' queries.
--
-- Exactly once as before: the batch's insert is made with the batch's deduplication token and
-- deduplicate_blocks_in_dependent_materialized_views = 1, so each rollup table keeps a token of its
-- own per batch and drops the block of a replayed batch (also when only some of them got it before
-- a crash). Nothing is stored here (Null engine); only the projector inserts into it, and only for
-- the live tables (rebuilds write `<table>__rebuild` with one INSERT … SELECT per rollup).
-- The views' SELECTs are those of derive-rollup.ts (buckets in Asia/Shanghai; a sale counts in the
-- bucket of its occurred_at, a refund in the bucket of its own). Sharded by streamer on a cluster:
-- sums read across shards are the same wherever a row lands, and a replay lands where the first did.

-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS sales_rollup_feed
(
    occurred_at DateTime64(3, 'Asia/Shanghai'),
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
    o UInt64,
    q UInt64,
    g Int64,
    r UInt64,
    rf Int64
)
ENGINE = Null;

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_minutely_from_feed TO sales_minutely AS
SELECT toStartOfMinute(occurred_at, 'Asia/Shanghai') AS bucket, region_code, province, city, county, town, village, park_id, platform, category, streamer_id, sum(o) AS orders, sum(q) AS quantity, sum(g) AS gmv_fen, sum(r) AS refunds, sum(rf) AS refunds_fen
FROM sales_rollup_feed
GROUP BY bucket, region_code, province, city, county, town, village, park_id, platform, category, streamer_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_hourly_from_feed TO sales_hourly AS
SELECT toStartOfHour(occurred_at, 'Asia/Shanghai') AS bucket, region_code, province, city, county, town, village, park_id, platform, category, streamer_id, sum(o) AS orders, sum(q) AS quantity, sum(g) AS gmv_fen, sum(r) AS refunds, sum(rf) AS refunds_fen
FROM sales_rollup_feed
GROUP BY bucket, region_code, province, city, county, town, village, park_id, platform, category, streamer_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_daily_from_feed TO sales_daily AS
SELECT toStartOfDay(occurred_at, 'Asia/Shanghai') AS bucket, region_code, province, city, county, town, village, park_id, platform, category, streamer_id, sum(o) AS orders, sum(q) AS quantity, sum(g) AS gmv_fen, sum(r) AS refunds, sum(rf) AS refunds_fen
FROM sales_rollup_feed
GROUP BY bucket, region_code, province, city, county, town, village, park_id, platform, category, streamer_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_region_hourly_from_feed TO sales_region_hourly AS
SELECT toStartOfHour(occurred_at, 'Asia/Shanghai') AS bucket, region_code, province, city, county, town, village, park_id, platform, category, sum(o) AS orders, sum(q) AS quantity, sum(g) AS gmv_fen, sum(r) AS refunds, sum(rf) AS refunds_fen
FROM sales_rollup_feed
GROUP BY bucket, region_code, province, city, county, town, village, park_id, platform, category;

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_region_daily_from_feed TO sales_region_daily AS
SELECT toStartOfDay(occurred_at, 'Asia/Shanghai') AS bucket, region_code, province, city, county, town, village, park_id, platform, category, sum(o) AS orders, sum(q) AS quantity, sum(g) AS gmv_fen, sum(r) AS refunds, sum(rf) AS refunds_fen
FROM sales_rollup_feed
GROUP BY bucket, region_code, province, city, county, town, village, park_id, platform, category;

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_region_monthly_from_feed TO sales_region_monthly AS
SELECT toDateTime(toStartOfMonth(occurred_at, 'Asia/Shanghai'), 'Asia/Shanghai') AS bucket, region_code, province, city, county, town, village, park_id, platform, category, sum(o) AS orders, sum(q) AS quantity, sum(g) AS gmv_fen, sum(r) AS refunds, sum(rf) AS refunds_fen
FROM sales_rollup_feed
GROUP BY bucket, region_code, province, city, county, town, village, park_id, platform, category;

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_monthly_from_feed TO sales_monthly AS
SELECT toDateTime(toStartOfMonth(occurred_at, 'Asia/Shanghai'), 'Asia/Shanghai') AS bucket, region_code, province, city, county, town, village, park_id, platform, category, streamer_id, sum(o) AS orders, sum(q) AS quantity, sum(g) AS gmv_fen, sum(r) AS refunds, sum(rf) AS refunds_fen
FROM sales_rollup_feed
GROUP BY bucket, region_code, province, city, county, town, village, park_id, platform, category, streamer_id;
