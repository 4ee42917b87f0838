-- Open days counted up to a point (app/src/analytics/rollup.rs): each hourly rollup also
-- stores the days not closed yet (today, and yesterday in its first hour) as counted up to an
-- hour ago, in daily_stats like a closed day, so a report counts live only the time since
-- then instead of the whole day. Closing the day replaces them and drops its row here.
CREATE TABLE stats_partial_days (
    day TEXT PRIMARY KEY NOT NULL,
    covered_until TEXT NOT NULL
);
