//! Shared server state, given to axum handlers and, through context, to server functions.

use crate::clock::SharedClock;
use crate::db::Db;
use crate::error::AppError;
use crate::events::EventBus;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// Settings the application code needs at request time (the full configuration, with its
/// secrets, stays in the server crate).
#[derive(Debug, Clone)]
pub struct AppSettings {
    /// Add `Secure` to cookies (true whenever the site is reached over HTTPS).
    pub secure_cookies: bool,
    /// Public base URL, for links in e-mails and redirects.
    pub public_url: String,
    /// How long an order may stay unpaid before it expires.
    pub payment_window: chrono::Duration,
    pub simulated_gateway: crate::payments::simulated::SimulatedGateway,
    /// When renewal invoices, suspension and termination come.
    pub lifecycle: crate::lifecycle::schedule::LifecycleSettings,
    /// Notifications older than this are deleted by the maintenance job.
    pub notification_retention: chrono::Duration,
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub events: EventBus,
    pub clock: SharedClock,
    pub settings: Arc<AppSettings>,
    pub catalog: crate::catalog::CatalogCache,
    /// The cloud adapters this instance is configured with.
    pub providers: crate::provisioning::Providers,
    /// Seals and opens stored secrets (root passwords).
    pub secrets: crate::security::SecretBox,
    /// The WebSocket sockets open on this instance.
    pub push: crate::notifications::push::PushHub,
    /// The Telegram bot, when one is configured.
    pub telegram: Option<crate::notifications::telegram::TelegramBot>,
}

impl AppState {
    /// The state inside a server function: from the Leptos context, else from the request
    /// (the router puts it in every request's extensions: some resources read during server
    /// rendering run where the context closure was not applied, leptos-rs/leptos#3013).
    /// Missing in both is a wiring bug, reported as an internal error rather than a panic.
    pub fn from_context() -> Result<AppState, AppError> {
        use leptos::prelude::use_context;
        use_context::<AppState>()
            .or_else(|| {
                use_context::<axum::http::request::Parts>()
                    .and_then(|parts| parts.extensions.get::<AppState>().cloned())
            })
            .ok_or_else(|| AppError::internal("AppState missing from the Leptos context and the request"))
    }
}
