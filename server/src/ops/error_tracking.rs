//! Error tracking with the `sentry` crate, to Sentry or anything that speaks its protocol
//! (GlitchTip, a self-hosted Sentry). Off unless `WEBRANA_SENTRY_DSN` is set.
//!
//! What is reported: panics (anywhere: request handlers, jobs, background tasks) and every
//! response answered with a server error, each request's event tagged with the request id
//! the logs and the `x-request-id` header carry, so one id finds both.
//!
//! No personal data leaves: a request's event carries its route pattern (`/orders/{id}`,
//! never the path or query), method, status and request id; `send_default_pii` stays off
//! and `before_send` drops whatever user, request or breadcrumb data an integration adds.
//! The browser bundle has no tracker: the smallest Sentry browser SDK would take most of the
//! room left in the bundle budget (docs/ARCHITECTURE.md, "Error tracking").

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sentry::protocol::Event;
use sentry::{ClientInitGuard, ClientOptions, Hub, Level};
use std::borrow::Cow;
use std::sync::Arc;

/// Where errors go and how they are labelled (`WEBRANA_SENTRY_*`, docs/CONFIGURATION.md).
#[derive(Clone)]
pub struct ErrorTracking {
    pub dsn: sentry::types::Dsn,
    /// `production`, `staging` …: one project can hold several deployments.
    pub environment: String,
}

/// The DSN's key is a credential: `Debug` (configuration dumps) shows only where it points.
impl std::fmt::Debug for ErrorTracking {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ErrorTracking")
            .field("host", &self.dsn.host())
            .field("environment", &self.environment)
            .finish_non_exhaustive()
    }
}

/// Starts the client; events are sent from a background thread. Keep the guard for the
/// life of the process: dropping it sends what is still queued (for up to 2 s).
pub fn init(settings: &ErrorTracking) -> ClientInitGuard {
    let options = ClientOptions {
        dsn: Some(settings.dsn.clone()),
        release: Some(Cow::Borrowed(concat!("webrana@", env!("CARGO_PKG_VERSION")))),
        environment: Some(Cow::Owned(settings.environment.clone())),
        send_default_pii: false,
        max_breadcrumbs: 0,
        before_send: Some(Arc::new(|event| Some(without_personal_data(event)))),
        ..ClientOptions::default()
    };
    sentry::init(options)
}

fn without_personal_data(mut event: Event<'static>) -> Event<'static> {
    event.user = None;
    event.request = None;
    event.breadcrumbs = Default::default();
    event
}

/// The scope of one request: its events carry these tags. Without a client configured it
/// is the current hub, and nothing is allocated.
pub fn request_hub(request_id: &str, method: &str, route: &str) -> Arc<Hub> {
    let main = Hub::main();
    if main.client().is_none() {
        return Hub::current();
    }
    let hub = Arc::new(Hub::new_from_top(&main));
    hub.configure_scope(|scope| {
        scope.set_tag("request_id", request_id);
        scope.set_tag("method", method);
        scope.set_tag("route", route);
    });
    hub
}

/// Reports a response with a server error, unless it is the answer to a panic (reported
/// by the panic integration when it happened, with its stack) or says it is no error.
pub fn report_server_error(hub: &Hub, response: &Response) {
    let status = response.status();
    let extensions = response.extensions();
    if !status.is_server_error()
        || extensions.get::<Panicked>().is_some()
        || extensions.get::<NotAnError>().is_some()
    {
        return;
    }
    hub.with_scope(
        |scope| scope.set_tag("status", status.as_u16()),
        || hub.capture_message(&format!("server error {status}"), Level::Error),
    );
}

/// Marks a server error status that reports a state rather than a failure (`/ready`'s 503).
#[derive(Debug, Clone, Copy)]
pub struct NotAnError;

/// Marks the 500 that answers a handler that panicked.
#[derive(Debug, Clone, Copy)]
pub struct Panicked;

/// A handler that panicked gets a plain 500, never the panic's text (`CatchPanicLayer`).
pub fn answer_panic(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let mut response = (StatusCode::INTERNAL_SERVER_ERROR, "internal server error\n").into_response();
    response.extensions_mut().insert(Panicked);
    response
}
