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
    /// Enrolment started in this session but not confirmed: the secret to scan or type.
    pub pending: Option<PendingEnrollment>,
    /// Recovery codes just created: shown this once.
    pub new_recovery_codes: Vec<String>,
    pub recovery_codes_left: i64,
    /// A staff account turns 2FA on only with a one-time link sent to its address.
    pub needs_link: bool,
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
    let new_recovery_codes = ssr::take_new_codes(&state, &session, &row.id).await?;
    let pending = match (ssr::enrolling_here(&session, &row.id).await?, row.totp_enabled_at) {
        (true, None) => match ssr::secret(&state, &row)? {
            Some(secret) => Some(PendingEnrollment {
                qr_svg: qr_svg(&provisioning_uri(&secret, &row.email))
                    .ok_or_else(|| AppError::internal("QR code"))?,
                secret,
            }),
            None => None,
        },
        _ => None,
    };
    let user = row.to_user();
    Ok(TwoFactorOverview {
        enabled: user.two_factor_enabled,
        needs_link: user.has_staff_role() && !user.two_factor_enabled,
        pending,
        new_recovery_codes,
        recovery_codes_left: ssr::recovery_codes_left(&state.db, &row.id)
            .await
            .map_err(AppError::internal)?,
    })
}

/// Starts enrolment in this session: a new secret, not yet active, shown only here. Needs
/// the password again (a stolen session alone cannot enrol its own authenticator), and for
/// staff the one-time link from their e-mail (a stolen staff password alone cannot either).
#[server(endpoint = "account/2fa/start")]
pub async fn start_two_factor(
    current_password: String,
    /// The token of the enrolment link (staff only).
    #[server(default)]
    token: String,
) -> Result<(), AppError> {
    use super::auth::ssr::current_session;
    use super::profile::ssr::reauthenticate;
    use super::tokens::{TokenPurpose, redeem};
    use super::validation::field_error;
    use crate::ui::{FormText, form::WHOLE_FORM};

    let (state, row) = reauthenticate(current_password).await?;
    let user = row.to_user();
    if user.two_factor_enabled {
        return Err(AppError::Conflict("two-factor sign-in is already on".into()).with_status());
    }
    if user.has_staff_role() {
        let mut tx = state.db.begin().await.map_err(AppError::internal)?;
        let redeemed = redeem(
            &mut tx,
            state.clock.as_ref(),
            &token,
            TokenPurpose::EnrolTwoFactor,
        )
        .await
        .map_err(AppError::internal)?;
        if redeemed.is_none_or(|link| link.user_id != row.id) {
            // Dropping the transaction keeps someone else's link unused.
            return Err(field_error(WHOLE_FORM, FormText::EnrolmentLinkInvalid));
        }
        tx.commit().await.map_err(AppError::internal)?;
    }
    ssr::set_secret(&state, &row.id, Some(&super::totp::new_secret()))
        .await
        .map_err(AppError::internal)?;
    current_session()
        .await?
        .insert(ssr::ENROLLING_KEY, &row.id)
        .await
        .map_err(AppError::internal)?;
    leptos_axum::redirect("/account/security");
    Ok(())
}

/// Sends a staff member without 2FA the one-time link that lets them turn it on.
#[server(endpoint = "account/2fa/send-link")]
pub async fn send_enrolment_link() -> Result<(), AppError> {
    use super::auth::ssr::throttle_client;
    use super::emails::{AccountMailKind, queue_alone};
    let (state, row) = require_user_row().await?;
    let user = row.to_user();
    if !user.has_staff_role() || user.two_factor_enabled {
        return Err(AppError::Conflict("no enrolment link is needed".into()).with_status());
    }
    throttle_client(&state).await?;
    queue_alone(
        &state.db,
        state.clock.clone(),
        AccountMailKind::TwoFactorEnrolment,
        &row.id,
        &row.email,
    )
    .await
    .map_err(AppError::internal)?;
    leptos_axum::redirect("/account/security?required=1&link=sent");
    Ok(())
}

/// Confirms enrolment with a code from the app: 2FA is on, recovery codes are created, this
/// session counts as signed in with the second factor and every other session of the
/// account is signed out (they got in with the password alone).
#[server(endpoint = "account/2fa/confirm")]
pub async fn confirm_two_factor(code: String) -> Result<(), AppError> {
    use super::auth::ssr::{current_session, mark_second_factor};
    use super::totp::matching_step;
    use super::validation::field_error;
    use crate::audit::{Actor, AuditAction, AuditEntry};
    use crate::ui::FormText;

    let (state, row) = require_user_row().await?;
    let session = current_session().await?;
    let secret = match (ssr::enrolling_here(&session, &row.id).await?, row.totp_enabled_at) {
        (true, None) => ssr::secret(&state, &row)?,
        _ => None,
    }
    .ok_or_else(|| AppError::Conflict("no enrolment in progress".into()).with_status())?;
    if matching_step(&secret, &code, state.clock.now()).is_none() {
        return Err(field_error("code", FormText::CodeInvalid));
    }
    let this_session = session.id().map(|id| id.to_string());
    let codes = ssr::enable(
        &state,
        &row,
        this_session.as_deref(),
        AuditEntry::new(Actor::user(&row.id, &row.email), AuditAction::TwoFactorEnabled),
    )
    .await?;
    session
        .remove_value(ssr::ENROLLING_KEY)
        .await
        .map_err(AppError::internal)?;
    mark_second_factor(&session).await?;
    // A privilege change: new session id.
    session.cycle_id().await.map_err(AppError::internal)?;
    ssr::keep_new_codes(&state, &session, &row.id, &codes).await?;
    leptos_axum::redirect("/account/security");
    Ok(())
}

/// Turns 2FA off; needs the password and a current code (or a recovery code). Guarded like
/// signing in: limited per client, failures count towards the account's lockout, and one
/// answer for a wrong password or a wrong code (so neither can be guessed on its own). The
/// account's other sessions are signed out.
#[server(endpoint = "account/2fa/disable")]
pub async fn disable_two_factor(password: String, code: String) -> Result<(), AppError> {
    use super::auth::ssr::{ensure_not_locked, failed_step, throttle_client};
    use super::password::verify_password;
    use super::validation::field_error;
    use crate::audit::{Actor, AuditAction, AuditEntry};
    use crate::ui::FormText;

    let (state, row) = require_user_row().await?;
    if row.totp_enabled_at.is_none() {
        return Ok(());
    }
    let ip = throttle_client(&state).await?;
    ensure_not_locked(&state, &row.email, ip).await?;
    // The code is only tried with the right password: a recovery code is used up when it
    // matches, and must not be spent by someone who does not know the password.
    let confirmed = verify_password(password, row.password_hash.clone()).await
        && ssr::check_second_factor(&state, &row, &code).await?;
    if !confirmed {
        let wrong = field_error("code", FormText::PasswordOrCodeWrong);
        return Err(failed_step(&state, &row, ip, "2fa_disable", wrong).await);
    }
    let this_session = super::auth::ssr::current_session()
        .await?
        .id()
        .map(|id| id.to_string());
    ssr::disable(
        &state,
        &row,
        this_session.as_deref(),
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
        PENDING_LOGIN_KEY, PendingLogin, current_session, ensure_not_locked, failed_step, start_session,
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
    ensure_not_locked(&state, &row.email, ip).await?;
    if !ssr::check_second_factor(&state, &row, &code).await? {
        let wrong = field_error("code", FormText::CodeInvalid);
        return Err(failed_step(&state, &row, ip, "2fa", wrong).await);
    }
    let clock = state.clock.as_ref();
    session
        .remove_value(PENDING_LOGIN_KEY)
        .await
        .map_err(AppError::internal)?;
    let user = super::User {
        second_factor_passed: true,
        ..row.to_user()
    };
    start_session(&state, &session, &user, pending.remember, true, ip).await?;
    throttle::clear(&state.db, &row.email, &ip.bucket())
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
    use crate::accounts::sessions::revoke_for_user;
    use crate::accounts::store::{UserRow, open_totp_secret, set_totp};
    use crate::accounts::totp::matching_step;
    use crate::audit::{AuditEntry, record_in};
    use crate::db::Db;
    use crate::error::AppError;
    use crate::ids::UserId;
    use crate::security::tokens::{digest, new_base32_secret};
    use crate::state::AppState;
    use crate::{on_db, on_tx};
    use tower_sessions::Session;

    /// Session key of recovery codes waiting to be shown once (sealed: the session row is
    /// in the database too).
    pub const NEW_CODES_KEY: &str = "new_recovery_codes";
    /// Session key naming the user who started enrolment in this session: the pending
    /// secret is shown, and can be confirmed, only here.
    pub const ENROLLING_KEY: &str = "enrolling_2fa";
    const RECOVERY_CODES: usize = 10;
    const RECOVERY_DIGEST: &str = "recovery-code";

    pub async fn set_secret(
        state: &AppState,
        user_id: &UserId,
        secret: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        set_totp(
            &state.db,
            state.clock.as_ref(),
            &state.secrets,
            user_id,
            secret,
            false,
        )
        .await
    }

    /// The user's TOTP secret, unsealed.
    pub fn secret(state: &AppState, row: &UserRow) -> Result<Option<String>, AppError> {
        open_totp_secret(&state.secrets, row).map_err(AppError::internal)
    }

    /// Whether this session started the user's pending enrolment.
    pub async fn enrolling_here(session: &Session, user_id: &UserId) -> Result<bool, AppError> {
        let enrolling: Option<UserId> = session.get(ENROLLING_KEY).await.map_err(AppError::internal)?;
        Ok(enrolling.as_ref() == Some(user_id))
    }

    /// Keeps new recovery codes in the session, sealed, until the page has shown them.
    pub async fn keep_new_codes(
        state: &AppState,
        session: &Session,
        user_id: &UserId,
        codes: &[String],
    ) -> Result<(), AppError> {
        let sealed = state.secrets.seal(&codes.join(" "), &new_codes_owner(user_id));
        session
            .insert(NEW_CODES_KEY, sealed)
            .await
            .map_err(AppError::internal)
    }

    /// The recovery codes waiting to be shown, once.
    pub async fn take_new_codes(
        state: &AppState,
        session: &Session,
        user_id: &UserId,
    ) -> Result<Vec<String>, AppError> {
        let sealed: Option<String> = session.remove(NEW_CODES_KEY).await.map_err(AppError::internal)?;
        let Some(sealed) = sealed else {
            return Ok(Vec::new());
        };
        let codes = state
            .secrets
            .open(&sealed, &new_codes_owner(user_id))
            .map_err(AppError::internal)?;
        Ok(codes.split(' ').map(str::to_string).collect())
    }

    fn new_codes_owner(user_id: &UserId) -> String {
        format!("recovery-codes:{user_id}")
    }

    /// A recovery code as shown: `XXXXX-XXXXX` (50 random bits, base32).
    fn new_recovery_code() -> String {
        let raw = new_base32_secret(7);
        format!("{}-{}", &raw[..5], &raw[5..10])
    }

    /// Case, spaces and dashes of a typed recovery code do not matter.
    fn normal_code(code: &str) -> String {
        code.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect()
    }

    /// The stored form of a recovery code: keyed with the server key, so a leaked table
    /// cannot be searched offline for the 50-bit codes.
    fn recovery_digest(state: &AppState, code: &str) -> String {
        state.secrets.keyed_digest(RECOVERY_DIGEST, &normal_code(code))
    }

    /// Turns 2FA on, replacing any recovery codes, and signs out every session of the user
    /// but `keep`; returns the new codes.
    pub async fn enable(
        state: &AppState,
        row: &UserRow,
        keep: Option<&str>,
        entry: AuditEntry,
    ) -> Result<Vec<String>, AppError> {
        let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
        write(state, row, true, &codes, keep, entry).await?;
        Ok(codes)
    }

    /// Turns 2FA off, deletes the secret and the recovery codes, and signs out every session
    /// of the user but `keep`.
    pub async fn disable(
        state: &AppState,
        row: &UserRow,
        keep: Option<&str>,
        entry: AuditEntry,
    ) -> Result<(), AppError> {
        write(state, row, false, &[], keep, entry).await
    }

    /// Switches 2FA on or off with the given recovery codes, the sign-out of the other
    /// sessions and the audit entry, atomically.
    async fn write(
        state: &AppState,
        row: &UserRow,
        on: bool,
        codes: &[String],
        keep: Option<&str>,
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
                        .bind(recovery_digest(state, code))
                        .execute(&mut *conn)
                        .await
                        .map(|_| ())
                })?;
            }
            revoke_for_user(&mut tx, &row.id, keep).await?;
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
        if row.totp_enabled_at.is_none() {
            return Ok(false);
        }
        let Some(secret) = secret(state, row)? else {
            return Ok(false);
        };
        let now = state.clock.now();
        if let Some(step) = matching_step(&secret, code, now) {
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
        // Stored under the current key, a previous one (during a key rotation) or, for codes
        // made before digests were keyed, as a plain SHA-256: each still works once.
        let normal = normal_code(code);
        let mut stored = state.secrets.keyed_digests(RECOVERY_DIGEST, &normal);
        stored.push(digest(&normal));
        let mut used = false;
        for code_hash in stored {
            used = on_db!(&state.db, pool => {
                sqlx::query(
                    "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
                )
                .bind(now)
                .bind(&row.id)
                .bind(code_hash)
                .execute(pool)
                .await
                .map(|done| done.rows_affected() == 1)
            })
            .map_err(AppError::internal)?;
            if used {
                break;
            }
        }
        Ok(used)
    }
}
