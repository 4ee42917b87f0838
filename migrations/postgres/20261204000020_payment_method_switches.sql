-- Payment methods staff switched off (app/src/payments/switches.rs), e.g. a bank's virtual
-- accounts during its maintenance. Without a row a method the gateway offers is on.
CREATE TABLE payment_method_switches (
    method TEXT PRIMARY KEY NOT NULL,
    enabled BOOLEAN NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
