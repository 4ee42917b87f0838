-- Credit notes (app/src/billing/credit_notes.rs): an invoice stays as issued; money given
-- back for it is a document of its own, numbered per year without gaps like invoices.
-- One credit note per invoice (a refund is of the whole invoice).
CREATE TABLE credit_note_counters (
    year INTEGER PRIMARY KEY NOT NULL,
    last_number BIGINT NOT NULL
);
CREATE TABLE credit_notes (
    id TEXT PRIMARY KEY NOT NULL,
    -- CN/2026/000001
    number TEXT NOT NULL UNIQUE,
    invoice_id TEXT NOT NULL UNIQUE REFERENCES invoices (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    amount BIGINT NOT NULL CHECK (amount > 0),
    -- where the money went: the customer's balance, or back through the gateway (done by staff)
    method TEXT NOT NULL CHECK (method IN ('wallet', 'gateway')),
    -- the gateway's refund reference (method 'gateway')
    reference TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    issued_at TEXT NOT NULL
);
CREATE INDEX credit_notes_user ON credit_notes (user_id, issued_at);
