//! Shared server state: the core handles every capability may use (database, clock, event
//! bus, site settings, the sealing key). Feature services — the catalog cache, the cloud
//! adapters, the push hub, the Telegram bot, the simulated gateway, lifecycle and order
//! settings — are owned by their feature and registered one by one at start-up
//! (`server/src/startup.rs`): as axum `FromRef` sub-states for handlers, and as their own
//! Leptos contexts for server functions ([`use_server`]). So a server function names only
//! what it uses, and this file depends on no feature.

use crate::clock::SharedClock;
use crate::db::Db;
use crate::error::AppError;
use crate::events::EventBus;
use crate::security::{Limit, RateLimiter, SecretBox};
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// Site settings the application code needs at request time (the full configuration, with
/// its secrets, stays in the server crate).
#[derive(Debug, Clone)]
pub struct AppSettings {
    /// Add `Secure` to cookies (true whenever the site is reached over HTTPS).
    pub secure_cookies: bool,
    /// Public base URL, for links in e-mails and redirects.
    pub public_url: String,
    /// Requests per minute per tier (auth, API, checkout, payment).
    pub rate_limits: crate::security::RateTiers,
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub events: EventBus,
    pub clock: SharedClock,
    pub settings: Arc<AppSettings>,
    /// Seals and opens stored secrets (root passwords, Telegram links, unsubscribe links).
    pub secrets: SecretBox,
}

impl AppState {
    /// The core state inside a server function (see [`use_server`]).
    pub fn from_context() -> Result<AppState, AppError> {
        use_server::<AppState>()
    }

    /// Counts one request against `bucket`'s `limit`; over it, refuses with HTTP 429 and
    /// `Retry-After` (the counters live in the database, shared by every instance).
    pub async fn enforce_limit(&self, bucket: &str, limit: Limit) -> Result<(), AppError> {
        RateLimiter::new(self.db.clone(), self.clock.clone())
            .enforce(bucket, limit)
            .await
    }
}

/// A server-side service or setting registered at start-up, inside a server function or a
/// page rendered on the server: from the Leptos context, else from the request (the router
/// puts every registered service in each request's extensions: some resources read during
/// server rendering run where the context closure was not applied, leptos-rs/leptos#3013).
/// Missing in both is a wiring bug, reported as an internal error rather than a panic.
///
/// Without even the request, the request is gone: its client left while the page was
/// rendering (a phone on a train, a load test's end), its reactive owner was disposed, and
/// Leptos still runs the resources it had started. Nobody reads that answer, so it is no
/// fault of ours to log at error level and send to error tracking (it was, by the dozen,
/// at the end of every `wrk` run).
pub fn use_server<T: Clone + Send + Sync + 'static>() -> Result<T, AppError> {
    use leptos::prelude::use_context;
    if let Some(found) = use_context::<T>() {
        return Ok(found);
    }
    let Some(request) = use_context::<axum::http::request::Parts>() else {
        tracing::debug!(
            service = std::any::type_name::<T>(),
            "a server function ran after its request was gone"
        );
        return Err(AppError::Transport);
    };
    request.extensions.get::<T>().cloned().ok_or_else(|| {
        AppError::internal(format!(
            "{} missing from the Leptos context and the request",
            std::any::type_name::<T>()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::use_server;
    use crate::error::AppError;
    use leptos::prelude::{Owner, provide_context};

    #[derive(Clone)]
    struct Registered;

    #[test]
    fn a_service_comes_from_the_context_or_else_the_request() {
        let owner = Owner::new();
        owner.with(|| {
            let (mut request, ()) = axum::http::Request::new(()).into_parts();
            request.extensions.insert(Registered);
            provide_context(request);
            assert!(use_server::<Registered>().is_ok());
        });
    }

    #[test]
    fn a_service_registered_nowhere_is_an_internal_error() {
        let owner = Owner::new();
        owner.with(|| {
            provide_context(axum::http::Request::new(()).into_parts().0);
            assert!(matches!(
                use_server::<Registered>(),
                Err(AppError::Internal { .. })
            ));
        });
    }

    #[test]
    fn after_its_request_is_gone_nothing_is_reported() {
        // What a resource started by a dropped render sees: its owner is gone with the
        // request, so no context at all.
        let owner = Owner::new();
        owner.with(|| provide_context(axum::http::Request::new(()).into_parts().0));
        drop(owner);
        assert_eq!(use_server::<Registered>().err(), Some(AppError::Transport));
    }
}
