//! Security headers on every response. Pages get a Content-Security-Policy that allows only
//! inline scripts carrying this response's nonce (Leptos puts it on its hydration and
//! resource scripts, the shell on the theme script) and script files of our own origin (the
//! bundle's JavaScript); every other response gets a policy that allows no script at all.
//! No `'strict-dynamic'`: it would also let any script create and run further inline
//! scripts, and all our scripts are our own files. The remaining headers
//! are the same everywhere and are added by `tower-http` layers in the server.

use axum::http::HeaderValue;

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

/// Browser features no page of ours uses.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

/// Full URLs go to our own pages only (reset and verification links carry tokens).
pub const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";

/// Two years, subdomains included: sent only when the public URL is https.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000; includeSubDomains";

/// Called in the context of every rendered page and server function: sets the page policy
/// with the nonce Leptos generated for this response.
pub fn set_page_policy() {
    use leptos::prelude::use_context;
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&page_policy(&nonce)) {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
