-- Ordering and billing (app/src/orders, app/src/promos, app/src/billing). Money is whole
-- rupiah (BIGINT). Orders and invoices keep a snapshot of what was sold, so later catalog
-- changes never alter them.

CREATE TABLE promo_codes (
    id TEXT PRIMARY KEY NOT NULL,
    -- upper case, as customers type it
    code TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')),
    -- percent (1-100) or rupiah, by kind
    amount BIGINT NOT NULL CHECK (amount > 0),
    valid_from TIMESTAMPTZ NOT NULL,
    valid_until TIMESTAMPTZ,
    max_uses INTEGER CHECK (max_uses > 0),
    max_uses_per_customer INTEGER CHECK (max_uses_per_customer > 0),
    uses INTEGER NOT NULL CHECK (uses >= 0),
    -- the order amount after the cycle discount must reach this
    min_order BIGINT NOT NULL CHECK (min_order >= 0),
    -- comma-separated restrictions; empty means any
    provider_slugs TEXT NOT NULL,
    plan_ids TEXT NOT NULL,
    cycles TEXT NOT NULL,
    first_order_only BOOLEAN NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (max_uses IS NULL OR uses <= max_uses)
);

-- Per-customer use counts, raised with a guarded upsert so concurrent checkouts cannot
-- exceed the per-customer limit.
CREATE TABLE promo_customer_uses (
    promo_id TEXT NOT NULL REFERENCES promo_codes (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    uses INTEGER NOT NULL CHECK (uses > 0),
    PRIMARY KEY (promo_id, user_id)
);

CREATE TABLE orders (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('PENDING_PAYMENT', 'PAID', 'PROVISIONING', 'ACTIVE',
        'PROVISIONING_FAILED', 'CANCELLED', 'EXPIRED')),
    provider_slug TEXT NOT NULL REFERENCES providers (slug),
    plan_id TEXT NOT NULL REFERENCES plans (id),
    region_id TEXT NOT NULL REFERENCES regions (id),
    image_id TEXT NOT NULL REFERENCES os_images (id),
    hostname TEXT NOT NULL,
    cycle_months INTEGER NOT NULL CHECK (cycle_months IN (1, 3, 6, 12)),
    plan_name TEXT NOT NULL,
    region_label TEXT NOT NULL,
    image_label TEXT NOT NULL,
    monthly_price BIGINT NOT NULL,
    subtotal BIGINT NOT NULL,
    cycle_discount BIGINT NOT NULL,
    promo_discount BIGINT NOT NULL,
    tax BIGINT NOT NULL,
    total BIGINT NOT NULL CHECK (total >= 0),
    promo_id TEXT REFERENCES promo_codes (id),
    promo_code TEXT,
    -- one order per checkout: a double click or a resent form finds the first
    idempotency_key TEXT NOT NULL,
    payment_due_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, idempotency_key)
);
CREATE INDEX orders_user ON orders (user_id, created_at);
CREATE INDEX orders_status ON orders (status, created_at);

-- The order timeline: every status change and note, with who made it.
CREATE TABLE order_events (
    id TEXT PRIMARY KEY NOT NULL,
    order_id TEXT NOT NULL REFERENCES orders (id),
    occurred_at TIMESTAMPTZ NOT NULL,
    from_status TEXT,
    to_status TEXT,
    actor_id TEXT,
    actor_label TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, occurred_at);

-- The last invoice number handed out per year; taken in the transaction that writes the
-- invoice, so numbers have no gaps and no duplicates.
CREATE TABLE invoice_counters (
    year INTEGER PRIMARY KEY NOT NULL,
    last_number BIGINT NOT NULL
);

CREATE TABLE invoices (
    id TEXT PRIMARY KEY NOT NULL,
    -- INV/2026/000123
    number TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    sequence BIGINT NOT NULL,
    order_id TEXT NOT NULL REFERENCES orders (id),
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
    issued_at TIMESTAMPTZ NOT NULL,
    due_at TIMESTAMPTZ NOT NULL,
    paid_at TIMESTAMPTZ,
    voided_at TIMESTAMPTZ,
    void_reason TEXT,
    replaces_invoice_id TEXT REFERENCES invoices (id),
    UNIQUE (year, sequence)
);
CREATE INDEX invoices_user ON invoices (user_id, issued_at);
CREATE INDEX invoices_order ON invoices (order_id);

CREATE TABLE invoice_lines (
    invoice_id TEXT NOT NULL REFERENCES invoices (id),
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (invoice_id, position)
);

-- A customer's attempt to pay an invoice at a gateway (QR shown, VA number issued …).
CREATE TABLE payment_intents (
    id TEXT PRIMARY KEY NOT NULL,
    invoice_id TEXT NOT NULL REFERENCES invoices (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    gateway TEXT NOT NULL,
    method TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'expired')),
    amount BIGINT NOT NULL,
    -- what the customer pays to: the QR payload or the virtual account number
    pay_to TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX payment_intents_invoice ON payment_intents (invoice_id);

-- Money received. The gateway's transaction id is unique, so a webhook delivered twice
-- records one payment.
CREATE TABLE payments (
    id TEXT PRIMARY KEY NOT NULL,
    invoice_id TEXT NOT NULL REFERENCES invoices (id),
    gateway TEXT NOT NULL,
    gateway_reference TEXT NOT NULL,
    method TEXT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount > 0),
    -- 'applied' paid the invoice; 'unapplied' arrived when the invoice could no longer be
    -- paid (cancelled, expired, already paid) and waits for an admin (refund or credit)
    status TEXT NOT NULL CHECK (status IN ('applied', 'unapplied')),
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    UNIQUE (gateway, gateway_reference)
);
CREATE INDEX payments_invoice ON payments (invoice_id);
