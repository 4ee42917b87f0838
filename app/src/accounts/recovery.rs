//! Forgotten passwords: a single-use, one-hour link by e-mail, then a new password. Using
//! the link signs out every other session of the account.

use crate::error::AppError;
use leptos::prelude::*;

/// Sends a reset link if an active account has this address. The answer is the same either
/// way, so the form cannot be used to find out who has an account.
#[server(endpoint = "auth/forgot-password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    use super::auth::ssr::throttle_client;
    use super::emails::{AccountMailKind, queue_alone};
    use super::store::find_by_email;
    use super::{AccountStatus, Email};

    let state = crate::state::AppState::from_context()?;
    throttle_client(&state).await?;
    if let Ok(email) = Email::parse(&email) {
        let user = find_by_email(&state.db, &email)
            .await
            .map_err(AppError::internal)?
            .filter(|user| user.status == AccountStatus::Active);
        if let Some(user) = user {
            queue_alone(
                &state.db,
                state.clock.clone(),
                AccountMailKind::PasswordReset,
                &user.id,
                &user.email,
            )
            .await
            .map_err(AppError::internal)?;
        }
    }
    leptos_axum::redirect("/forgot-password?sent=1");
    Ok(())
}

/// Sets a new password with the token from the reset link.
#[server(endpoint = "auth/reset-password")]
pub async fn reset_password(
    token: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    use super::auth::ssr::{current_session, session_user, throttle_client};
    use super::password::hash_password;
    use super::sessions::end_other_access;
    use super::store::{find_by_id, set_password_hash, set_verified_email};
    use super::throttle;
    use super::tokens::{TokenPurpose, peek, redeem, void_all};
    use super::validation::{Checks, field_error};
    use crate::audit::{Actor, AuditAction, AuditEntry, record_in};
    use crate::ui::FormText;

    let state = crate::state::AppState::from_context()?;
    let ip = throttle_client(&state).await?;
    let clock = state.clock.as_ref();
    let invalid = || field_error("token", FormText::TokenInvalid);
    // Look first (without using the token up) so a refused password leaves the link usable.
    let pending = peek(&state.db, clock, &token, TokenPurpose::ResetPassword)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(invalid)?;
    let user = find_by_id(&state.db, &pending.user_id)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(invalid)?;
    let mut checks = Checks::default();
    checks.new_password(
        "password",
        &password,
        Some(&password_confirm),
        &[&user.email, &user.name],
    );
    checks.finish()?;
    let hash = hash_password(password).await.map_err(AppError::internal)?;

    let session = current_session().await?;
    let keep = match session_user(&state, &session, None).await? {
        Some(signed_in) if signed_in.id == user.id => session.id().map(|id| id.to_string()),
        _ => None,
    };
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    let redeemed = redeem(&mut tx, clock, &token, TokenPurpose::ResetPassword)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(invalid)?;
    set_password_hash(&mut tx, clock, &user.id, &hash)
        .await
        .map_err(AppError::internal)?;
    // Receiving the link proves the mailbox is theirs.
    if user.email_verified_at.is_none() && redeemed.email == user.email {
        set_verified_email(&mut tx, clock, &user.id, &user.email)
            .await
            .map_err(AppError::internal)?;
    }
    void_all(&mut tx, clock, &user.id, TokenPurpose::ResetPassword)
        .await
        .map_err(AppError::internal)?;
    let revoked = end_other_access(&mut tx, clock, &user.id, keep.as_deref())
        .await
        .map_err(AppError::internal)?;
    let actor = Actor::user(&user.id, &user.email);
    let entry = AuditEntry::new(actor, AuditAction::PasswordReset)
        .target("user", &user.id)
        .ip(ip.to_string())
        .details(
            serde_json::json!({ "sessions_revoked": revoked.sessions, "api_keys_revoked": revoked.api_keys }),
        );
    record_in(&mut tx, clock, entry)
        .await
        .map_err(AppError::internal)?;
    tx.commit().await.map_err(AppError::internal)?;
    throttle::clear_everywhere(&state.db, &user.email)
        .await
        .map_err(AppError::internal)?;
    leptos_axum::redirect("/login?reset=1");
    Ok(())
}
