//! Minimal cookie reading and writing for preference cookies.

/// Value of cookie `name` in the request's `Cookie` headers, if present.
pub fn cookie_value(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"').to_string())
}

/// Adds a `Set-Cookie` for a long-lived preference to the current response.
/// `Secure` is added when the site is served over HTTPS (see `AppSettings::secure_cookies`).
pub fn set_preference_cookie(name: &str, value: &str, max_age_secs: u32) {
    use axum::http::{HeaderValue, header::SET_COOKIE};
    let secure = leptos::prelude::use_context::<crate::state::AppState>()
        .map(|state| state.settings.secure_cookies)
        .unwrap_or(true);
    let cookie = format!(
        "{name}={value}; Path=/; Max-Age={max_age_secs}; SameSite=Lax; HttpOnly{}",
        if secure { "; Secure" } else { "" }
    );
    if let (Some(response), Ok(header)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        response.append_header(SET_COOKIE, header);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue, header::COOKIE};

    #[test]
    fn finds_a_cookie_among_several() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; lang=en"));
        headers.append(COOKIE, HeaderValue::from_static("theme=dark"));
        assert_eq!(cookie_value(&headers, "lang").as_deref(), Some("en"));
        assert_eq!(cookie_value(&headers, "theme").as_deref(), Some("dark"));
        assert_eq!(cookie_value(&headers, "missing"), None);
        // A cookie whose name merely ends with the wanted name does not match.
        headers.append(COOKIE, HeaderValue::from_static("xlang=id"));
        assert_eq!(cookie_value(&headers, "lang").as_deref(), Some("en"));
    }
}
