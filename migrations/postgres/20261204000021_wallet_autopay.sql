-- A customer may turn off paying renewal invoices from the balance (app/src/wallet); on by
-- default, as before.
ALTER TABLE wallets ADD COLUMN autopay BOOLEAN NOT NULL DEFAULT TRUE;
