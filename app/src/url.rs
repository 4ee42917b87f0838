//! URL helpers shared by the server and the browser.

/// Percent-encodes a query value or path segment (RFC 3986 unreserved characters stay).
pub fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where to go after signing in or up: `next` if it is a path on this site, else `fallback`.
/// Anything else ("//evil.example", "https://…", "/\\evil") would be an open redirect.
pub fn safe_next<'a>(next: &'a str, fallback: &'a str) -> &'a str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    if local { next } else { fallback }
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_must_stay_on_this_site() {
        use super::safe_next;
        assert_eq!(safe_next("/order?plan=a&cycle=12", "/"), "/order?plan=a&cycle=12");
        for outside in [
            "",
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "/a\nb",
        ] {
            assert_eq!(safe_next(outside, "/"), "/", "{outside:?}");
        }
    }

    #[test]
    fn keeps_unreserved_and_encodes_the_rest() {
        assert_eq!(
            super::percent_encode("budi santoso@x.id"),
            "budi%20santoso%40x.id"
        );
    }
}
