-- Moving a server to a bigger plan (app/src/services/upgrade): a `resize` action, carried out
-- in phases — a running machine is turned off first (`stop`), resized (`resize`) and turned on
-- again (`start`, when `restart`) — towards `plan_id`.
ALTER TABLE service_actions DROP CONSTRAINT service_actions_action_check;
ALTER TABLE service_actions ADD CONSTRAINT service_actions_action_check
    CHECK (action IN ('power_on', 'power_off', 'reboot', 'rebuild', 'delete', 'resize'));
ALTER TABLE service_actions ADD COLUMN plan_id TEXT REFERENCES plans (id);
ALTER TABLE service_actions ADD COLUMN phase TEXT CHECK (phase IN ('stop', 'resize', 'start'));
ALTER TABLE service_actions ADD COLUMN restart BOOLEAN NOT NULL DEFAULT FALSE;

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
    monthly_price BIGINT NOT NULL,
    discount_percent INTEGER NOT NULL,
    -- the paid period the price was for: once the service runs to another date, the
    -- invoice is no longer payable
    period_end TIMESTAMPTZ NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'done', 'failed', 'void')),
    action_id TEXT REFERENCES service_actions (id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_upgrades_service ON service_upgrades (service_id, created_at);
-- One upgrade under way per service.
CREATE UNIQUE INDEX service_upgrades_one_open ON service_upgrades (service_id)
    WHERE status IN ('pending', 'paid');
