//! Random secrets sent to users (e-mail links, recovery codes) and how we store them: only a
//! SHA-256 digest, so a database leak does not hand out working links. The digest is looked
//! up by index; with 256-bit random tokens there is nothing to learn from lookup timing.

use data_encoding::{BASE32_NOPAD, BASE64URL_NOPAD, HEXLOWER};
use sha2::{Digest, Sha256};

/// A URL-safe token with 256 bits of randomness.
pub fn new_url_token() -> String {
    BASE64URL_NOPAD.encode(&rand::random::<[u8; 32]>())
}

/// `bytes` random bytes as upper-case base32 (no padding): easy to read out and type.
pub fn new_base32_secret(bytes: usize) -> String {
    let secret: Vec<u8> = (0..bytes).map(|_| rand::random::<u8>()).collect();
    BASE32_NOPAD.encode(&secret)
}

/// The stored form of a token: lower-case hex SHA-256.
pub fn digest(token: &str) -> String {
    HEXLOWER.encode(&Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_url_safe_and_stored_as_digests() {
        let (a, b) = (new_url_token(), new_url_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        assert_eq!(digest(&a).len(), 64);
        assert_eq!(digest(&a), digest(&a));
        assert_eq!(new_base32_secret(20).len(), 32);
    }
}
