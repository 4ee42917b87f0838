-- The service lifecycle (app/src/lifecycle): renewal invoices, reminders, suspension for
-- non-payment and termination.

-- Each renewal invoice pays for one more billing cycle of one service. One per service and
-- period, so the sweep that issues them can run any number of times, on any number of
-- instances, and still issue each once.
CREATE TABLE service_renewals (
    invoice_id TEXT PRIMARY KEY NOT NULL REFERENCES invoices (id),
    service_id TEXT NOT NULL REFERENCES services (id),
    -- the expiry this renewal follows on from, and the expiry it gives once paid
    period_start TIMESTAMPTZ NOT NULL,
    period_end TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (service_id, period_start)
);

-- What the lifecycle did to a service in one period (reminders sent, suspended, termination
-- started), each at most once: the primary key is the idempotency guard of its step.
CREATE TABLE service_lifecycle_events (
    service_id TEXT NOT NULL REFERENCES services (id),
    period_start TIMESTAMPTZ NOT NULL,
    event TEXT NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (service_id, period_start, event)
);

-- Why a service is suspended: 'unpaid' (lifted by paying) or 'admin' (lifted by staff),
-- with staff's reason; whether suspending powered the machine off (so lifting it powers
-- the machine on again).
ALTER TABLE services ADD COLUMN suspension TEXT CHECK (suspension IN ('unpaid', 'admin'));
ALTER TABLE services ADD COLUMN suspension_note TEXT;
ALTER TABLE services ADD COLUMN suspended_at TIMESTAMPTZ;
ALTER TABLE services ADD COLUMN suspension_powered_off BOOLEAN NOT NULL DEFAULT FALSE;
-- Set when the machine's deletion was asked for (by the lifecycle or staff): from then on
-- no payment can bring the service back.
ALTER TABLE services ADD COLUMN termination_requested_at TIMESTAMPTZ;
