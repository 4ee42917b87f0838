//! The account owner's own data: profile, e-mail address, password, and deleting the
//! account. Every function acts on the signed-in user only.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub email: String,
    pub email_verified: bool,
    pub phone: String,
    pub company: String,
    pub address: String,
    /// `id` or `en`: the language of e-mails and the default of the site.
    pub language: String,
}

#[server(endpoint = "account/profile")]
pub async fn my_profile() -> Result<Profile, AppError> {
    let (_, row) = super::auth::ssr::require_user_row().await?;
    Ok(Profile {
        name: row.name.clone(),
        email: row.email.clone(),
        email_verified: row.email_verified_at.is_some(),
        phone: row.phone.clone(),
        company: row.company.clone(),
        address: row.address.clone(),
        language: row.language.clone(),
    })
}

#[server(endpoint = "account/profile/update")]
pub async fn update_profile(
    name: String,
    #[server(default)] phone: String,
    #[server(default)] company: String,
    #[server(default)] address: String,
    language: String,
) -> Result<(), AppError> {
    use super::store::{ProfileUpdate, update_profile};
    use super::validation::Checks;
    use crate::audit::AuditAction;
    use crate::i18n::Lang;
    use crate::ui::FormText;

    let (state, row) = super::auth::ssr::require_user_row().await?;
    let mut checks = Checks::default();
    let update = ProfileUpdate {
        name: checks.name("name", &name),
        phone: checks.phone("phone", &phone),
        company: checks.optional_text("company", &company, 100),
        address: checks.optional_text("address", &address, 300),
        language: Lang::from_code(&language).unwrap_or_else(|| {
            checks.fail("language", FormText::Required);
            Lang::default()
        }),
    };
    checks.finish()?;
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    update_profile(&mut tx, state.clock.as_ref(), &row.id, &update)
        .await
        .map_err(AppError::internal)?;
    ssr::audit(
        &state,
        &mut tx,
        &row,
        AuditAction::ProfileUpdated,
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await.map_err(AppError::internal)?;
    // The site follows the chosen language from now on.
    let _ = crate::preferences::set_language(update.language.code().to_string()).await;
    leptos_axum::redirect("/account?saved=1");
    Ok(())
}

/// Changes the password (the current one is required). Every other session is signed out.
#[server(endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    use super::auth::ssr::current_session;
    use super::password::hash_password;
    use super::sessions::end_other_access;
    use super::store::set_password_hash;
    use super::validation::Checks;
    use crate::audit::AuditAction;

    let (state, row) = ssr::reauthenticate(current_password).await?;
    let mut checks = Checks::default();
    checks.new_password(
        "password",
        &password,
        Some(&password_confirm),
        &[&row.email, &row.name],
    );
    checks.finish()?;
    let hash = hash_password(password).await.map_err(AppError::internal)?;
    let current = current_session().await?.id().map(|id| id.to_string());
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    set_password_hash(&mut tx, state.clock.as_ref(), &row.id, &hash)
        .await
        .map_err(AppError::internal)?;
    let revoked = end_other_access(&mut tx, state.clock.as_ref(), &row.id, current.as_deref())
        .await
        .map_err(AppError::internal)?;
    ssr::audit(
        &state,
        &mut tx,
        &row,
        AuditAction::PasswordChanged,
        serde_json::json!({ "sessions_revoked": revoked.sessions, "api_keys_revoked": revoked.api_keys }),
    )
    .await?;
    tx.commit().await.map_err(AppError::internal)?;
    leptos_axum::redirect("/account/security?password=1");
    Ok(())
}

/// Asks to move the account to another e-mail address: a confirmation link goes to the new
/// address, and the account keeps the old one until that link is used.
#[server(endpoint = "account/email")]
pub async fn change_email(new_email: String, current_password: String) -> Result<(), AppError> {
    use super::emails::{AccountMailKind, queue};
    use super::store::find_by_email;
    use super::validation::{Checks, field_error};
    use crate::audit::AuditAction;
    use crate::jobs::JobQueue;
    use crate::ui::FormText;

    let (state, row) = ssr::reauthenticate(current_password).await?;
    let mut checks = Checks::default();
    let email = checks.email("new_email", &new_email);
    checks.finish()?;
    let email = email.expect("checked above");
    if email.as_str() == row.email {
        return Err(field_error("new_email", FormText::EmailUnchanged));
    }
    if find_by_email(&state.db, &email)
        .await
        .map_err(AppError::internal)?
        .is_some()
    {
        return Err(field_error("new_email", FormText::EmailTaken));
    }
    let jobs = JobQueue::new(state.db.clone(), state.clock.clone());
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    queue(
        &jobs,
        &mut tx,
        AccountMailKind::Verification,
        &row.id,
        email.as_str(),
    )
    .await
    .map_err(AppError::internal)?;
    ssr::audit(
        &state,
        &mut tx,
        &row,
        AuditAction::EmailChangeRequested,
        serde_json::json!({ "new_email": email.as_str() }),
    )
    .await?;
    tx.commit().await.map_err(AppError::internal)?;
    leptos_axum::redirect("/account?email=1");
    Ok(())
}

/// Deletes the account: refused while services are active; otherwise personal data is
/// anonymised (the row stays so invoices keep their customer) and every session ends.
#[server(endpoint = "account/delete")]
pub async fn delete_account(current_password: String, confirm: String) -> Result<(), AppError> {
    use super::auth::ssr::current_session;
    use super::store::anonymise;
    use super::validation::field_error;
    use crate::audit::AuditAction;
    use crate::ui::FormText;

    let (state, row) = ssr::reauthenticate(current_password).await?;
    if confirm.trim() != row.email {
        return Err(field_error("confirm", FormText::ConfirmEmailMismatch));
    }
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    // Counted inside the deleting transaction, not before it.
    let held = crate::services::store::count_held_in(&mut tx, &row.id)
        .await
        .map_err(AppError::internal)?;
    if held > 0 {
        return Err(field_error("confirm", FormText::HasActiveServices));
    }
    // Audited before the data is gone, by the person who asked.
    ssr::audit(
        &state,
        &mut tx,
        &row,
        AuditAction::AccountDeleted,
        serde_json::json!({}),
    )
    .await?;
    anonymise(&mut tx, state.clock.as_ref(), &row.id)
        .await
        .map_err(AppError::internal)?;
    tx.commit().await.map_err(AppError::internal)?;
    current_session()
        .await?
        .flush()
        .await
        .map_err(AppError::internal)?;
    leptos_axum::redirect("/?deleted=1");
    Ok(())
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::accounts::auth::ssr::{ensure_not_locked, failed_step, require_user_row, throttle_client};
    use crate::accounts::password::verify_password;
    use crate::accounts::store::UserRow;
    use crate::accounts::validation::field_error;
    use crate::audit::{Actor, AuditAction, AuditEntry, record_in};
    use crate::db::Tx;
    use crate::error::AppError;
    use crate::state::AppState;
    use crate::ui::FormText;

    /// The signed-in user, after checking their current password again (sensitive changes).
    /// Guarded like signing in: counted against the per-IP limit of authentication
    /// endpoints, refused while the account is locked, and a wrong password is audited and
    /// counts towards the lockout (a stolen session cannot guess the password here).
    pub async fn reauthenticate(current_password: String) -> Result<(AppState, UserRow), AppError> {
        let (state, row) = require_user_row().await?;
        let ip = throttle_client(&state).await?;
        ensure_not_locked(&state, &row.email, ip).await?;
        if verify_password(current_password, row.password_hash.clone()).await {
            return Ok((state, row));
        }
        let wrong = field_error("current_password", FormText::CurrentPasswordWrong);
        Err(failed_step(&state, &row, ip, "reauthenticate", wrong).await)
    }

    /// Records an action of the user on their own account, with their IP.
    pub async fn audit(
        state: &AppState,
        tx: &mut Tx,
        row: &UserRow,
        action: AuditAction,
        details: serde_json::Value,
    ) -> Result<(), AppError> {
        let ip = crate::security::client_ip().await?;
        let actor = Actor::user(&row.id, &row.email);
        let entry = AuditEntry::new(actor, action)
            .target("user", &row.id)
            .ip(ip.to_string())
            .details(details);
        record_in(tx, state.clock.as_ref(), entry)
            .await
            .map(|_| ())
            .map_err(AppError::internal)
    }
}
