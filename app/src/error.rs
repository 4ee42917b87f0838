//! The one error type the UI and server functions exchange.
//!
//! Variants are things a user can act on. Internal causes never cross the wire: they are
//! logged once with a reference that the user can quote to support.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field name → message key, for forms.
pub type FieldErrors = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("authentication required")]
    Unauthorized,
    /// Wrong e-mail or password. Deliberately does not say which.
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("not allowed")]
    Forbidden,
    /// Too many failed sign-ins for this e-mail address; try again after the lock ends.
    /// Said for unknown addresses too, so it reveals nothing about which accounts exist.
    #[error("sign-in temporarily locked")]
    AccountLocked,
    /// An administrator suspended the account.
    #[error("account suspended")]
    AccountSuspended,
    /// Staff must turn on two-factor sign-in before using the admin panel.
    #[error("two-factor authentication required")]
    TwoFactorRequired,
    /// The action needs a confirmed e-mail address (e.g. ordering).
    #[error("e-mail address not verified")]
    EmailNotVerified,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Validation(FieldErrors),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("too many requests")]
    RateLimited,
    /// Something failed on our side; `reference` points at the log line.
    #[error("internal error (ref {reference})")]
    Internal { reference: String },
    /// The request never got a proper answer (network down, malformed response).
    #[error("request failed")]
    Transport,
}

impl AppError {
    /// The HTTP status a page or endpoint should answer with for this error.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::InvalidCredentials => 401,
            AppError::Forbidden
            | AppError::AccountSuspended
            | AppError::EmailNotVerified
            | AppError::TwoFactorRequired => 403,
            AppError::AccountLocked => 429,
            AppError::NotFound => 404,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited => 429,
            AppError::Internal { .. } => 500,
            AppError::Transport => 502,
        }
    }

    /// Log an internal failure once, with a fresh reference, and return the client-safe error.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let reference = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
        tracing::error!(error.reference = %reference, error.cause = %cause, "internal error");
        AppError::Internal { reference }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Sets the HTTP status of the current server-function response to this error's status
    /// (server functions answer 500 for every error otherwise) and returns the error.
    ///
    /// A form posted without JavaScript gets a redirect back to its page instead (with the
    /// error in the URL for the page to show); a status here would replace that redirect.
    pub fn with_status(self) -> Self {
        let from_html_form =
            leptos::prelude::use_context::<axum::http::request::Parts>().is_some_and(|parts| {
                parts
                    .headers
                    .get(axum::http::header::ACCEPT)
                    .and_then(|accept| accept.to_str().ok())
                    .is_some_and(|accept| accept.contains("text/html"))
            });
        if !from_html_form {
            set_http_status(self.status_code());
        }
        self
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::Validation(FieldErrors::new())
            }
            ServerFnErrorErr::Request(_)
            | ServerFnErrorErr::Response(_)
            | ServerFnErrorErr::Deserialization(_) => AppError::Transport,
            other => {
                #[cfg(feature = "ssr")]
                {
                    AppError::internal(other)
                }
                #[cfg(not(feature = "ssr"))]
                {
                    let _ = other;
                    AppError::Transport
                }
            }
        }
    }
}

/// Sets the HTTP status of the page being rendered on the server; a no-op in the browser.
pub fn set_http_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(code),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_maps_to_a_client_or_server_status() {
        assert_eq!(AppError::NotFound.status_code(), 404);
        assert_eq!(AppError::Validation(FieldErrors::new()).status_code(), 422);
        assert_eq!(
            AppError::Internal {
                reference: "x".into()
            }
            .status_code(),
            500
        );
    }

    #[test]
    fn internal_errors_serialize_without_their_cause() {
        let json = serde_json::to_string(&AppError::Internal {
            reference: "abc".into(),
        })
        .unwrap();
        assert_eq!(json, r#"{"Internal":{"reference":"abc"}}"#);
    }
}
