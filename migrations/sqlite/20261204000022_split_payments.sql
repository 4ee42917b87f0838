-- Paying an invoice from the balance first and the rest through a gateway (app/src/settlement):
-- the rest is a deposit invoice that, once paid, tops the balance up and pays the invoice it
-- names from the balance, in the same transaction.
ALTER TABLE invoices ADD COLUMN pays_invoice_id TEXT REFERENCES invoices (id);
