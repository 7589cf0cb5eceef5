-- Dashboard rollups are derived inside ClickHouse from the fact rows of each projector batch, picked
-- by log position (projections/src/read-models/sales-rollups/derive-rollup.ts). The tables are sorted
-- by time, not position: a minmax index on position lets that SELECT skip every granule outside the
-- batch instead of reading the whole position column of a table that grows to billions of rows.
ALTER TABLE sales_raw ADD INDEX IF NOT EXISTS position_minmax position TYPE minmax GRANULARITY 1;
ALTER TABLE sales_raw MATERIALIZE INDEX position_minmax;
ALTER TABLE refunds_raw ADD INDEX IF NOT EXISTS position_minmax position TYPE minmax GRANULARITY 1;
ALTER TABLE refunds_raw MATERIALIZE INDEX position_minmax;
