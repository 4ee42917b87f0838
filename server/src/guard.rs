//! The request guard in front of every route: decides the client's IP address (for audit
//! entries and rate limits) and refuses cross-site state-changing requests (CSRF) before any
//! handler or server function runs.

use app::security::client_ip::{self, TrustedProxies};
use app::security::csrf;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct GuardSettings {
    /// Our public origin (`WEBRANA_PUBLIC_URL`).
    pub public_origin: String,
    pub trusted_proxies: TrustedProxies,
}

pub async fn guard(State(settings): State<Arc<GuardSettings>>, mut request: Request, next: Next) -> Response {
    if csrf::check(request.method(), request.headers(), &settings.public_origin).is_err() {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), "cross-site request refused");
        // The body is the JSON form of `AppError::Forbidden`, which server-function
        // clients decode into the usual "not allowed" message.
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            "\"Forbidden\"",
        )
            .into_response();
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or([127, 0, 0, 1].into(), |info| info.0.ip());
    let forwarded = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok());
    let ip = client_ip::resolve(peer, forwarded, &settings.trusted_proxies);
    request.extensions_mut().insert(ip);
    next.run(request).await
}
