//! Security headers on every response. HTML pages get a Content-Security-Policy that allows only
//! inline scripts carrying this response's nonce (Leptos puts it on its hydration and
//! resource scripts, the shell on the theme script) and script files of our own origin (the
//! bundle's JavaScript); every other response gets a policy that allows no script at all.
//! No `'strict-dynamic'`: it would also let any script create and run further inline
//! scripts, and all our scripts are our own files. The remaining headers
//! are the same everywhere and are added by `tower-http` layers in the server.

/// The policy of a page rendered with `nonce`. `'wasm-unsafe-eval'` lets the page compile its
/// WASM bundle (it allows no JavaScript `eval`); `'self'` for `connect-src` covers the
/// same-origin WebSocket of the notification push.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Responses that are not pages (server functions, REST, files, errors): nothing may run.
pub const NON_PAGE_POLICY: &str = "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The service worker's own policy (a worker script is governed by the policy it was served
/// with): it runs no other script and fetches only from our origin.
pub const SERVICE_WORKER_POLICY: &str = "default-src 'none'; connect-src 'self'";

/// The API documentation's policy (Swagger UI, served from the binary): its own scripts and
/// styles, inline style attributes (it sets them), calls to our own API only.
pub const API_DOCS_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Browser features no page of ours uses.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

/// Full URLs go to our own pages only (reset and verification links carry tokens).
pub const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";

/// Two years, subdomains included: sent only when the public URL is https.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000; includeSubDomains";

/// This response's CSP nonce: made by the server's header middleware before the request is
/// handled (which also puts it in the response's policy), and given to Leptos in the
/// request's context so its scripts and the shell's carry the same value.
#[derive(Debug, Clone)]
pub struct CspNonce(pub std::sync::Arc<str>);

impl CspNonce {
    /// 128 random bits, base64url (what Leptos makes too).
    pub fn new() -> CspNonce {
        CspNonce(leptos::nonce::Nonce::new().as_inner().clone())
    }
}

impl Default for CspNonce {
    fn default() -> Self {
        CspNonce::new()
    }
}

/// Called in the Leptos context of every request: replaces the nonce Leptos generated with
/// the request's own. (Leptos's `ResponseOptions` cannot carry the policy: a static file
/// served at the same moment on the same thread can take another response's headers,
/// leptos_axum's file handler creating its owner under whichever owner is current.)
pub fn provide_request_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn page_policy_allows_no_inline_script_without_the_nonce() {
        let policy = page_policy("abc123");
        let scripts = policy
            .split(';')
            .find(|directive| directive.trim().starts_with("script-src"))
            .unwrap();
        assert!(scripts.contains("'nonce-abc123'"));
        assert!(!scripts.contains("unsafe-inline"));
        assert!(!scripts.contains("'unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(HeaderValue::from_str(&policy).is_ok());
    }
}
