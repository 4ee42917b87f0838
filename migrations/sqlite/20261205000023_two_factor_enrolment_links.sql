-- Staff accounts turn on two-factor sign-in through a one-time link sent to their address
-- (app/src/accounts/two_factor.rs): a new purpose of the e-mailed account tokens. SQLite
-- cannot change a CHECK constraint, so the table is rebuilt (nothing references it).
CREATE TABLE account_tokens_new (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'enrol_2fa')),
    -- The address a verification token confirms (the new one when changing e-mail).
    email TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
INSERT INTO account_tokens_new (token_hash, user_id, purpose, email, created_at, expires_at, used_at)
    SELECT token_hash, user_id, purpose, email, created_at, expires_at, used_at FROM account_tokens;
DROP TABLE account_tokens;
ALTER TABLE account_tokens_new RENAME TO account_tokens;
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);
