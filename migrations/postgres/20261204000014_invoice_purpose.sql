-- Every invoice says what paying it does (app/src/settlement): an `order` invoice opens the
-- order's VPS, a `renewal` invoice runs its service another cycle. `deposit` (wallet
-- top-up) and `upgrade` are reserved for what comes next, so the check need not change.
-- Existing renewal invoices are the ones a renewal points at.
ALTER TABLE invoices ADD COLUMN purpose TEXT NOT NULL DEFAULT 'order'
    CHECK (purpose IN ('order', 'renewal', 'deposit', 'upgrade'));
UPDATE invoices SET purpose = 'renewal' WHERE id IN (SELECT invoice_id FROM service_renewals);
