//! Who calls a REST endpoint: the `Caller` extractor, so every handler starts from the
//! signed-in user instead of resolving it by hand.

use super::User;
use super::api_keys::ssr::{bearer, user_for_key};
use crate::api::ApiError;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use tower_sessions::Session;

/// The user of an `Authorization: Bearer` API key (a wrong or revoked key is refused, never
/// ignored), else of the session cookie; `401` for neither.
pub struct Caller(pub User);

impl<S> FromRequestParts<S> for Caller
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Caller, ApiError> {
        let state = AppState::from_ref(state);
        let user = match bearer(&parts.headers) {
            Some(key) => user_for_key(&state.db, state.clock.now(), key)
                .await
                .map_err(AppError::internal)?
                .map(|row| row.to_user()),
            None => {
                let session = Session::from_request_parts(parts, &state)
                    .await
                    .map_err(|_| AppError::internal("the session layer is missing"))?;
                super::auth::ssr::session_user(&state, &session).await?
            }
        };
        user.map(Caller).ok_or(ApiError(AppError::Unauthorized))
    }
}

/// How a caller proved who they are, for a connection that outlives its request: the push
/// socket checks now and then that it is still live (a sign-out, a revoked key or "sign out
/// everywhere" closes the socket).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// The session id.
    Session(String),
    /// The digest of the API key.
    Key(String),
}

impl Credential {
    /// The API key of the `Authorization` header if there is one (it is what `Caller`
    /// authenticates first), else the session.
    pub fn of(headers: &axum::http::HeaderMap, session: &Session) -> Option<Credential> {
        match bearer(headers) {
            Some(key) => Some(Credential::Key(crate::security::tokens::digest(key))),
            None => session.id().map(|id| Credential::Session(id.to_string())),
        }
    }

    pub async fn is_live(&self, state: &AppState) -> Result<bool, sqlx::Error> {
        match self {
            Credential::Session(id) => super::sessions::is_live(&state.db, state.clock.as_ref(), id).await,
            Credential::Key(digest) => super::api_keys::ssr::is_live(&state.db, digest).await,
        }
    }
}
