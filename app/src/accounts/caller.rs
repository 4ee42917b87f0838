//! Who calls a REST endpoint: the `Caller` extractor. A handler cannot get the user without
//! naming the scope its action needs (`caller.acting_for(scope)`), so an endpoint cannot
//! forget to check what an API key may do.

use super::User;
use super::api_keys::ssr::{authenticate, bearer};
use super::scopes::{Scope, Scopes};
use crate::api::problem::ProblemType;
use crate::api::{ApiError, Problem};
use crate::error::AppError;
use crate::security::client_ip::ClientIp;
use crate::state::AppState;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use tower_sessions::Session;

/// The user of an `Authorization: Bearer` API key (a wrong, revoked or expired key is
/// refused, never ignored), else of the session cookie; `401` for neither.
pub struct Caller {
    user: User,
    grant: Grant,
}

/// What the caller may do as their user.
enum Grant {
    /// A signed-in browser: whatever its user may.
    Session,
    /// A key: what its scopes say.
    Key(Scopes),
}

impl Caller {
    /// The user, when this caller may do what `scope` names; otherwise `403` naming the
    /// missing scope (and RFC 6750's `insufficient_scope`).
    pub fn acting_for(&self, scope: Scope) -> Result<&User, ApiError> {
        match &self.grant {
            Grant::Key(scopes) if !scopes.allows(scope) => {
                let problem = Problem::new(ProblemType::Forbidden)
                    .detail(format!("this API key lacks the scope {}", scope.code()));
                Err(ApiError::from(problem).with_header(
                    "www-authenticate",
                    format!("Bearer error=\"insufficient_scope\", scope=\"{}\"", scope.code()),
                ))
            }
            _ => Ok(&self.user),
        }
    }

    /// Who the caller is, whatever they may do (`GET /me`).
    pub fn identity(&self) -> &User {
        &self.user
    }

    /// The scopes of the key, `None` for a session.
    pub fn scopes(&self) -> Option<&Scopes> {
        match &self.grant {
            Grant::Session => None,
            Grant::Key(scopes) => Some(scopes),
        }
    }
}

impl<S> FromRequestParts<S> for Caller
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Caller, ApiError> {
        let state = AppState::from_ref(state);
        let caller = match bearer(&parts.headers) {
            Some(key) => {
                let ip = parts.extensions.get::<ClientIp>();
                authenticate(&state.db, state.clock.now(), key, ip)
                    .await
                    .map_err(AppError::internal)?
                    .map(|grant| Caller {
                        user: grant.user.to_user(),
                        grant: Grant::Key(grant.scopes),
                    })
            }
            None => {
                let session = Session::from_request_parts(parts, &state)
                    .await
                    .map_err(|_| AppError::internal("the session layer is missing"))?;
                super::auth::ssr::session_user(&state, &session, None)
                    .await?
                    .map(|user| Caller {
                        user,
                        grant: Grant::Session,
                    })
            }
        };
        caller.ok_or(ApiError::from(AppError::Unauthorized))
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
            Credential::Key(digest) => {
                super::api_keys::ssr::is_live(&state.db, state.clock.now(), digest).await
            }
        }
    }
}
