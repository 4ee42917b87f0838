//! Password policy and hashing (argon2id). Hashing is deliberately slow, so it runs on the
//! blocking thread pool, never on the async executor.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};

pub const MIN_PASSWORD_LEN: usize = 10;
/// Upper bound so a megabyte "password" cannot tie up a hashing thread.
pub const MAX_PASSWORD_LEN: usize = 128;
/// zxcvbn score (0–4) a password must reach: 3 = "safely unguessable".
const MIN_STRENGTH_SCORE: u8 = 3;
/// Shorter name or e-mail parts ("id", "co") are too common to refuse.
const MIN_PERSONAL_WORD_LEN: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordPolicyError {
    #[error("the password must have at least {MIN_PASSWORD_LEN} characters")]
    TooShort,
    #[error("the password must have at most {MAX_PASSWORD_LEN} characters")]
    TooLong,
    #[error("the password is one of the most commonly used passwords")]
    TooCommon,
    #[error("the password is too easy to guess (common word, pattern or personal data)")]
    TooWeak,
}

/// The shipped list of the most common passwords (see the file's header).
const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

/// Whether `password` (compared case-insensitively) is on the common-passwords list.
pub fn is_common_password(password: &str) -> bool {
    static LIST: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    let list = LIST.get_or_init(|| {
        COMMON_PASSWORDS
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    });
    list.contains(password.to_lowercase().as_str())
}

/// Checks a new password. `related` holds the user's own data (e-mail, name), which must
/// not make the password guessable.
pub fn check_policy(password: &str, related: &[&str]) -> Result<(), PasswordPolicyError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_LEN {
        return Err(PasswordPolicyError::TooShort);
    }
    if length > MAX_PASSWORD_LEN {
        return Err(PasswordPolicyError::TooLong);
    }
    if is_common_password(password) {
        return Err(PasswordPolicyError::TooCommon);
    }
    // Your own name or e-mail inside the password makes it guessable for anyone who knows you.
    let lowered = password.to_lowercase();
    let personal = related
        .iter()
        .flat_map(|input| input.split(|c: char| !c.is_alphanumeric()))
        .filter(|word| word.chars().count() >= MIN_PERSONAL_WORD_LEN)
        .any(|word| lowered.contains(&word.to_lowercase()));
    if personal {
        return Err(PasswordPolicyError::TooWeak);
    }
    let strength = zxcvbn::zxcvbn(password, related);
    if (strength.score() as u8) < MIN_STRENGTH_SCORE {
        return Err(PasswordPolicyError::TooWeak);
    }
    Ok(())
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed")]
pub struct HashError;

/// At most one argon2 computation per CPU at a time. Each takes ~19 MiB and a few dozen
/// milliseconds of a core; a burst of sign-ins (or someone posting passwords as fast as the
/// per-IP limit allows, from many addresses) would otherwise fill the blocking thread pool
/// and memory and starve everything else. Callers over the bound wait their turn.
/// A process-wide bound on purpose: the CPUs are the process's, whatever the database.
static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    let cpus = std::thread::available_parallelism().map_or(2, usize::from);
    tokio::sync::Semaphore::new(cpus)
});

/// Runs one argon2 computation once a hashing slot is free.
async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let _slot = HASHING.acquire().await.ok()?;
    tokio::task::spawn_blocking(work).await.ok()
}

/// Hashes with argon2id and a random salt (PHC string).
pub async fn hash_password(password: String) -> Result<String, HashError> {
    hashing(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|_| HashError)
    })
    .await
    .ok_or(HashError)?
}

/// Verifies in constant time. A malformed stored hash verifies as false.
pub async fn verify_password(password: String, stored_hash: String) -> bool {
    hashing(move || {
        PasswordHash::new(&stored_hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod bound_tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// With every slot taken, an argon2 computation does not start; it starts as soon as a
    /// slot is free.
    #[tokio::test]
    async fn hashing_waits_for_a_free_slot() {
        let slots = HASHING.available_permits();
        let all = HASHING.acquire_many(slots as u32).await.unwrap();
        let started = Arc::new(AtomicBool::new(false));
        let work = {
            let started = started.clone();
            move || started.store(true, Ordering::SeqCst)
        };
        let waiting = tokio::spawn(hashing(work));
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(!started.load(Ordering::SeqCst), "ran without a slot");
        drop(all);
        assert!(waiting.await.unwrap().is_some());
        assert!(started.load(Ordering::SeqCst));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_short_common_and_personal_passwords() {
        assert_eq!(check_policy("Ab1!", &[]), Err(PasswordPolicyError::TooShort));
        assert_eq!(
            check_policy("password123", &[]),
            Err(PasswordPolicyError::TooCommon)
        );
        assert_eq!(
            check_policy("aaaaaaaaaaaaaaa", &[]),
            Err(PasswordPolicyError::TooWeak)
        );
        assert_eq!(
            check_policy("qwertyuiopasdf", &[]),
            Err(PasswordPolicyError::TooWeak)
        );
        assert_eq!(
            check_policy("budisantoso2026", &["budi.santoso@example.com", "Budi Santoso"]),
            Err(PasswordPolicyError::TooWeak)
        );
        assert_eq!(
            check_policy(&"x".repeat(129), &[]),
            Err(PasswordPolicyError::TooLong)
        );
    }

    #[test]
    fn refuses_listed_common_passwords_in_any_case() {
        assert!(is_common_password("password"));
        assert!(is_common_password("Bismillah123"));
        assert_eq!(
            check_policy("1234567890", &[]),
            Err(PasswordPolicyError::TooCommon)
        );
        assert_eq!(
            check_policy("Indonesia123", &[]),
            Err(PasswordPolicyError::TooCommon)
        );
        assert!(!is_common_password("kopi-tubruk-di-pagi-hujan-73"));
    }

    #[test]
    fn accepts_a_long_unusual_passphrase() {
        assert_eq!(check_policy("kopi-tubruk-di-pagi-hujan-73", &[]), Ok(()));
    }

    #[tokio::test]
    async fn hashes_verify_only_the_same_password() {
        let hash = hash_password("kopi-tubruk-di-pagi-hujan-73".into())
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("kopi-tubruk-di-pagi-hujan-73".into(), hash.clone()).await);
        assert!(!verify_password("kopi-tubruk-di-pagi-hujan-74".into(), hash).await);
        assert!(!verify_password("x".into(), "not a hash".into()).await);
    }
}
