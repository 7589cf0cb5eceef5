-- No minute rollup (issue 17's scale run). sales_minutely (0001) held about one row per order:
-- 1.03 M rows at 1 M orders, a second copy of the facts that cost most of the rollup feed's CPU
-- (3.0 s per 200k orders against 0.1 s for a region rollup, in the statement every projector
-- batch and every live flush runs) and 40 % of the disk. Dropping only the streamer does not help:
-- a streamer-less minute rollup (region, park, platform, category) was measured at 1.02 M rows for
-- the same 1 M orders. A minute holds too few orders of one key for any rollup to add them up —
-- about one order a minute on average at 1 M orders over two years, and at a district's 1 M orders
-- a day still fewer per minute than there are streamers or villages.
--
-- What read it (services/queries plan.ts; the screen, GraphQL and summaries only through it): the
-- minute edges of a period that does not start or end on the hour, and MINUTE series. Both now read
-- sales_raw, whose sort key starts with occurred_at, over a bounded window: at most an hour at each
-- end of a period (the whole hours in between still come from sales_hourly/daily/monthly and their
-- streamer-less forms), and a MINUTE series of at most MAX_SERIES_BUCKETS (5,000) minutes. The rows
-- read for an edge are the same in number as the minute rollup's were, so every answer is the same
-- sum of the same facts, read from the facts.
--
-- Not a TTL on sales_minutely: it would keep the per-order cost of every write (the feed still
-- writes a row per order each batch, the cost that bounds catch-up and live flushes) and make which
-- table answers depend on the clock and on when merges ran.
-- The view on the feed first, then its table (migrations run before the projector starts).

DROP VIEW IF EXISTS sales_minutely_from_feed;

DROP TABLE IF EXISTS sales_minutely;
