//! The spec-validating mocks of the clouds' APIs (Prism, started by scripts/test.sh) at
//! `WEBRANA_TEST_PRISM_{DIGITALOCEAN,VULTR,LINODE}`.
#![allow(dead_code)]

/// The mock of `provider`'s API. Without it a test is skipped with a notice, unless
/// `WEBRANA_REQUIRE_PRISM` is set (CI), where a missing mock is a failure.
pub fn mock(provider: &str) -> Option<String> {
    let name = format!("WEBRANA_TEST_PRISM_{}", provider.to_ascii_uppercase());
    match std::env::var(&name) {
        Ok(url) => Some(url),
        Err(_) if std::env::var("WEBRANA_REQUIRE_PRISM").is_ok() => {
            panic!("{name} is not set but WEBRANA_REQUIRE_PRISM is: start the mocks (scripts/test.sh does)")
        }
        Err(_) => {
            eprintln!("skipped: {name} not set, {provider} not checked");
            None
        }
    }
}
