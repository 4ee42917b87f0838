-- Business analytics (app/src/analytics): the admin home's numbers and charts.
--
-- Each closed WIB day is summed once into daily_stats by the rollup job (exact: the same
-- queries that count a day live; idempotent: a day is replaced whole), and a day is closed
-- only an hour after it ended, when nothing can still be recorded in it. Days after the
-- last rolled day are counted live from the tables below, through the indexes made here.
CREATE TABLE daily_stats (
    -- the WIB calendar day, YYYY-MM-DD
    day TEXT NOT NULL,
    -- what is counted ('revenue', 'orders.paid', 'services.started' …) and by what
    -- ('order', 'digitalocean', 'vultr/sgp1', a duration in seconds …)
    metric TEXT NOT NULL,
    dimension TEXT NOT NULL,
    count BIGINT NOT NULL,
    -- rupiah where the metric has an amount, else 0
    amount BIGINT NOT NULL,
    PRIMARY KEY (day, metric, dimension)
);
-- The report reads some metrics over every day (services standing, MRR).
CREATE INDEX daily_stats_metric ON daily_stats (metric, day);

-- Every day rolled up so far (also those with nothing in them), so the live part starts
-- after the last one.
CREATE TABLE stats_rolled_days (
    day TEXT PRIMARY KEY NOT NULL,
    rolled_at TEXT NOT NULL
);

-- When a service ended (churn); earlier terminations ended at their last change.
ALTER TABLE services ADD COLUMN terminated_at TEXT;
UPDATE services SET terminated_at = updated_at WHERE status = 'TERMINATED';

CREATE INDEX invoices_paid ON invoices (paid_at) WHERE status = 'paid';
CREATE INDEX invoices_unpaid ON invoices (purpose, due_at) WHERE status = 'unpaid';
CREATE INDEX orders_created ON orders (created_at);
CREATE INDEX order_events_occurred ON order_events (occurred_at, to_status);
CREATE INDEX users_created ON users (created_at);
CREATE INDEX services_created ON services (created_at);
CREATE INDEX services_terminated ON services (terminated_at) WHERE terminated_at IS NOT NULL;
CREATE INDEX service_upgrades_done ON service_upgrades (updated_at) WHERE status = 'done';
CREATE INDEX credit_notes_issued ON credit_notes (issued_at);
CREATE INDEX payments_held ON payments (received_at) WHERE status = 'unapplied';
