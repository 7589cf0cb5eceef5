-- Projection operations (projections/src/projector/faults.ts). A projection that fails on an event
-- stops at it and records why here; an operator decides (`redstream projections retry|skip`), and
-- the decision is kept forever: a skipped event is part of the read models' history.
-- @shard: projection_name
CREATE TABLE IF NOT EXISTS projection_faults
(
    projection_name String,
    position UInt64,
    event_id String,
    event_type String,
    error String,
    failed_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (projection_name, failed_at);

-- @shard: projection_name
CREATE TABLE IF NOT EXISTS projection_decisions
(
    projection_name String,
    action LowCardinality(String),
    position UInt64,
    event_id String,
    event_type String,
    reason String,
    error String,
    decided_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (projection_name, decided_at);
