//! Secrets we must be able to read back (a VPS's root password until its owner has seen
//! it, TOTP secrets), stored sealed: ChaCha20-Poly1305 with a server key, a random nonce per
//! value, and the owning row's id as associated data, so a sealed value copied onto another
//! row does not open there. Secrets we only compare (2FA recovery codes) are stored as
//! digests keyed with the same server key: a leaked table cannot be brute-forced offline.

use data_encoding::BASE64URL_NOPAD;
use rand::RngCore;
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::hmac;
use std::sync::Arc;

/// The server's sealing key. Cheap to clone; `Debug` shows nothing of it.
#[derive(Clone)]
pub struct SecretBox {
    key: Arc<LessSafeKey>,
    /// For keyed digests; derived from the key, so one configured secret serves both.
    digest_key: hmac::Key,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox([redacted])")
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    #[error("the key must be 32 bytes")]
    KeyLength,
    #[error("the sealed value is damaged, or sealed with another key or for another row")]
    Unreadable,
}

impl SecretBox {
    pub fn new(key: &[u8]) -> Result<SecretBox, SealError> {
        let sealing = UnboundKey::new(&CHACHA20_POLY1305, key).map_err(|_| SealError::KeyLength)?;
        let derived = hmac::sign(
            &hmac::Key::new(hmac::HMAC_SHA256, key),
            b"webrana keyed digests v1",
        );
        Ok(SecretBox {
            key: Arc::new(LessSafeKey::new(sealing)),
            digest_key: hmac::Key::new(hmac::HMAC_SHA256, derived.as_ref()),
        })
    }

    /// A fresh random key (tests; a first start without a configured key).
    pub fn random_key() -> [u8; 32] {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        key
    }

    /// `nonce ‖ ciphertext ‖ tag`, base64url.
    pub fn seal(&self, plaintext: &str, owner: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let mut data = plaintext.as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(owner.as_bytes()),
                &mut data,
            )
            .expect("a short value always seals");
        let mut sealed = nonce.to_vec();
        sealed.extend_from_slice(&data);
        BASE64URL_NOPAD.encode(&sealed)
    }

    /// HMAC-SHA256 of `value` for `purpose` (keeps digests of different uses apart), hex.
    pub fn keyed_digest(&self, purpose: &str, value: &str) -> String {
        let mut context = hmac::Context::with_key(&self.digest_key);
        context.update(purpose.as_bytes());
        context.update(&[0]);
        context.update(value.as_bytes());
        data_encoding::HEXLOWER.encode(context.sign().as_ref())
    }

    pub fn open(&self, sealed: &str, owner: &str) -> Result<String, SealError> {
        let bytes = BASE64URL_NOPAD
            .decode(sealed.as_bytes())
            .map_err(|_| SealError::Unreadable)?;
        if bytes.len() < NONCE_LEN {
            return Err(SealError::Unreadable);
        }
        let (nonce, data) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| SealError::Unreadable)?;
        let mut data = data.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(owner.as_bytes()), &mut data)
            .map_err(|_| SealError::Unreadable)?;
        String::from_utf8(plain.to_vec()).map_err(|_| SealError::Unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_only_with_the_same_key_and_owner() {
        let sealing = SecretBox::new(&SecretBox::random_key()).unwrap();
        let sealed = sealing.seal("Kx7mPq2ZrT9vWn4bHs8dLc3f", "order-1");
        assert!(!sealed.contains("Kx7m"));
        assert_ne!(
            sealed,
            sealing.seal("Kx7mPq2ZrT9vWn4bHs8dLc3f", "order-1"),
            "a fresh nonce each time"
        );
        assert_eq!(
            sealing.open(&sealed, "order-1").unwrap(),
            "Kx7mPq2ZrT9vWn4bHs8dLc3f"
        );
        assert_eq!(sealing.open(&sealed, "order-2"), Err(SealError::Unreadable));
        let other = SecretBox::new(&SecretBox::random_key()).unwrap();
        assert_eq!(other.open(&sealed, "order-1"), Err(SealError::Unreadable));
        assert_eq!(sealing.open("not base64!", "order-1"), Err(SealError::Unreadable));
        assert_eq!(sealing.open("", "order-1"), Err(SealError::Unreadable));
        assert!(SecretBox::new(&[0u8; 16]).is_err());
    }

    #[test]
    fn keyed_digests_depend_on_the_key_and_the_purpose() {
        let sealing = SecretBox::new(&SecretBox::random_key()).unwrap();
        let digest = sealing.keyed_digest("recovery", "ABCDE12345");
        assert_eq!(digest.len(), 64);
        assert_eq!(digest, sealing.keyed_digest("recovery", "ABCDE12345"));
        assert_ne!(digest, sealing.keyed_digest("other", "ABCDE12345"));
        assert_ne!(digest, crate::security::tokens::digest("ABCDE12345"));
        let other = SecretBox::new(&SecretBox::random_key()).unwrap();
        assert_ne!(digest, other.keyed_digest("recovery", "ABCDE12345"));
    }
}
