-- Provisioning (app/src/provisioning): one task per paid order that creates the VPS at
-- the provider, the customer's services, and the simulated cloud's own state.

-- The work of turning a paid order into a running VPS. `tag` is put on the provider's
-- instance so a retry after a crash finds it instead of creating a second one.
CREATE TABLE provisioning_tasks (
    order_id TEXT PRIMARY KEY NOT NULL REFERENCES orders (id),
    tag TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('queued', 'creating', 'waiting', 'done', 'failed')),
    provider_instance_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    -- the last error, for admins; never shown to customers
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX provisioning_tasks_status ON provisioning_tasks (status, updated_at);

-- A customer's VPS, created when provisioning succeeds.
CREATE TABLE services (
    id TEXT PRIMARY KEY NOT NULL,
    order_id TEXT NOT NULL UNIQUE REFERENCES orders (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    provider_slug TEXT NOT NULL REFERENCES providers (slug),
    plan_id TEXT NOT NULL REFERENCES plans (id),
    region_id TEXT NOT NULL REFERENCES regions (id),
    image_id TEXT NOT NULL REFERENCES os_images (id),
    hostname TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'TERMINATED')),
    -- the provider's last reported state (running, off, busy, rebuilding …)
    power_state TEXT NOT NULL,
    provider_instance_id TEXT NOT NULL,
    ipv4 TEXT,
    ipv6 TEXT,
    cycle_months INTEGER NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX services_user ON services (user_id, created_at);
CREATE INDEX services_status ON services (status, expires_at);

-- The simulated cloud (the default provider): its instances and planned failures.
CREATE TABLE simulated_instances (
    id TEXT PRIMARY KEY NOT NULL,
    tag TEXT NOT NULL,
    hostname TEXT NOT NULL,
    region TEXT NOT NULL,
    size TEXT NOT NULL,
    image TEXT NOT NULL,
    state TEXT NOT NULL,
    -- while an action runs: the state it ends in, and when
    target_state TEXT,
    busy_until TIMESTAMPTZ,
    ipv4 TEXT NOT NULL,
    ipv6 TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX simulated_instances_tag ON simulated_instances (tag);

CREATE TABLE simulated_faults (
    kind TEXT PRIMARY KEY NOT NULL,
    remaining INTEGER NOT NULL CHECK (remaining >= 0)
);
