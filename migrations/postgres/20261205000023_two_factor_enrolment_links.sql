-- Staff accounts turn on two-factor sign-in through a one-time link sent to their address
-- (app/src/accounts/two_factor.rs): a new purpose of the e-mailed account tokens.
ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check;
ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check
    CHECK (purpose IN ('verify_email', 'reset_password', 'enrol_2fa'));
