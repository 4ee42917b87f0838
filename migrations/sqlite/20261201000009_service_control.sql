-- Root passwords, sealed with the order id as owner: chosen by the provisioning task before
-- the instance is created (a retry reuses it), kept on the service for its owner to reveal.
ALTER TABLE provisioning_tasks ADD COLUMN root_password_sealed TEXT;
ALTER TABLE services ADD COLUMN root_password_sealed TEXT;
-- The simulated cloud remembers the password it was given, as a real machine would.
ALTER TABLE simulated_instances ADD COLUMN root_password TEXT;

-- Customer actions on a service (app/src/services): power, reboot, rebuild, delete. Each is
-- carried out by a job; the row is what the control panel shows while it runs.
CREATE TABLE service_actions (
    id TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL REFERENCES services (id),
    action TEXT NOT NULL CHECK (action IN ('power_on', 'power_off', 'reboot', 'rebuild', 'delete')),
    -- rebuild: the catalog image to install
    image_id TEXT REFERENCES os_images (id),
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    -- status checks made while waiting for the provider to finish
    checks INTEGER NOT NULL DEFAULT 0,
    -- the provider's error, for staff; customers see that it failed
    error TEXT,
    -- rebuild: the new system's root password, sealed (app/src/security/sealed.rs) with the
    -- order id as owner, set before the provider is asked
    root_password_sealed TEXT,
    -- NULL when the system acted (lifecycle jobs)
    requested_by TEXT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX service_actions_service ON service_actions (service_id, created_at);
-- One action at a time per service: a double click or a second tab gets a clear refusal.
CREATE UNIQUE INDEX service_actions_one_open ON service_actions (service_id)
    WHERE status IN ('queued', 'running');

-- The dashboard lists a customer's services newest first: the index serves that order
-- whole, id included as the tie-break.
DROP INDEX services_user;
CREATE INDEX services_user ON services (user_id, created_at, id);
