//! Refusing cross-site state-changing requests (CSRF).
//!
//! Session cookies are `SameSite=Lax`, so most browsers never attach them to a cross-site
//! POST. This check covers the rest: a browser tells us where a request comes from
//! (`Sec-Fetch-Site`, else `Origin`), and an unsafe method from another site is refused
//! before any handler or server function runs. Requests that carry neither header are not
//! from a browser page (API clients, payment webhooks) and have no ambient cookies to abuse
//! unless they hold a session cookie themselves.

use axum::http::{HeaderMap, Method, header};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cross-site request refused")]
pub struct CrossSiteRequest;

/// Checks one request. `public_origin` is our public base URL (`scheme://host[:port]`).
pub fn check(method: &Method, headers: &HeaderMap, public_origin: &str) -> Result<(), CrossSiteRequest> {
    if matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) {
        return Ok(());
    }
    // An API key is sent on purpose, never by the browser on its own: a page of another
    // site can only send one after our CORS policy allowed it (and the key is what acts,
    // never the cookie: `accounts::caller`).
    if headers
        .get(header::AUTHORIZATION)
        .is_some_and(|value| value.as_bytes().starts_with(b"Bearer "))
    {
        return Ok(());
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        // "none" is a user action (bookmark, typed URL); "same-origin" is our own page.
        return match site.as_bytes() {
            b"same-origin" | b"none" => Ok(()),
            _ => Err(CrossSiteRequest),
        };
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|value| value.to_str().ok()) else {
        return Ok(());
    };
    let host = headers.get(header::HOST).and_then(|value| value.to_str().ok());
    let same_host = host.is_some_and(|host| origin_host(origin) == Some(host));
    if origin == public_origin.trim_end_matches('/') || same_host {
        Ok(())
    } else {
        Err(CrossSiteRequest)
    }
}

/// `host[:port]` of an origin such as `https://example.com:8443`; `None` for `null`.
fn origin_host(origin: &str) -> Option<&str> {
    origin.split_once("://").map(|(_, host)| host)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLIC: &str = "https://webrana.example";

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (header::HeaderName::from_static(name), value.parse().unwrap()))
            .collect()
    }

    #[test]
    fn safe_methods_always_pass() {
        let h = headers(&[("sec-fetch-site", "cross-site")]);
        assert!(check(&Method::GET, &h, PUBLIC).is_ok());
    }

    #[test]
    fn a_request_with_an_api_key_is_not_a_forgery() {
        let h = headers(&[
            ("sec-fetch-site", "cross-site"),
            ("authorization", "Bearer wbr_x"),
        ]);
        assert!(check(&Method::POST, &h, PUBLIC).is_ok());
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        for (site, allowed) in [
            ("same-origin", true),
            ("none", true),
            ("same-site", false),
            ("cross-site", false),
        ] {
            let h = headers(&[("sec-fetch-site", site), ("origin", "https://webrana.example")]);
            assert_eq!(check(&Method::POST, &h, PUBLIC).is_ok(), allowed, "{site}");
        }
    }

    #[test]
    fn origin_must_be_ours_when_there_is_no_fetch_metadata() {
        let ours = headers(&[("origin", "https://webrana.example")]);
        let same_host = headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")]);
        let evil = headers(&[("origin", "https://evil.example"), ("host", "webrana.example")]);
        let opaque = headers(&[("origin", "null"), ("host", "webrana.example")]);
        assert!(check(&Method::POST, &ours, PUBLIC).is_ok());
        assert!(check(&Method::POST, &same_host, PUBLIC).is_ok());
        assert!(check(&Method::POST, &evil, PUBLIC).is_err());
        assert!(check(&Method::DELETE, &opaque, PUBLIC).is_err());
    }

    #[test]
    fn non_browser_clients_without_origin_pass() {
        assert!(check(&Method::POST, &HeaderMap::new(), PUBLIC).is_ok());
    }
}
