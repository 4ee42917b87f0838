//! "Where am I signed in?": the user's sessions with device, IP and last activity, and
//! signing out one of them or all the others.
//!
//! Session ids are bearer secrets, so the browser never sees them: each session is named by
//! a digest of its id.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// Digest of the session id; what `revoke_session` takes.
    pub handle: String,
    /// Browser and operating system, read from the user agent.
    pub device: String,
    pub ip: String,
    /// RFC 3339, UTC.
    pub signed_in_at: String,
    pub last_seen_at: String,
    /// The session making this request.
    pub current: bool,
}

#[server(endpoint = "account/sessions")]
pub async fn my_sessions() -> Result<Vec<SessionSummary>, AppError> {
    use super::sessions::list_for_user;
    let (state, user, current) = ssr::context().await?;
    let sessions = list_for_user(&state.db, state.clock.as_ref(), &user.id)
        .await
        .map_err(AppError::internal)?;
    Ok(sessions
        .into_iter()
        .map(|session| SessionSummary {
            handle: ssr::handle(&session.id),
            device: describe_user_agent(&session.auth.user_agent),
            ip: session.auth.ip,
            signed_in_at: crate::clock::rfc3339(&session.auth.signed_in_at),
            last_seen_at: crate::clock::rfc3339(&session.auth.seen_at),
            current: current.as_deref() == Some(session.id.as_str()),
        })
        .collect())
}

/// Signs out one of the user's own sessions.
#[server(endpoint = "account/sessions/revoke")]
pub async fn revoke_session(handle: String) -> Result<(), AppError> {
    use super::sessions::{list_for_user, revoke_one};
    let (state, user, _) = ssr::context().await?;
    let sessions = list_for_user(&state.db, state.clock.as_ref(), &user.id)
        .await
        .map_err(AppError::internal)?;
    let session = sessions
        .into_iter()
        .find(|session| ssr::handle(&session.id) == handle)
        .ok_or_else(|| AppError::NotFound.with_status())?;
    revoke_one(&state.db, &user.id, &session.id)
        .await
        .map_err(AppError::internal)?;
    leptos_axum::redirect("/account/security");
    Ok(())
}

/// Signs out everywhere else: every session of the user except this one, and every API key.
#[server(endpoint = "account/sessions/revoke-others")]
pub async fn revoke_other_sessions() -> Result<u64, AppError> {
    use super::sessions::end_other_access;
    let (state, user, current) = ssr::context().await?;
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    let revoked = end_other_access(&mut tx, state.clock.as_ref(), &user.id, current.as_deref())
        .await
        .map_err(AppError::internal)?;
    tx.commit().await.map_err(AppError::internal)?;
    leptos_axum::redirect("/account/security");
    Ok(revoked.sessions)
}

/// "Chrome on Windows" from a user-agent string; good enough to recognise one's devices.
pub fn describe_user_agent(agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(marker, _)| agent.contains(marker))
    .map(|(_, name)| *name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(marker, _)| agent.contains(marker))
    .map(|(_, name)| *name);
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} · {system}"),
        (Some(name), None) | (None, Some(name)) => name.to_string(),
        (None, None) if agent.is_empty() => "?".to_string(),
        (None, None) => agent.chars().take(40).collect(),
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::accounts::User;
    use crate::accounts::auth::ssr::{current_session, require_user};
    use crate::error::AppError;
    use crate::state::AppState;

    /// The state, the signed-in user and the id of the current session.
    pub async fn context() -> Result<(AppState, User, Option<String>), AppError> {
        let state = AppState::from_context()?;
        let user = require_user().await?;
        let current = current_session().await?.id().map(|id| id.to_string());
        Ok((state, user, current))
    }

    pub fn handle(session_id: &str) -> String {
        crate::security::tokens::digest(session_id)[..16].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::describe_user_agent;

    #[test]
    fn names_common_browsers_and_systems() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
        assert_eq!(describe_user_agent(chrome), "Chrome · Linux");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1";
        assert_eq!(describe_user_agent(iphone), "Safari · iOS");
        assert_eq!(describe_user_agent(""), "?");
    }
}
