-- One press at a time opens a payment attempt for an invoice. Two presses at the same moment
-- would both find no open attempt and both ask the gateway; the first takes this lease, the
-- other waits for the attempt it opens (app/src/payments/checkout_lock.rs). A lease, not a
-- transaction: nothing is held open across the gateway's HTTP call, and a lease left by a
-- crashed instance runs out by itself.
CREATE TABLE checkout_locks (
    invoice_id TEXT PRIMARY KEY NOT NULL REFERENCES invoices (id),
    holder TEXT NOT NULL,
    locked_until TEXT NOT NULL
);
