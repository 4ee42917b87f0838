//! One middleware for every request: adopt or create the request id, open the request span
//! (named by the matched route), time the response, count it, report a server error to
//! error tracking, log one line, echo the id.

use super::Ops;
use super::error_tracking;
use super::metrics::RequestLabels;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use sentry::SentryFutureExt;
use std::time::Instant;
use tracing::Instrument;

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");
/// Longest client-supplied request id we adopt; longer ones are replaced.
const MAX_REQUEST_ID_LEN: usize = 128;

/// The request id, available to handlers as an extension.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

pub async fn observe(mut request: Request, next: Next) -> Response {
    let request_id = request
        .headers()
        .get(&REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|id| is_acceptable_request_id(id))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let header = HeaderValue::from_str(&request_id).expect("request ids are checked to be header-safe");
    request.headers_mut().insert(REQUEST_ID_HEADER, header.clone());
    request.extensions_mut().insert(RequestId(request_id.clone()));

    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "<unmatched>".to_string(), |path| path.as_str().to_string());
    let method = request.method().to_string();
    let ops = request.extensions().get::<Ops>().cloned();
    let span = tracing::info_span!("request", request_id = %request_id, method = %method, route = %route);

    let hub = error_tracking::request_hub(&request_id, &method, &route);

    let started = Instant::now();
    let mut response = next
        .run(request)
        .instrument(span.clone())
        .bind_hub(hub.clone())
        .await;
    let elapsed = started.elapsed();
    error_tracking::report_server_error(&hub, &response);

    let status = response.status().as_u16();
    if let Some(ops) = ops {
        ops.metrics.observe_request(
            RequestLabels {
                method,
                route,
                status,
            },
            elapsed,
        );
    }
    span.in_scope(|| {
        tracing::info!(target: "webrana::http", status, latency_ms = elapsed.as_secs_f64() * 1000.0, "request finished");
    });
    response.headers_mut().insert(REQUEST_ID_HEADER, header);
    response
}

/// Accept ids that are short and made of safe characters (a UUID, a trace id, a ULID).
fn is_acceptable_request_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_REQUEST_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

#[cfg(test)]
mod tests {
    use super::is_acceptable_request_id;

    #[test]
    fn adopts_only_short_safe_request_ids() {
        assert!(is_acceptable_request_id("3f2b9c1e-8a7d-4c55-9e0f-123456789abc"));
        assert!(is_acceptable_request_id("lb:abc_123.x"));
        assert!(!is_acceptable_request_id(""));
        assert!(!is_acceptable_request_id("a b"));
        assert!(!is_acceptable_request_id("<script>"));
        assert!(!is_acceptable_request_id(&"a".repeat(129)));
    }
}
