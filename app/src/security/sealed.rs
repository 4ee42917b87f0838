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

/// The server's sealing key, and the keys it replaced (still accepted while a rotation is
/// under way, see `docs/SECURITY.md`). Cheap to clone; `Debug` shows nothing of it.
#[derive(Clone)]
pub struct SecretBox {
    current: Arc<Key>,
    previous: Arc<Vec<Key>>,
}

/// One key generation: the AEAD key, and the digest key derived from it (one configured
/// secret serves both).
struct Key {
    sealing: LessSafeKey,
    digest: hmac::Key,
}

impl Key {
    fn new(bytes: &[u8]) -> Result<Key, SealError> {
        let sealing = UnboundKey::new(&CHACHA20_POLY1305, bytes).map_err(|_| SealError::KeyLength)?;
        let derived = hmac::sign(
            &hmac::Key::new(hmac::HMAC_SHA256, bytes),
            b"webrana keyed digests v1",
        );
        Ok(Key {
            sealing: LessSafeKey::new(sealing),
            digest: hmac::Key::new(hmac::HMAC_SHA256, derived.as_ref()),
        })
    }

    fn open(&self, nonce: &[u8], data: &[u8], owner: &str) -> Option<String> {
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut data = data.to_vec();
        let plain = self
            .sealing
            .open_in_place(nonce, Aad::from(owner.as_bytes()), &mut data)
            .ok()?;
        String::from_utf8(plain.to_vec()).ok()
    }

    fn digest(&self, purpose: &str, value: &str) -> String {
        let mut context = hmac::Context::with_key(&self.digest);
        context.update(purpose.as_bytes());
        context.update(&[0]);
        context.update(value.as_bytes());
        data_encoding::HEXLOWER.encode(context.sign().as_ref())
    }
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
        Ok(SecretBox {
            current: Arc::new(Key::new(key)?),
            previous: Arc::new(Vec::new()),
        })
    }

    /// Also accepts values sealed, and digests keyed, with `previous` (a key being retired).
    pub fn with_previous(self, previous: &[u8]) -> Result<SecretBox, SealError> {
        Ok(SecretBox {
            current: self.current,
            previous: Arc::new(vec![Key::new(previous)?]),
        })
    }

    /// A fresh random key (tests; a first start without a configured key).
    pub fn random_key() -> [u8; 32] {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        key
    }

    /// `nonce ‖ ciphertext ‖ tag`, base64url, with the current key.
    pub fn seal(&self, plaintext: &str, owner: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let mut data = plaintext.as_bytes().to_vec();
        self.current
            .sealing
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

    /// Opens a value sealed with the current key or a previous one.
    pub fn open(&self, sealed: &str, owner: &str) -> Result<String, SealError> {
        self.open_with_key(sealed, owner).map(|(plain, _)| plain)
    }

    /// The value sealed again with the current key when it was sealed with a previous one
    /// (`None` when it is current already): what `webrana reseal` stores.
    pub fn reseal(&self, sealed: &str, owner: &str) -> Result<Option<String>, SealError> {
        match self.open_with_key(sealed, owner)? {
            (_, true) => Ok(None),
            (plain, false) => Ok(Some(self.seal(&plain, owner))),
        }
    }

    /// The plaintext, and whether the current key opened it.
    fn open_with_key(&self, sealed: &str, owner: &str) -> Result<(String, bool), SealError> {
        let bytes = BASE64URL_NOPAD
            .decode(sealed.as_bytes())
            .map_err(|_| SealError::Unreadable)?;
        if bytes.len() < NONCE_LEN {
            return Err(SealError::Unreadable);
        }
        let (nonce, data) = bytes.split_at(NONCE_LEN);
        if let Some(plain) = self.current.open(nonce, data, owner) {
            return Ok((plain, true));
        }
        self.previous
            .iter()
            .find_map(|key| key.open(nonce, data, owner))
            .map(|plain| (plain, false))
            .ok_or(SealError::Unreadable)
    }

    /// HMAC-SHA256 of `value` for `purpose` (keeps digests of different uses apart), hex,
    /// with the current key: the form to store.
    pub fn keyed_digest(&self, purpose: &str, value: &str) -> String {
        self.current.digest(purpose, value)
    }

    /// The digests `value` may be stored under: the current key's first, then the
    /// previous keys' (stored before the rotation).
    pub fn keyed_digests(&self, purpose: &str, value: &str) -> Vec<String> {
        std::iter::once(&*self.current)
            .chain(self.previous.iter())
            .map(|key| key.digest(purpose, value))
            .collect()
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

    #[test]
    fn a_rotated_key_still_opens_and_reseal_moves_values_to_the_new_key() {
        let (old_key, new_key) = (SecretBox::random_key(), SecretBox::random_key());
        let old = SecretBox::new(&old_key).unwrap();
        let sealed = old.seal("rahasia", "user-1");
        let digest = old.keyed_digest("recovery", "ABCDE12345");

        let rotating = SecretBox::new(&new_key).unwrap().with_previous(&old_key).unwrap();
        assert_eq!(rotating.open(&sealed, "user-1").unwrap(), "rahasia");
        assert!(rotating.keyed_digests("recovery", "ABCDE12345").contains(&digest));
        assert_ne!(rotating.keyed_digest("recovery", "ABCDE12345"), digest);
        let resealed = rotating
            .reseal(&sealed, "user-1")
            .unwrap()
            .expect("moved to the new key");
        assert_eq!(
            rotating.reseal(&resealed, "user-1").unwrap(),
            None,
            "already current"
        );
        assert_eq!(rotating.reseal(&sealed, "user-2"), Err(SealError::Unreadable));

        let rotated = SecretBox::new(&new_key).unwrap();
        assert_eq!(rotated.open(&resealed, "user-1").unwrap(), "rahasia");
        assert_eq!(rotated.open(&sealed, "user-1"), Err(SealError::Unreadable));
    }
}
