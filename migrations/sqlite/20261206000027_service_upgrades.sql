-- Moving a server to a bigger plan (app/src/services/upgrade): a `resize` action, carried out
-- in phases — a running machine is turned off first (`stop`), resized (`resize`) and turned on
-- again (`start`, when `restart`) — towards `plan_id`.
-- SQLite cannot change a CHECK in place: the table is rebuilt (nothing refers to it yet).
CREATE TABLE service_actions_new (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL REFERENCES services (id),
    action TEXT NOT NULL CHECK (action IN ('power_on', 'power_off', 'reboot', 'rebuild', 'delete', 'resize')),
    image_id TEXT REFERENCES os_images (id),
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    checks INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    root_password_sealed TEXT,
    requested_by TEXT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT,
    plan_id TEXT REFERENCES plans (id),
    phase TEXT CHECK (phase IN ('stop', 'resize', 'start')),
    restart BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO service_actions_new (id, service_id, action, image_id, status, checks, error, root_password_sealed,
    requested_by, created_at, updated_at, finished_at)
SELECT id, service_id, action, image_id, status, checks, error, root_password_sealed,
    requested_by, created_at, updated_at, finished_at
FROM service_actions;
DROP TABLE service_actions;
ALTER TABLE service_actions_new RENAME TO service_actions;
CREATE INDEX service_actions_service ON service_actions (service_id, created_at);
CREATE UNIQUE INDEX service_actions_one_open ON service_actions (service_id)
    WHERE status IN ('queued', 'running');

-- A customer's upgrade: the price of the rest of the paid period on the bigger plan is
-- invoiced (purpose 'upgrade'); paid, the resize runs; done, the service is on the new plan
-- and renews at `monthly_price` less `discount_percent`; failed, the payment goes back to the
-- customer's balance. `invoice_id` is NULL when nothing was due.
CREATE TABLE service_upgrades (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL REFERENCES services (id),
    invoice_id TEXT UNIQUE REFERENCES invoices (id),
    from_plan_id TEXT NOT NULL REFERENCES plans (id),
    to_plan_id TEXT NOT NULL REFERENCES plans (id),
    monthly_price INTEGER NOT NULL,
    discount_percent INTEGER NOT NULL,
    -- the paid period the price was for: once the service runs to another date, the
    -- invoice is no longer payable
    period_end TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'done', 'failed', 'void')),
    action_id TEXT REFERENCES service_actions (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX service_upgrades_service ON service_upgrades (service_id, created_at);
-- One upgrade under way per service.
CREATE UNIQUE INDEX service_upgrades_one_open ON service_upgrades (service_id)
    WHERE status IN ('pending', 'paid');
