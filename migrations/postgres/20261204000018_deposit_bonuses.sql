-- Deposit bonuses (app/src/wallet/bonuses.rs): extra balance for a top-up from a threshold
-- within dates, percent or fixed and capped. Credited as its own 'bonus' ledger line when
-- the deposit is paid; the best bonus that was on when the deposit was opened applies.
CREATE TABLE deposit_bonuses (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')),
    -- percent (1-100) or rupiah, by kind
    amount BIGINT NOT NULL CHECK (amount > 0),
    -- the most one deposit earns; NULL = no cap
    cap BIGINT CHECK (cap > 0),
    min_deposit BIGINT NOT NULL CHECK (min_deposit >= 0),
    valid_from TIMESTAMPTZ NOT NULL,
    valid_until TIMESTAMPTZ,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
