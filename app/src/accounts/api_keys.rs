//! Personal API keys: a user creates one (shown once), names it, and revokes it; a program
//! sends it as `Authorization: Bearer wbr_…` to act as that user on the REST API and the
//! notification socket. Stored as a SHA-256 digest (a database leak hands out no key).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Every key starts with this, so a leaked one is easy to recognise (and to scan for).
pub const KEY_PREFIX: &str = "wbr_";
/// Keys a user may hold at once.
pub const MAX_KEYS: i64 = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: String,
    pub name: String,
    /// The key's first characters, e.g. `wbr_Ab3x`.
    pub prefix: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// The caller's keys that are not revoked, newest first.
#[server(endpoint = "account/api-keys")]
pub async fn list_api_keys() -> Result<Vec<ApiKeyView>, AppError> {
    let user = super::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    ssr::list(&state.db, &user.id).await.map_err(AppError::internal)
}

/// Creates a key; returns it in full — the only time it is shown. Only for a confirmed
/// address (a key outlives sessions; an unconfirmed sign-up may be someone else's address).
#[server(endpoint = "account/api-keys/create")]
pub async fn create_api_key(name: String) -> Result<String, AppError> {
    use super::validation::field_error;
    use crate::ui::FormText;
    let user = super::auth::ssr::require_verified_user().await?;
    let state = crate::state::AppState::from_context()?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(field_error("name", FormText::Required).with_status());
    }
    if ssr::list(&state.db, &user.id)
        .await
        .map_err(AppError::internal)?
        .len() as i64
        >= MAX_KEYS
    {
        return Err(AppError::Conflict("too many keys".into()).with_status());
    }
    ssr::create(&state.db, state.clock.now(), &user.id, name)
        .await
        .map_err(AppError::internal)
}

/// Revokes one of the caller's keys (another's is "not found").
#[server(endpoint = "account/api-keys/revoke")]
pub async fn revoke_api_key(id: String) -> Result<(), AppError> {
    let user = super::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    if !ssr::revoke(&state.db, state.clock.now(), &user.id, &id)
        .await
        .map_err(AppError::internal)?
    {
        return Err(AppError::NotFound.with_status());
    }
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{ApiKeyView, KEY_PREFIX};
    use crate::accounts::store::UserRow;
    use crate::clock::rfc3339;
    use crate::db::{Db, Tx};
    use crate::ids::UserId;
    use crate::security::tokens::{digest, new_url_token};
    use crate::{on_db, on_tx};
    use chrono::{DateTime, Duration, Utc};

    /// `last_used_at` is written at most this often per key (not on every request).
    const TOUCH_EVERY: Duration = Duration::minutes(1);

    #[derive(sqlx::FromRow)]
    struct KeyRow {
        id: String,
        name: String,
        prefix: String,
        created_at: DateTime<Utc>,
        last_used_at: Option<DateTime<Utc>>,
    }

    pub async fn list(db: &Db, user_id: &UserId) -> Result<Vec<ApiKeyView>, sqlx::Error> {
        let rows: Vec<KeyRow> = on_db!(db, pool => sqlx::query_as(
            "SELECT id, name, prefix, created_at, last_used_at FROM api_keys \
             WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC",
        )
        .bind(user_id)
        .fetch_all(pool)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|row| ApiKeyView {
                id: row.id,
                name: row.name,
                prefix: row.prefix,
                created_at: rfc3339(&row.created_at),
                last_used_at: row.last_used_at.as_ref().map(rfc3339),
            })
            .collect())
    }

    pub async fn create(
        db: &Db,
        now: DateTime<Utc>,
        user_id: &UserId,
        name: &str,
    ) -> Result<String, sqlx::Error> {
        let key = format!("{KEY_PREFIX}{}", new_url_token());
        on_db!(db, pool => sqlx::query(
            "INSERT INTO api_keys (id, user_id, name, prefix, digest, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(user_id)
        .bind(name)
        .bind(&key[..KEY_PREFIX.len() + 4])
        .bind(digest(&key))
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(key)
    }

    pub async fn revoke(
        db: &Db,
        now: DateTime<Utc>,
        user_id: &UserId,
        id: &str,
    ) -> Result<bool, sqlx::Error> {
        on_db!(db, pool => sqlx::query(
            "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .bind(user_id)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1))
    }

    /// Revokes every live key of a user; returns how many.
    pub async fn revoke_all_in(
        tx: &mut Tx,
        now: DateTime<Utc>,
        user_id: &UserId,
    ) -> Result<u64, sqlx::Error> {
        on_tx!(tx, conn => sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(user_id)
            .execute(&mut *conn)
            .await
            .map(|done| done.rows_affected()))
    }

    /// Whether the key with this digest is still live (a socket's periodic check).
    pub async fn is_live(db: &Db, key_digest: &str) -> Result<bool, sqlx::Error> {
        let found: i64 = on_db!(db, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM api_keys WHERE digest = $1 AND revoked_at IS NULL",
        )
        .bind(key_digest)
        .fetch_one(pool)
        .await)?;
        Ok(found > 0)
    }

    /// The active user a key belongs to, if the key is live.
    pub async fn user_for_key(
        db: &Db,
        now: DateTime<Utc>,
        key: &str,
    ) -> Result<Option<UserRow>, sqlx::Error> {
        if !key.starts_with(KEY_PREFIX) {
            return Ok(None);
        }
        let found: Option<(String, String, Option<DateTime<Utc>>)> = on_db!(db, pool => sqlx::query_as(
            "SELECT id, user_id, last_used_at FROM api_keys WHERE digest = $1 AND revoked_at IS NULL",
        )
        .bind(digest(key))
        .fetch_optional(pool)
        .await)?;
        let Some((id, user_id, last_used)) = found else {
            return Ok(None);
        };
        if last_used.is_none_or(|at| now - at > TOUCH_EVERY) {
            on_db!(db, pool => sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(&id)
                .execute(pool)
                .await
                .map(|_| ()))?;
        }
        Ok(crate::accounts::store::find_by_id(db, &user_id.into())
            .await?
            .filter(|user| user.status == crate::accounts::AccountStatus::Active))
    }

    /// The key of an `Authorization: Bearer …` header, if any.
    pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
        headers
            .get(axum::http::header::AUTHORIZATION)?
            .to_str()
            .ok()?
            .strip_prefix("Bearer ")
            .map(str::trim)
    }
}
