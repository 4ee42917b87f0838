//! Two-factor sign-in with TOTP (authenticator apps) and one-time recovery codes.
//!
//! Enrolment: `start` stores a pending secret and the security page shows it as a QR code;
//! `confirm` with a code from the app turns 2FA on and creates ten recovery codes, which the
//! page shows once (they wait in the session until displayed; only digests are stored).
//! Sign-in: after the password, `login_second_factor` takes a TOTP or a recovery code.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::auth::ssr::require_user_row;

/// What the security page shows about 2FA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorOverview {
    pub enabled: bool,
    /// Enrolment started but not confirmed: the secret to scan or type.
    pub pending: Option<PendingEnrollment>,
    /// Recovery codes just created: shown this once.
    pub new_recovery_codes: Vec<String>,
    pub recovery_codes_left: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingEnrollment {
    pub secret: String,
    /// The `otpauth://` URI as an SVG QR code, made by the server.
    pub qr_svg: String,
}

#[server(endpoint = "account/2fa/status")]
pub async fn two_factor_status() -> Result<TwoFactorOverview, AppError> {
    use super::auth::ssr::current_session;
    use super::totp::provisioning_uri;
    use crate::qr::qr_svg;
    let (state, row) = require_user_row().await?;
    let session = current_session().await?;
    let new_recovery_codes = session
        .remove::<Vec<String>>(ssr::NEW_CODES_KEY)
        .await
        .map_err(AppError::internal)?
        .unwrap_or_default();
    let pending = match (&row.totp_secret, row.totp_enabled_at) {
        (Some(secret), None) => Some(PendingEnrollment {
            secret: secret.clone(),
            qr_svg: qr_svg(&provisioning_uri(secret, &row.email))
                .ok_or_else(|| AppError::internal("QR code"))?,
        }),
        _ => None,
    };
    Ok(TwoFactorOverview {
        enabled: row.totp_enabled_at.is_some(),
        pending,
        new_recovery_codes,
        recovery_codes_left: ssr::recovery_codes_left(&state.db, &row.id)
            .await
            .map_err(AppError::internal)?,
    })
}

/// Starts enrolment: a new secret, not yet active.
#[server(endpoint = "account/2fa/start")]
pub async fn start_two_factor() -> Result<(), AppError> {
    let (state, row) = require_user_row().await?;
    if row.totp_enabled_at.is_some() {
        return Err(AppError::Conflict("two-factor sign-in is already on".into()).with_status());
    }
    ssr::set_secret(&state, &row.id, Some(&super::totp::new_secret()))
        .await
        .map_err(AppError::internal)?;
    leptos_axum::redirect("/account/security");
    Ok(())
}

/// Confirms enrolment with a code from the app: 2FA is on and recovery codes are created.
#[server(endpoint = "account/2fa/confirm")]
pub async fn confirm_two_factor(code: String) -> Result<(), AppError> {
    use super::auth::ssr::current_session;
    use super::totp::matching_step;
    use super::validation::field_error;
    use crate::audit::{Actor, AuditAction, AuditEntry};
    use crate::ui::FormText;

    let (state, row) = require_user_row().await?;
    let secret = match (&row.totp_secret, row.totp_enabled_at) {
        (Some(secret), None) => secret.clone(),
        _ => return Err(AppError::Conflict("no enrolment in progress".into()).with_status()),
    };
    if matching_step(&secret, &code, state.clock.now()).is_none() {
        return Err(field_error("code", FormText::CodeInvalid));
    }
    let codes = ssr::enable(
        &state,
        &row,
        AuditEntry::new(Actor::user(&row.id, &row.email), AuditAction::TwoFactorEnabled),
    )
    .await?;
    let session = current_session().await?;
    // A privilege change: new session id.
    session.cycle_id().await.map_err(AppError::internal)?;
    session
        .insert(ssr::NEW_CODES_KEY, codes)
        .await
        .map_err(AppError::internal)?;
    leptos_axum::redirect("/account/security");
    Ok(())
}

/// Turns 2FA off; needs the password and a current code (or a recovery code). Guarded like
/// signing in: limited per client, failures count towards the account's lockout, and one
/// answer for a wrong password or a wrong code (so neither can be guessed on its own).
#[server(endpoint = "account/2fa/disable")]
pub async fn disable_two_factor(password: String, code: String) -> Result<(), AppError> {
    use super::auth::ssr::{ensure_not_locked, failed_sign_in, throttle_client};
    use super::password::verify_password;
    use super::validation::field_error;
    use crate::audit::{Actor, AuditAction, AuditEntry};
    use crate::ui::FormText;

    let (state, row) = require_user_row().await?;
    if row.totp_enabled_at.is_none() {
        return Ok(());
    }
    let ip = throttle_client(&state).await?;
    ensure_not_locked(&state, &row.email).await?;
    // The code is only tried with the right password: a recovery code is used up when it
    // matches, and must not be spent by someone who does not know the password.
    let confirmed = verify_password(password, row.password_hash.clone()).await
        && ssr::check_second_factor(&state, &row, &code).await?;
    if !confirmed {
        let details = serde_json::json!({ "email": row.email, "step": "2fa_disable" });
        return Err(failed_sign_in(
            &state,
            &row.email,
            Actor::user(&row.id, &row.email),
            ip,
            details,
            field_error("code", FormText::PasswordOrCodeWrong),
        )
        .await);
    }
    ssr::disable(
        &state,
        &row,
        AuditEntry::new(Actor::user(&row.id, &row.email), AuditAction::TwoFactorDisabled),
    )
    .await?;
    leptos_axum::redirect("/account/security");
    Ok(())
}

/// The second sign-in step: a code from the authenticator app, or a recovery code.
#[server(endpoint = "auth/login-2fa")]
pub async fn login_second_factor(code: String) -> Result<super::User, AppError> {
    use super::auth::ssr::{
        PENDING_LOGIN_KEY, PendingLogin, current_session, ensure_not_locked, failed_sign_in, start_session,
        throttle_client,
    };
    use super::store::find_by_id;
    use super::throttle;
    use super::validation::field_error;
    use crate::audit::{Actor, AuditAction, AuditEntry};
    use crate::ui::FormText;

    let state = crate::state::AppState::from_context()?;
    let ip = throttle_client(&state).await?;
    let session = current_session().await?;
    let pending: Option<PendingLogin> = session.get(PENDING_LOGIN_KEY).await.map_err(AppError::internal)?;
    let pending = pending
        .filter(|pending| state.clock.now() - pending.started_at < chrono::Duration::minutes(10))
        .ok_or_else(|| AppError::Unauthorized.with_status())?;
    let row = find_by_id(&state.db, &pending.user_id)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(|| AppError::Unauthorized.with_status())?;
    ensure_not_locked(&state, &row.email).await?;
    if !ssr::check_second_factor(&state, &row, &code).await? {
        let details = serde_json::json!({ "email": row.email, "step": "2fa" });
        let wrong = field_error("code", FormText::CodeInvalid);
        return Err(failed_sign_in(
            &state,
            &row.email,
            Actor::user(&row.id, &row.email),
            ip,
            details,
            wrong,
        )
        .await);
    }
    let clock = state.clock.as_ref();
    session
        .remove_value(PENDING_LOGIN_KEY)
        .await
        .map_err(AppError::internal)?;
    let user = row.to_user();
    start_session(&state, &session, &user, pending.remember, ip).await?;
    throttle::clear(&state.db, &row.email)
        .await
        .map_err(AppError::internal)?;
    let entry = AuditEntry::new(Actor::user(&row.id, &row.email), AuditAction::LoginSucceeded)
        .ip(ip.to_string())
        .details(serde_json::json!({ "email": row.email, "second_factor": true }));
    crate::audit::record(&state.db, clock, entry)
        .await
        .map_err(AppError::internal)?;
    leptos_axum::redirect(crate::url::safe_next(&pending.next, "/"));
    Ok(user)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::accounts::store::UserRow;
    use crate::accounts::totp::matching_step;
    use crate::audit::{AuditEntry, record_in};
    use crate::db::Db;
    use crate::error::AppError;
    use crate::security::tokens::{digest, new_base32_secret};
    use crate::state::AppState;
    use crate::{on_db, on_tx};

    /// Session key of recovery codes waiting to be shown once.
    pub const NEW_CODES_KEY: &str = "new_recovery_codes";
    const RECOVERY_CODES: usize = 10;

    pub async fn set_secret(
        state: &AppState,
        user_id: &crate::ids::UserId,
        secret: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        crate::accounts::store::set_totp(&state.db, state.clock.as_ref(), user_id, secret, false).await
    }

    /// A recovery code as shown: `XXXXX-XXXXX` (50 random bits, base32).
    fn new_recovery_code() -> String {
        let raw = new_base32_secret(7);
        format!("{}-{}", &raw[..5], &raw[5..10])
    }

    /// The stored form of a recovery code: case, spaces and dashes do not matter.
    fn recovery_digest(code: &str) -> String {
        let normal: String = code
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        digest(&normal)
    }

    /// Turns 2FA on, replacing any recovery codes; returns the new codes.
    pub async fn enable(state: &AppState, row: &UserRow, entry: AuditEntry) -> Result<Vec<String>, AppError> {
        let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
        write(state, row, true, &codes, entry).await?;
        Ok(codes)
    }

    /// Turns 2FA off and deletes the secret and the recovery codes.
    pub async fn disable(state: &AppState, row: &UserRow, entry: AuditEntry) -> Result<(), AppError> {
        write(state, row, false, &[], entry).await
    }

    /// Switches 2FA on or off with the given recovery codes and the audit entry, atomically.
    async fn write(
        state: &AppState,
        row: &UserRow,
        on: bool,
        codes: &[String],
        entry: AuditEntry,
    ) -> Result<(), AppError> {
        let now = state.clock.now();
        let switch = if on {
            "UPDATE users SET totp_enabled_at = $1, updated_at = $1 WHERE id = $2"
        } else {
            "UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, updated_at = $1 \
             WHERE id = $2"
        };
        let mut tx = state.db.begin().await.map_err(AppError::internal)?;
        let result: Result<(), sqlx::Error> = async {
            on_tx!(&mut tx, conn => {
                sqlx::query(switch).bind(now).bind(&row.id).execute(&mut *conn).await.map(|_| ())
            })?;
            on_tx!(&mut tx, conn => {
                sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(&row.id).execute(&mut *conn).await.map(|_| ())
            })?;
            for code in codes {
                on_tx!(&mut tx, conn => {
                    sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                        .bind(&row.id)
                        .bind(recovery_digest(code))
                        .execute(&mut *conn)
                        .await
                        .map(|_| ())
                })?;
            }
            record_in(&mut tx, state.clock.as_ref(), entry.target("user", &row.id)).await?;
            Ok(())
        }
        .await;
        result.map_err(AppError::internal)?;
        tx.commit().await.map_err(AppError::internal)
    }

    pub async fn recovery_codes_left(db: &Db, user_id: &crate::ids::UserId) -> Result<i64, sqlx::Error> {
        on_db!(db, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
                .bind(user_id)
                .fetch_one(pool)
                .await
        })
    }

    /// Checks a second factor: a TOTP code (each accepted once, RFC 6238 section 5.2) or an
    /// unused recovery code (used up by this call).
    pub async fn check_second_factor(state: &AppState, row: &UserRow, code: &str) -> Result<bool, AppError> {
        let Some(secret) = row
            .totp_secret
            .as_deref()
            .filter(|_| row.totp_enabled_at.is_some())
        else {
            return Ok(false);
        };
        let now = state.clock.now();
        if let Some(step) = matching_step(secret, code, now) {
            // Only a step later than the last accepted one: a seen code cannot be replayed.
            let accepted = on_db!(&state.db, pool => {
                sqlx::query(
                    "UPDATE users SET totp_last_step = $1 WHERE id = $2 \
                     AND (totp_last_step IS NULL OR totp_last_step < $1)",
                )
                .bind(step)
                .bind(&row.id)
                .execute(pool)
                .await
                .map(|done| done.rows_affected() == 1)
            })
            .map_err(AppError::internal)?;
            return Ok(accepted);
        }
        let used = on_db!(&state.db, pool => {
            sqlx::query(
                "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
            )
            .bind(now)
            .bind(&row.id)
            .bind(recovery_digest(code))
            .execute(pool)
            .await
            .map(|done| done.rows_affected() == 1)
        })
        .map_err(AppError::internal)?;
        Ok(used)
    }
}
