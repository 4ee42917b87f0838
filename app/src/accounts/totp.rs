//! Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, 30-second steps,
//! 6 digits — the parameters every authenticator app (Google Authenticator, Authy, …)
//! assumes when it scans an `otpauth://` QR code.

use chrono::{DateTime, Utc};
use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;

const STEP_SECS: i64 = 30;
const DIGITS: u32 = 6;
/// Codes of the neighbouring steps are accepted too (clock drift, slow typing).
const ALLOWED_DRIFT_STEPS: i64 = 1;
/// 160-bit secrets, as RFC 4226 recommends.
const SECRET_BYTES: usize = 20;
const ISSUER: &str = "WeBrana Cloud";

/// A new random secret, base32 (what authenticator apps accept when typed in).
pub fn new_secret() -> String {
    crate::security::tokens::new_base32_secret(SECRET_BYTES)
}

/// The time step a moment falls in.
pub fn step_at(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(STEP_SECS)
}

/// The code for `step` (RFC 4226 section 5.3, dynamic truncation).
pub fn code_at_step(secret: &str, step: i64) -> Option<String> {
    let key = BASE32_NOPAD.decode(secret.as_bytes()).ok()?;
    let mut mac = Hmac::<Sha1>::new_from_slice(&key).ok()?;
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let binary = u32::from_be_bytes([
        digest[offset],
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]) & 0x7fff_ffff;
    Some(format!(
        "{:0width$}",
        binary % 10u32.pow(DIGITS),
        width = DIGITS as usize
    ))
}

/// The step whose code `code` is, if it is valid around `now`. Constant-time comparison.
pub fn matching_step(secret: &str, code: &str, now: DateTime<Utc>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let current = step_at(now);
    (current - ALLOWED_DRIFT_STEPS..=current + ALLOWED_DRIFT_STEPS).find(|step| {
        code_at_step(secret, *step)
            .is_some_and(|expected| bool::from(expected.as_bytes().ct_eq(code.as_bytes())))
    })
}

/// The `otpauth://` URI authenticator apps read from the QR code.
pub fn provisioning_uri(secret: &str, account: &str) -> String {
    let encode = crate::url::percent_encode;
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        issuer = encode(ISSUER),
        account = encode(account),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B test secret ("12345678901234567890" in ASCII), SHA-1 vectors,
    /// last six digits of the eight-digit values given there.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn matches_the_rfc_6238_test_vectors() {
        for (unix, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            let at = DateTime::from_timestamp(unix, 0).unwrap();
            assert_eq!(code_at_step(RFC_SECRET, step_at(at)).unwrap(), code, "T = {unix}");
        }
    }

    #[test]
    fn accepts_neighbouring_steps_only() {
        let now = DateTime::from_timestamp(1_234_567_890, 0).unwrap();
        let step = step_at(now);
        let code = |s| code_at_step(RFC_SECRET, s).unwrap();
        assert_eq!(matching_step(RFC_SECRET, &code(step), now), Some(step));
        assert_eq!(matching_step(RFC_SECRET, &code(step - 1), now), Some(step - 1));
        assert_eq!(matching_step(RFC_SECRET, &code(step + 1), now), Some(step + 1));
        assert_eq!(matching_step(RFC_SECRET, &code(step - 2), now), None);
        assert_eq!(matching_step(RFC_SECRET, "12345", now), None);
        assert_eq!(matching_step(RFC_SECRET, "abcdef", now), None);
    }

    #[test]
    fn the_qr_code_carries_a_standard_otpauth_uri() {
        let uri = provisioning_uri("JBSWY3DPEHPK3PXP", "budi@webrana.test");
        assert_eq!(
            uri,
            "otpauth://totp/WeBrana%20Cloud:budi%40webrana.test?secret=JBSWY3DPEHPK3PXP&issuer=WeBrana%20Cloud\
             &algorithm=SHA1&digits=6&period=30"
        );
        let svg = crate::qr::qr_svg(&uri).unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }
}
