//! Creating an account and confirming its e-mail address.

use super::User;
use crate::error::AppError;
use leptos::prelude::*;

/// Creates a customer account, signs it in and sends the verification e-mail. The account
/// can be used at once; ordering waits for the confirmed address.
#[server(endpoint = "auth/signup")]
pub async fn signup(
    name: String,
    email: String,
    password: String,
    accept_terms: Option<String>,
    /// Where to continue (a path on this site): now, and again once the e-mail is confirmed.
    #[server(default)]
    next: String,
) -> Result<User, AppError> {
    use super::auth::ssr::{start_session, throttle_client};
    use super::emails::{AccountMailKind, queue};
    use super::password::hash_password;
    use super::store::{CreateUserError, NewUser, create_user_in};
    use super::validation::{Checks, field_error};
    use super::{Role, auth::ssr::current_session};
    use crate::audit::{Actor, AuditAction, AuditEntry, record_in};
    use crate::jobs::JobQueue;
    use crate::ui::FormText;

    let state = crate::state::AppState::from_context()?;
    let ip = throttle_client(&state).await?;
    let mut checks = Checks::default();
    let name = checks.name("name", &name);
    let parsed_email = checks.email("email", &email);
    checks.new_password("password", &password, None, &[&email, &name]);
    if accept_terms.is_none() {
        checks.fail("accept_terms", FormText::TermsRequired);
    }
    checks.finish()?;
    let email = parsed_email.expect("checked above");

    let password_hash = hash_password(password).await.map_err(AppError::internal)?;
    let (language, _) = crate::preferences::initial_preferences();
    let new = NewUser {
        email: email.clone(),
        name,
        password_hash,
        role: Role::Customer,
        email_verified: false,
        language,
    };
    let clock = state.clock.as_ref();
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    let user = match create_user_in(&mut tx, clock, new).await {
        Ok(user) => user,
        Err(CreateUserError::EmailTaken) => return Err(field_error("email", FormText::EmailTaken)),
        Err(error) => return Err(AppError::internal(error)),
    };
    let jobs = JobQueue::new(state.db.clone(), state.clock.clone());
    queue(
        &jobs,
        &mut tx,
        AccountMailKind::Verification,
        &user.id,
        email.as_str(),
    )
    .await
    .map_err(AppError::internal)?;
    let actor = Actor::user(&user.id, &user.email);
    record_in(
        &mut tx,
        clock,
        AuditEntry::new(actor, AuditAction::AccountCreated)
            .target("user", &user.id)
            .ip(ip.to_string()),
    )
    .await
    .map_err(AppError::internal)?;
    tx.commit().await.map_err(AppError::internal)?;

    let session = current_session().await?;
    start_session(&state, &session, &user, false, false, ip).await?;
    let next = crate::url::safe_next(&next, "/account");
    if next != "/account" {
        session
            .insert(super::auth::ssr::AFTER_VERIFY_KEY, next)
            .await
            .map_err(AppError::internal)?;
    }
    leptos_axum::redirect(next);
    Ok(user)
}

/// Confirms an e-mail address with the token from the verification link. Works signed in
/// or not (the link may be opened on another device).
#[server(endpoint = "auth/verify-email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    use super::auth::ssr::throttle_client;
    use super::store::{find_by_id, set_verified_email};
    use super::tokens::{TokenPurpose, redeem, void_all};
    use super::validation::field_error;
    use crate::audit::{Actor, AuditAction, AuditEntry, record_in};
    use crate::db::is_unique_violation;
    use crate::ui::FormText;

    let state = crate::state::AppState::from_context()?;
    let ip = throttle_client(&state).await?;
    let clock = state.clock.as_ref();
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    let Some(redeemed) = redeem(&mut tx, clock, &token, TokenPurpose::VerifyEmail)
        .await
        .map_err(AppError::internal)?
    else {
        return Err(field_error("token", FormText::TokenInvalid));
    };
    let previous = find_by_id(&state.db, &redeemed.user_id)
        .await
        .map_err(AppError::internal)?
        .ok_or(AppError::NotFound)?;
    match set_verified_email(&mut tx, clock, &redeemed.user_id, &redeemed.email).await {
        Ok(()) => {}
        Err(error) if is_unique_violation(&error) => return Err(field_error("token", FormText::EmailTaken)),
        Err(error) => return Err(AppError::internal(error)),
    }
    void_all(&mut tx, clock, &redeemed.user_id, TokenPurpose::VerifyEmail)
        .await
        .map_err(AppError::internal)?;
    let changed = previous.email != redeemed.email;
    let action = if changed {
        AuditAction::EmailChanged
    } else {
        AuditAction::EmailVerified
    };
    let actor = Actor::user(&previous.id, &previous.email);
    let entry = AuditEntry::new(actor, action)
        .target("user", &previous.id)
        .ip(ip.to_string())
        .details(serde_json::json!({ "email": redeemed.email, "previous_email": previous.email }));
    record_in(&mut tx, clock, entry)
        .await
        .map_err(AppError::internal)?;
    tx.commit().await.map_err(AppError::internal)?;
    // Back to what the customer was doing when they signed up, if this is that browser.
    let session = super::auth::ssr::current_session().await?;
    let next: Option<String> = session
        .remove(super::auth::ssr::AFTER_VERIFY_KEY)
        .await
        .map_err(AppError::internal)?;
    let continue_to = next
        .map(|next| {
            format!(
                "&next={}",
                crate::url::percent_encode(crate::url::safe_next(&next, "/"))
            )
        })
        .unwrap_or_default();
    leptos_axum::redirect(&format!("/verify-email?verified=1{continue_to}"));
    Ok(())
}

/// Sends the signed-in user a new verification link (at most one per minute is sent).
#[server(endpoint = "auth/resend-verification")]
pub async fn resend_verification() -> Result<(), AppError> {
    use super::auth::ssr::{require_user, throttle_client};
    use super::emails::{AccountMailKind, queue_alone};

    let state = crate::state::AppState::from_context()?;
    let user = require_user().await?;
    throttle_client(&state).await?;
    if user.email_verified {
        return Ok(());
    }
    queue_alone(
        &state.db,
        state.clock.clone(),
        AccountMailKind::Verification,
        &user.id,
        &user.email,
    )
    .await
    .map_err(AppError::internal)?;
    Ok(())
}
