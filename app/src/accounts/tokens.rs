//! Single-use, expiring tokens sent by e-mail (verification, password reset, staff 2FA
//! enrolment). The link
//! carries the token; the table keeps only its digest.

use crate::clock::Clock;
use crate::db::Tx;
use crate::ids::UserId;
use crate::on_tx;
use crate::security::tokens::{digest, new_url_token};
use chrono::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
    /// Lets a staff account turn on two-factor sign-in (proves the mailbox, not just the
    /// password; see `two_factor.rs`).
    EnrolTwoFactor,
}

impl TokenPurpose {
    fn code(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify_email",
            TokenPurpose::ResetPassword => "reset_password",
            TokenPurpose::EnrolTwoFactor => "enrol_2fa",
        }
    }

    /// How long a link stays valid.
    pub fn lifetime(self) -> Duration {
        match self {
            TokenPurpose::VerifyEmail => Duration::hours(24),
            TokenPurpose::ResetPassword => Duration::hours(1),
            TokenPurpose::EnrolTwoFactor => Duration::hours(72),
        }
    }
}

/// What a consumed token was issued for.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RedeemedToken {
    pub user_id: UserId,
    pub email: String,
}

/// Creates a token for `user_id` and returns it (the only time it exists in plain text).
pub async fn issue(
    tx: &mut Tx,
    clock: &dyn Clock,
    user_id: &UserId,
    purpose: TokenPurpose,
    email: &str,
) -> Result<String, sqlx::Error> {
    let token = new_url_token();
    let now = clock.now();
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO account_tokens (token_hash, user_id, purpose, email, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(digest(&token))
        .bind(user_id)
        .bind(purpose.code())
        .bind(email)
        .bind(now)
        .bind(now + purpose.lifetime())
        .execute(&mut *conn)
        .await
        .map(|_| ())
    })?;
    Ok(token)
}

/// Uses a token: succeeds once, while unexpired, for its purpose only. Two concurrent uses
/// cannot both succeed (the `used_at IS NULL` condition is checked by the same UPDATE).
pub async fn redeem(
    tx: &mut Tx,
    clock: &dyn Clock,
    token: &str,
    purpose: TokenPurpose,
) -> Result<Option<RedeemedToken>, sqlx::Error> {
    let now = clock.now();
    on_tx!(tx, conn => {
        sqlx::query_as::<_, RedeemedToken>(
            "UPDATE account_tokens SET used_at = $1 \
             WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 \
             RETURNING user_id, email",
        )
        .bind(now)
        .bind(digest(token.trim()))
        .bind(purpose.code())
        .fetch_optional(&mut *conn)
        .await
    })
}

/// What an unused, unexpired token is for, without using it up.
pub async fn peek(
    db: &crate::db::Db,
    clock: &dyn Clock,
    token: &str,
    purpose: TokenPurpose,
) -> Result<Option<RedeemedToken>, sqlx::Error> {
    let now = clock.now();
    crate::on_db!(db, pool => {
        sqlx::query_as::<_, RedeemedToken>(
            "SELECT user_id, email FROM account_tokens \
             WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(digest(token.trim()))
        .bind(purpose.code())
        .bind(now)
        .fetch_optional(pool)
        .await
    })
}

/// Voids every unused token of `purpose` for a user (e.g. the other reset links once one
/// was used, or pending verifications when the address changes again).
pub async fn void_all(
    tx: &mut Tx,
    clock: &dyn Clock,
    user_id: &UserId,
    purpose: TokenPurpose,
) -> Result<(), sqlx::Error> {
    let now = clock.now();
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE account_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .bind(purpose.code())
        .execute(&mut *conn)
        .await
        .map(|_| ())
    })
}
