-- Sign-in lockout per (e-mail address, client) instead of per address alone, so nobody can
-- keep another person (an admin) locked out by failing on purpose from elsewhere
-- (app/src/accounts/throttle.rs). The counters are short-lived: starting afresh is safe.
DROP TABLE login_throttle;
CREATE TABLE login_throttle (
    email TEXT NOT NULL,
    -- ClientIp::bucket(): the IPv4 address, or the IPv6 /64.
    client TEXT NOT NULL,
    failures BIGINT NOT NULL,
    window_started_at TEXT NOT NULL,
    locked_until TEXT,
    PRIMARY KEY (email, client)
);
