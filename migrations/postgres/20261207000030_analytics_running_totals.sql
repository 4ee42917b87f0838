-- Running totals (app/src/analytics/store.rs): for every rolled day, each metric and
-- dimension summed from the beginning through that day. A period's figure is then the
-- difference of two days' totals and the services standing at a day's end are its totals,
-- so a report reads a few days' rows however long its period (daily_stats alone meant
-- summing every day of it: 240-270 ms for a year at 1M orders, docs/BENCHMARKS.md).
-- The rollup keeps them: closing a day adds its facts to the day before's totals, and
-- rolling a day again carries the change through every later day.
CREATE TABLE stats_running_totals (
    day TEXT NOT NULL,
    metric TEXT NOT NULL,
    dimension TEXT NOT NULL,
    count BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (day, metric, dimension)
);

-- The totals of the days rolled up so far (partial days, after the last rolled one, are
-- not summed: a report counts them on top).
INSERT INTO stats_running_totals (day, metric, dimension, count, amount)
SELECT r.day, s.metric, s.dimension, CAST(SUM(s.count) AS BIGINT), CAST(SUM(s.amount) AS BIGINT)
FROM stats_rolled_days r JOIN daily_stats s ON s.day <= r.day
GROUP BY r.day, s.metric, s.dimension;

-- Only the running totals read a metric over many days now.
DROP INDEX daily_stats_metric;
