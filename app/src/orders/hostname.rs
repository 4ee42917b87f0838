/// An RFC 1123 host label: 1–63 of `a-z`, `0-9` and `-`, not starting or ending with `-`.
/// Customers' input is lower-cased first (host names are case-insensitive).
pub fn valid_hostname(input: &str) -> Option<String> {
    let name = input.trim().to_ascii_lowercase();
    let ok = (1..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    ok.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::valid_hostname;

    #[test]
    fn accepts_rfc_1123_labels() {
        assert_eq!(valid_hostname("web-01").as_deref(), Some("web-01"));
        assert_eq!(valid_hostname(" Toko-Budi ").as_deref(), Some("toko-budi"));
        assert_eq!(valid_hostname("1").as_deref(), Some("1"));
        assert!(valid_hostname(&"a".repeat(63)).is_some());
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            "",
            "-web",
            "web-",
            "web_01",
            "web.example.com",
            "wéb",
            "a b",
            &"a".repeat(64),
        ] {
            assert_eq!(valid_hostname(bad), None, "{bad:?}");
        }
    }
}
