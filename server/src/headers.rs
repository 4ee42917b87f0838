//! The security headers every response carries (the policies themselves are in
//! `app::security::headers`). The Content-Security-Policy is decided here, per response:
//! a handler may choose its own (the service worker, the API docs); otherwise an HTML page
//! gets the page policy with the nonce made for this request (its scripts carry the same
//! one, see `provide_request_nonce`), anything else a policy that runs nothing.

use app::security::headers::{
    CspNonce, NON_PAGE_POLICY, PERMISSIONS_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, page_policy,
};
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::set_header::SetResponseHeaderLayer;

pub fn with_security_headers(router: Router, https: bool) -> Router {
    let fixed = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    let router = router
        .layer(axum::middleware::from_fn(content_security_policy))
        .layer(fixed(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        // For browsers older than `frame-ancestors`.
        .layer(fixed(header::X_FRAME_OPTIONS, "DENY"))
        .layer(fixed(header::REFERRER_POLICY, REFERRER_POLICY))
        .layer(fixed(
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ))
        .layer(fixed(
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ));
    if https {
        router.layer(fixed(
            header::STRICT_TRANSPORT_SECURITY,
            STRICT_TRANSPORT_SECURITY,
        ))
    } else {
        router
    }
}

/// Makes this request's nonce, then sets the policy that fits what was answered.
async fn content_security_policy(mut request: Request, next: Next) -> Response {
    let nonce = CspNonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|kind| kind.starts_with("text/html"));
    let policy = if response.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        // Chosen by the handler for what it answers (the service worker's, the API docs').
        None
    } else if html {
        HeaderValue::from_str(&page_policy(&nonce.0)).ok()
    } else {
        Some(HeaderValue::from_static(NON_PAGE_POLICY))
    };
    if let Some(policy) = policy {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}
