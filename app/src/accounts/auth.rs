//! Signing in and out, and who is signed in.
//!
//! The session (server-side, see `sessions.rs`) holds the user id. Every server function
//! that needs a user calls [`ssr::require_user`] itself: a page guard alone protects nothing.

use super::User;
use crate::error::AppError;
use leptos::prelude::*;

/// Signs in with e-mail and password. On success the session id is rotated and the browser
/// is sent to the home page; on failure the answer never says whether the e-mail exists.
#[server(endpoint = "auth/login")]
pub async fn login(email: String, password: String, remember: Option<String>) -> Result<User, AppError> {
    use crate::audit::{Actor, AuditAction, AuditEntry};
    let state = crate::state::AppState::from_context()?;
    let session = ssr::current_session().await?;
    let Some(user) = ssr::authenticate(&state, &email, password).await? else {
        let entry = AuditEntry::new(Actor::Anonymous, AuditAction::LoginFailed)
            .details(serde_json::json!({ "email": email.trim().to_lowercase() }));
        crate::audit::record(&state.db, state.clock.as_ref(), entry)
            .await
            .map_err(AppError::internal)?;
        return Err(AppError::InvalidCredentials.with_status());
    };
    ssr::start_session(&session, &user, remember.is_some()).await?;
    let actor = Actor::User {
        id: user.id.clone(),
        email: user.email.clone(),
    };
    crate::audit::record(
        &state.db,
        state.clock.as_ref(),
        AuditEntry::new(actor, AuditAction::LoginSucceeded),
    )
    .await
    .map_err(AppError::internal)?;
    leptos_axum::redirect("/");
    Ok(user)
}

/// Signs out: the session is deleted on the server, not just forgotten by the browser.
#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    let session = ssr::current_session().await?;
    session.flush().await.map_err(AppError::internal)?;
    leptos_axum::redirect("/");
    Ok(())
}

/// The signed-in user, if any.
#[server(endpoint = "auth/me")]
pub async fn current_user() -> Result<Option<User>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let session = ssr::current_session().await?;
    ssr::session_user(&state, &session).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::User;
    use crate::accounts::password::{hash_password, verify_password};
    use crate::accounts::store::{find_by_email, find_by_id};
    use crate::accounts::{Email, Role};
    use crate::error::AppError;
    use crate::state::AppState;
    use tokio::sync::OnceCell;
    use tower_sessions::cookie::time::Duration;
    use tower_sessions::{Expiry, Session};

    /// Session key holding the signed-in user's id.
    const USER_ID_KEY: &str = "user_id";
    /// "Remember me": stay signed in this long without activity; otherwise until the browser
    /// closes.
    const REMEMBER_ME_DAYS: i64 = 30;

    pub async fn current_session() -> Result<Session, AppError> {
        leptos_axum::extract::<Session>()
            .await
            .map_err(AppError::internal)
    }

    /// The user of this session, if signed in and still existing.
    pub async fn session_user(state: &AppState, session: &Session) -> Result<Option<User>, AppError> {
        let Some(id) = session
            .get::<String>(USER_ID_KEY)
            .await
            .map_err(AppError::internal)?
        else {
            return Ok(None);
        };
        let row = find_by_id(&state.db, &id).await.map_err(AppError::internal)?;
        Ok(row.map(|row| row.to_user()))
    }

    /// The signed-in user, or `Unauthorized`. Call first in every server function that needs one.
    pub async fn require_user() -> Result<User, AppError> {
        let state = AppState::from_context()?;
        session_user(&state, &current_session().await?)
            .await?
            .ok_or(AppError::Unauthorized)
    }

    /// The signed-in user if they have `role` (admins pass every check), else an error.
    pub async fn require_role(role: Role) -> Result<User, AppError> {
        let user = require_user().await?;
        if user.role == role || user.role == Role::Admin {
            Ok(user)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Checks e-mail and password. Unknown e-mails cost a hash verification too, so timing
    /// does not reveal which accounts exist.
    pub async fn authenticate(
        state: &AppState,
        email: &str,
        password: String,
    ) -> Result<Option<User>, AppError> {
        let row = match Email::parse(email) {
            Ok(email) => find_by_email(&state.db, &email)
                .await
                .map_err(AppError::internal)?,
            Err(_) => None,
        };
        let stored_hash = match &row {
            Some(row) => row.password_hash.clone(),
            None => decoy_hash().await?,
        };
        let matches = verify_password(password, stored_hash).await;
        Ok(row.filter(|_| matches).map(|row| row.to_user()))
    }

    /// Rotates the session id (no fixation) and records the user in the session.
    pub async fn start_session(session: &Session, user: &User, remember: bool) -> Result<(), AppError> {
        session.cycle_id().await.map_err(AppError::internal)?;
        session
            .insert(USER_ID_KEY, &user.id)
            .await
            .map_err(AppError::internal)?;
        session.set_expiry(Some(if remember {
            Expiry::OnInactivity(Duration::days(REMEMBER_ME_DAYS))
        } else {
            Expiry::OnSessionEnd
        }));
        Ok(())
    }

    /// A real argon2id hash of a random secret, computed once, to verify against when the
    /// e-mail is unknown.
    async fn decoy_hash() -> Result<String, AppError> {
        static DECOY: OnceCell<String> = OnceCell::const_new();
        DECOY
            .get_or_try_init(|| hash_password(uuid::Uuid::new_v4().to_string()))
            .await
            .cloned()
            .map_err(AppError::internal)
    }
}
