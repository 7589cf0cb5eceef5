-- redstream read models (single node). Applied in file order by @redstream/projections `migrate()`,
-- recorded by file name + checksum in schema_migrations. Every statement is idempotent.
-- Conventions: money Int64 fen; times DateTime64(3, 'Asia/Shanghai'); buckets DateTime('Asia/Shanghai');
-- `position` = global log position of the event that wrote the row; `event_id` = its id.
-- Fact tables are ReplacingMergeTree(position) keyed by event identity: a duplicate that ever slipped
-- past the projector's insert-deduplication scheme (see projections/src/projector/apply-batch.ts)
-- collapses on merge. Every table allows block deduplication (non_replicated_deduplication_window).
-- Dashboard rollups are SummingMergeTree: always read them with sum() ... GROUP BY.

-- @shard: projection_name
CREATE TABLE IF NOT EXISTS projector_checkpoints
(
    projection_name String,
    seq UInt64,
    position UInt64,
    pending_to UInt64,
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(seq)
ORDER BY projection_name;

-- An order lives with its streamer.
-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS sales_raw
(
    order_id String,
    event_id String,
    position UInt64,
    occurred_at DateTime64(3, 'Asia/Shanghai'),
    day Date,
    streamer_id String,
    platform LowCardinality(String),
    region_code String,
    province LowCardinality(String),
    city LowCardinality(String),
    county LowCardinality(String),
    town String,
    village String,
    park_id String,
    category LowCardinality(String),
    product String,
    quantity UInt32,
    amount_fen Int64,
    buyer_region_code String,
    origin_village_code String,
    cooperative_id String,
    live_session_id String,
    INDEX order_id_bf order_id TYPE bloom_filter GRANULARITY 2
)
ENGINE = ReplacingMergeTree(position)
PARTITION BY toYYYYMM(day)
ORDER BY (occurred_at, order_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- A refund lives with its order's streamer.
-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS refunds_raw
(
    order_id String,
    event_id String,
    position UInt64,
    occurred_at DateTime64(3, 'Asia/Shanghai'),
    day Date,
    amount_fen Int64,
    streamer_id String,
    platform LowCardinality(String),
    region_code String,
    province LowCardinality(String),
    city LowCardinality(String),
    county LowCardinality(String),
    town String,
    village String,
    park_id String,
    category LowCardinality(String),
    order_occurred_at DateTime64(3, 'Asia/Shanghai')
)
ENGINE = ReplacingMergeTree(position)
PARTITION BY toYYYYMM(day)
ORDER BY (occurred_at, order_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- Rollups: one row per (bucket, streamer's region, park, platform, category, streamer) and projector
-- batch, summed on merge. Sales count in the bucket of occurred_at, refunds in the bucket of the refund.
-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS sales_minutely
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
PARTITION BY toYYYYMM(bucket)
ORDER BY (bucket, region_code, park_id, platform, category, streamer_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS sales_hourly
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
PARTITION BY toYYYYMM(bucket)
ORDER BY (bucket, region_code, park_id, platform, category, streamer_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS sales_daily
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

-- Current state of each streamer (latest row by version = position). Read with FINAL or argMax.
-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS streamers
(
    streamer_id String,
    display_name String,
    platform LowCardinality(String),
    category String,
    region_code String,
    province LowCardinality(String),
    city LowCardinality(String),
    county LowCardinality(String),
    town String,
    village String,
    park_id String,
    party_status LowCardinality(String),
    registered_on Date,
    followers UInt64,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY streamer_id
SETTINGS non_replicated_deduplication_window = 1000;

-- Party status over time: one row per registration or change (status valid from changed_on).
-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS streamer_party_status
(
    streamer_id String,
    event_id String,
    position UInt64,
    party_status LowCardinality(String),
    previous_status LowCardinality(String),
    changed_on Date,
    region_code String,
    park_id String
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (streamer_id, changed_on, event_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS streamer_followers
(
    streamer_id String,
    event_id String,
    position UInt64,
    reported_at DateTime64(3, 'Asia/Shanghai'),
    followers UInt64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (streamer_id, reported_at, event_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: park_id
CREATE TABLE IF NOT EXISTS parks
(
    park_id String,
    name String,
    region_code String,
    kind LowCardinality(String),
    floor_area_m2 Float64,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY park_id
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: committee_id
CREATE TABLE IF NOT EXISTS committees
(
    committee_id String,
    name String,
    level LowCardinality(String),
    region_code String,
    founded_on Date,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY committee_id
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: branch_id
CREATE TABLE IF NOT EXISTS branches
(
    branch_id String,
    name String,
    region_code String,
    founded_on Date,
    committee_id String,
    park_id String,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY branch_id
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: station_id
CREATE TABLE IF NOT EXISTS warm_stations
(
    station_id String,
    name String,
    region_code String,
    opened_on Date,
    park_id String,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY station_id
SETTINGS non_replicated_deduplication_window = 1000;

-- Every region code seen in any fact, with its level and ancestors.
-- @shard: code
CREATE TABLE IF NOT EXISTS regions
(
    code String,
    level LowCardinality(String),
    parent String,
    province LowCardinality(String),
    city LowCardinality(String),
    county LowCardinality(String),
    town String,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY code
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: session_id
CREATE TABLE IF NOT EXISTS training_sessions
(
    session_id String,
    title String,
    organizer_id String,
    region_code String,
    starts_on Date,
    ends_on Date,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY session_id
SETTINGS non_replicated_deduplication_window = 1000;

-- One row per completion (person-time); trainees = uniqExact(streamer_id), hours = sum(hours).
-- @shard: streamer_id
CREATE TABLE IF NOT EXISTS trainings
(
    streamer_id String,
    session_id String,
    event_id String,
    position UInt64,
    hours Float64,
    completed_on Date,
    region_code String,
    session_region_code String
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (session_id, streamer_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: agreement_id
CREATE TABLE IF NOT EXISTS parcel_agreements
(
    agreement_id String,
    carrier String,
    region_code String,
    park_id String,
    standard_fee_fen Int64,
    discounted_fee_fen Int64,
    valid_from Date,
    valid_to Date,
    negotiated_by String,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY agreement_id
SETTINGS non_replicated_deduplication_window = 1000;

-- savings_fen = parcels x (standard_fee_fen - discounted_fee_fen) of the agreement.
-- @shard: agreement_id
CREATE TABLE IF NOT EXISTS parcel_shipments
(
    agreement_id String,
    event_id String,
    position UInt64,
    shipped_on Date,
    parcels UInt64,
    streamer_id String,
    region_code String,
    park_id String,
    carrier String,
    standard_fee_fen Int64,
    discounted_fee_fen Int64,
    savings_fen Int64
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (shipped_on, agreement_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- interest_saved_fen = amount x (benchmark - rate) x term / 12, simple interest, rounded down.
-- @shard: loan_id
CREATE TABLE IF NOT EXISTS loans
(
    loan_id String,
    streamer_id String,
    lender String,
    amount_fen Int64,
    rate_bp UInt32,
    benchmark_rate_bp UInt32,
    term_months UInt32,
    granted_on Date,
    interest_saved_fen Int64,
    region_code String,
    park_id String,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY loan_id
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: award_id
CREATE TABLE IF NOT EXISTS awards
(
    award_id String,
    streamer_id String,
    title String,
    granted_by String,
    awarded_on Date,
    region_code String,
    park_id String,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY award_id
SETTINGS non_replicated_deduplication_window = 1000;

-- One row per appeal, replaced when it is resolved (version = position). Read with FINAL.
-- @shard: appeal_id
CREATE TABLE IF NOT EXISTS appeals
(
    appeal_id String,
    streamer_id String,
    topic LowCardinality(String),
    summary String,
    raised_at DateTime64(3, 'Asia/Shanghai'),
    resolved_at Nullable(DateTime64(3, 'Asia/Shanghai')),
    resolution String,
    resolve_seconds Nullable(Int64),
    region_code String,
    park_id String,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY appeal_id
SETTINGS non_replicated_deduplication_window = 1000;

-- @shard: village_code
CREATE TABLE IF NOT EXISTS farmer_payments
(
    payment_id String,
    event_id String,
    position UInt64,
    household_id String,
    village_code String,
    province LowCardinality(String),
    city LowCardinality(String),
    county LowCardinality(String),
    town String,
    amount_fen Int64,
    paid_on Date,
    cooperative_id String
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (paid_on, village_code, payment_id)
SETTINGS non_replicated_deduplication_window = 1000;
