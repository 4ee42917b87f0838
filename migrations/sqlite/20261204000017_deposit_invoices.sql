-- Wallet deposits are invoices too (purpose 'deposit'), and a deposit belongs to no order:
-- invoices.order_id becomes optional, required for every other purpose. SQLite cannot drop
-- a NOT NULL, so the table is rebuilt inside the migration's transaction: the rows are
-- copied aside, the table dropped and created anew under its own name (so the tables that
-- reference it keep doing so), and the rows put back. Foreign keys stay on; deferring them
-- lets the references dangle between the drop and the copy back, and the commit checks
-- that every one of them is whole again.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE invoices_copy AS SELECT * FROM invoices;
DROP TABLE invoices;
CREATE TABLE invoices (
    id TEXT PRIMARY KEY NOT NULL,
    -- INV/2026/000123
    number TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    sequence BIGINT NOT NULL,
    -- NULL only for a wallet deposit
    order_id TEXT REFERENCES orders (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('unpaid', 'paid', 'void')),
    customer_name TEXT NOT NULL,
    customer_email TEXT NOT NULL,
    customer_company TEXT NOT NULL,
    customer_address TEXT NOT NULL,
    subtotal BIGINT NOT NULL,
    tax_rate_percent INTEGER NOT NULL,
    tax BIGINT NOT NULL,
    total BIGINT NOT NULL CHECK (total >= 0),
    issued_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    paid_at TEXT,
    voided_at TEXT,
    void_reason TEXT,
    replaces_invoice_id TEXT REFERENCES invoices (id),
    purpose TEXT NOT NULL DEFAULT 'order'
        CHECK (purpose IN ('order', 'renewal', 'deposit', 'upgrade')),
    UNIQUE (year, sequence),
    CHECK (order_id IS NOT NULL OR purpose = 'deposit')
);
INSERT INTO invoices (id, number, year, sequence, order_id, user_id, status, customer_name,
    customer_email, customer_company, customer_address, subtotal, tax_rate_percent, tax, total,
    issued_at, due_at, paid_at, voided_at, void_reason, replaces_invoice_id, purpose)
SELECT id, number, year, sequence, order_id, user_id, status, customer_name,
    customer_email, customer_company, customer_address, subtotal, tax_rate_percent, tax, total,
    issued_at, due_at, paid_at, voided_at, void_reason, replaces_invoice_id, purpose
FROM invoices_copy;
DROP TABLE invoices_copy;
CREATE INDEX invoices_user ON invoices (user_id, issued_at);
CREATE INDEX invoices_order ON invoices (order_id);
