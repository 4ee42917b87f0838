-- The prepaid wallet (app/src/wallet): one IDR balance per customer and the append-only
-- ledger that explains it. The balance changes only together with a ledger line, in one
-- transaction; the CHECK makes a negative balance impossible whatever the code does.
CREATE TABLE wallets (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
    updated_at TEXT NOT NULL
);
CREATE TABLE wallet_ledger (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('deposit', 'payment', 'refund', 'bonus', 'adjustment')),
    -- signed: credits positive, debits negative
    amount INTEGER NOT NULL CHECK (amount <> 0),
    balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
    -- what the line is for (invoice, gateway transaction, order); one line per kind and reference
    reference TEXT,
    -- who caused it: the customer, a staff member or a component (audit's actor label)
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (kind, reference)
);
CREATE INDEX wallet_ledger_user ON wallet_ledger (user_id, created_at, id);
