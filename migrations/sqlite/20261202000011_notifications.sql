-- Notifications (app/src/notifications): the in-app inbox, the delivery of each notification
-- to the other channels (e-mail, Telegram), and each user's choices.

-- One notification for one user, rendered in the user's language when it was created.
-- `dedupe_key` makes the same event notify once however often its job runs (NULLs never
-- collide). A deleted notification is kept (for the delivery log) but never shown.
CREATE TABLE in_app_notifications (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    type TEXT NOT NULL,
    title TEXT NOT NULL,
    message TEXT NOT NULL,
    action_url TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    is_read BOOLEAN NOT NULL DEFAULT FALSE,
    read_at TEXT,
    created_at TEXT NOT NULL,
    deleted_at TEXT,
    dedupe_key TEXT,
    UNIQUE (user_id, dedupe_key)
);
CREATE INDEX in_app_notifications_unread ON in_app_notifications (user_id, is_read);
CREATE INDEX in_app_notifications_recent ON in_app_notifications (user_id, created_at);
CREATE INDEX in_app_notifications_age ON in_app_notifications (created_at);

-- The delivery log: one row per notification and outside channel, with its attempts.
CREATE TABLE notification_deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    notification_id TEXT NOT NULL REFERENCES in_app_notifications (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id),
    channel TEXT NOT NULL CHECK (channel IN ('email', 'telegram')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT,
    UNIQUE (notification_id, channel)
);
CREATE INDEX notification_deliveries_status ON notification_deliveries (status, updated_at);

-- A user's choice for one type and channel; without a row the type's default applies.
CREATE TABLE notification_preferences (
    user_id TEXT NOT NULL REFERENCES users (id),
    type TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('in_app', 'email', 'telegram')),
    enabled BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, type, channel)
);

-- Quiet hours (minutes after midnight WIB; outside messages wait until they end) and the
-- linked Telegram chat. A link code is stored as a digest only and expires.
CREATE TABLE notification_settings (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    quiet_start INTEGER,
    quiet_end INTEGER,
    telegram_chat_id TEXT,
    telegram_linked_at TEXT,
    telegram_code_digest TEXT UNIQUE,
    telegram_code_chat_id TEXT,
    telegram_code_expires_at TEXT,
    updated_at TEXT NOT NULL
);

-- Events written inside a transaction (app/src/events): committed with the change that
-- caused them, then relayed to this instance's subscribers and deleted. (PostgreSQL uses
-- NOTIFY, which is transactional by itself.)
CREATE TABLE event_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    payload TEXT NOT NULL
);
