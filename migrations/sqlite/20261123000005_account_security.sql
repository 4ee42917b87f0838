-- Accounts, part two (app/src/accounts): profile, status, 2FA, tokens, throttling and
-- session metadata.
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN company TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en'));
-- 'deleted' users are anonymised rows kept so invoices still point somewhere.
ALTER TABLE users ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'suspended', 'deleted'));
-- Base32 TOTP secret; set while enrolling, 2FA is on once totp_enabled_at is set.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TEXT;
-- Last accepted TOTP time step: a code is accepted once (RFC 6238 section 5.2).
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- Single-use tokens sent by e-mail. Only a SHA-256 of the token is stored.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    -- The address a verification token confirms (the new one when changing e-mail).
    email TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- One-time 2FA recovery codes (argon2 hashes are overkill for 50-bit random codes: SHA-256).
CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TEXT,
    PRIMARY KEY (user_id, code_hash)
);

-- Failed sign-ins per e-mail address (existing or not, so lockout reveals nothing).
CREATE TABLE login_throttle (
    email TEXT PRIMARY KEY NOT NULL,
    failures BIGINT NOT NULL,
    window_started_at TEXT NOT NULL,
    locked_until TEXT
);

-- Fixed-window request counters shared by all instances (app/src/security/rate_limit.rs).
CREATE TABLE rate_limit_hits (
    bucket TEXT NOT NULL,
    window_start TEXT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

-- Whose session this is, so a user can list and revoke theirs; copied from the session data.
ALTER TABLE sessions ADD COLUMN user_id TEXT;
CREATE INDEX sessions_user ON sessions (user_id);
