-- Real gateways (app/src/payments): an attempt remembers the gateway's own id for it and
-- the page where the customer pays (Midtrans Snap, a Xendit invoice); empty for the
-- simulated gateway, which shows its own page.
ALTER TABLE payment_intents ADD COLUMN gateway_reference TEXT NOT NULL DEFAULT '';
ALTER TABLE payment_intents ADD COLUMN pay_url TEXT NOT NULL DEFAULT '';

-- Every verified gateway event (webhook or reconciliation), stored before it is acted on and
-- processed by a job. A gateway repeats and reorders its webhooks: one row per gateway and
-- event key (its transaction id and status), so a repeat is acknowledged and ignored.
CREATE TABLE payment_events (
    id TEXT PRIMARY KEY NOT NULL,
    gateway TEXT NOT NULL,
    event_key TEXT NOT NULL,
    -- the gateway's transaction (payment) id
    transaction_id TEXT NOT NULL,
    -- ours: the payment attempt it is about
    intent_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('paid', 'pending', 'failed', 'expired', 'refunded')),
    -- NULL when the gateway sent an amount that is not whole rupiah
    amount BIGINT,
    currency TEXT NOT NULL,
    method TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('webhook', 'reconciliation')),
    -- the body exactly as received
    body TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('received', 'applied', 'unapplied', 'ignored', 'held', 'released', 'dismissed')),
    note TEXT NOT NULL DEFAULT '',
    received_at TIMESTAMPTZ NOT NULL,
    processed_at TIMESTAMPTZ,
    UNIQUE (gateway, event_key)
);
CREATE INDEX payment_events_intent ON payment_events (intent_id);
CREATE INDEX payment_events_outcome ON payment_events (outcome, received_at);
CREATE INDEX payment_intents_pending ON payment_intents (status, created_at);
