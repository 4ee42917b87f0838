-- Wallet deposits are invoices too (purpose 'deposit'), and a deposit belongs to no order:
-- invoices.order_id becomes optional, required for every other purpose.
ALTER TABLE invoices ALTER COLUMN order_id DROP NOT NULL;
ALTER TABLE invoices ADD CONSTRAINT invoices_order_unless_deposit
    CHECK (order_id IS NOT NULL OR purpose = 'deposit');
