-- API keys get scopes, an optional expiry and the address they were last used from
-- (app/src/accounts/scopes.rs). Keys made before could only reach the notifications API,
-- so that is what they keep.
ALTER TABLE api_keys ADD COLUMN scopes TEXT NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN expires_at TEXT;
ALTER TABLE api_keys ADD COLUMN last_used_ip TEXT;
UPDATE api_keys SET scopes = 'notifications:write';
