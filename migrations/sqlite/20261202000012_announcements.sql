-- Announcements (app/src/notifications/announcements.rs): written by an admin in both
-- languages, sent to an audience as SYSTEM_ANNOUNCEMENT notifications by a job in batches,
-- and shown as a site-wide banner until they end.
CREATE TABLE announcements (
    id TEXT PRIMARY KEY NOT NULL,
    title_id TEXT NOT NULL,
    title_en TEXT NOT NULL,
    body_id TEXT NOT NULL,
    body_en TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    link TEXT,
    -- 'all' users, customers with 'active' services, or customers of one 'provider'
    audience TEXT NOT NULL CHECK (audience IN ('all', 'active', 'provider')),
    provider_slug TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    -- the banner shows until then (NULL: until a newer announcement replaces it)
    banner_until TEXT,
    -- set when the last batch is written
    sent_at TEXT,
    recipients INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX announcements_recent ON announcements (created_at);
