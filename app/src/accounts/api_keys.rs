//! Personal API keys: a user creates one (shown once), names it, gives it scopes and
//! optionally an expiry, and revokes it; a program sends it as `Authorization: Bearer wbr_…`
//! to act as that user, within its scopes, on the REST API and the notification socket.
//! Stored as a SHA-256 digest (a database leak hands out no key). Making and revoking a key
//! is audited; staff list and revoke anyone's (`admin::api_keys`).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Every key starts with this, so a leaked one is easy to recognise (and to scan for).
pub const KEY_PREFIX: &str = "wbr_";
/// Keys a user may hold at once.
pub const MAX_KEYS: i64 = 10;

/// The interactive API documentation (served by the server, not a page of the app).
pub const API_DOCS_PATH: &str = "/api/docs/";

/// Expiry choices offered when a key is made, in days (none: the key lives until revoked).
pub const EXPIRY_DAYS: [i64; 3] = [30, 90, 365];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: String,
    pub name: String,
    /// The key's first characters, e.g. `wbr_Ab3x`.
    pub prefix: String,
    /// Scope codes, e.g. `orders:write`.
    pub scopes: Vec<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
    /// Past its expiry: refused, kept in the list so its owner sees why.
    pub expired: bool,
    pub last_used_at: Option<String>,
    /// The client address of that last use.
    pub last_used_ip: Option<String>,
}

/// The caller's keys that are not revoked, newest first.
#[server(endpoint = "account/api-keys")]
pub async fn list_api_keys() -> Result<Vec<ApiKeyView>, AppError> {
    let user = super::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    ssr::list(&state.db, state.clock.now(), &user.id)
        .await
        .map_err(AppError::internal)
}

/// Creates a key with the access chosen per area (`read`, `write` or nothing) and an
/// optional expiry in days; returns it in full — the only time it is shown. Only for a
/// confirmed address (a key outlives sessions; an unconfirmed sign-up may be someone else's
/// address).
#[server(endpoint = "account/api-keys/create")]
#[allow(clippy::too_many_arguments)]
pub async fn create_api_key(
    name: String,
    #[server(default)] catalog: String,
    #[server(default)] orders: String,
    #[server(default)] billing: String,
    #[server(default)] services: String,
    #[server(default)] notifications: String,
    #[server(default)] expires_days: String,
) -> Result<String, AppError> {
    use super::scopes::{Area, Scope, Scopes};
    use super::validation::field_error;
    use crate::audit::{Actor, AuditAction, AuditEntry};
    use crate::ui::FormText;
    let user = super::auth::ssr::require_verified_user().await?;
    let state = crate::state::AppState::from_context()?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(field_error("name", FormText::Required).with_status());
    }
    let chosen = [
        (Area::Catalog, catalog),
        (Area::Orders, orders),
        (Area::Billing, billing),
        (Area::Services, services),
        (Area::Notifications, notifications),
    ];
    let mut scopes = Scopes::default();
    for (area, access) in chosen {
        match access.trim() {
            "" | "none" => {}
            access => match Scope::parse(&format!("{}:{access}", area.code())) {
                Some(scope) => scopes.0.push(scope),
                None => return Err(field_error(area.code(), FormText::ChoiceInvalid).with_status()),
            },
        }
    }
    if scopes.is_empty() {
        return Err(field_error("scopes", FormText::ScopesRequired).with_status());
    }
    let expires_at = match expires_days.trim() {
        "" | "never" => None,
        days => match days.parse::<i64>().ok().filter(|days| EXPIRY_DAYS.contains(days)) {
            Some(days) => Some(state.clock.now() + chrono::Duration::days(days)),
            None => return Err(field_error("expires_days", FormText::ChoiceInvalid).with_status()),
        },
    };
    if ssr::count_live(&state.db, &user.id)
        .await
        .map_err(AppError::internal)?
        >= MAX_KEYS
    {
        return Err(AppError::Conflict("too many keys".into()).with_status());
    }
    let ip = crate::security::client_ip::client_ip().await?;
    let new = ssr::NewKey {
        name,
        scopes: &scopes,
        expires_at,
    };
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    let (id, key) = ssr::create_in(&mut tx, state.clock.now(), &user.id, &new)
        .await
        .map_err(AppError::internal)?;
    let entry = AuditEntry::new(Actor::user(&user.id, &user.email), AuditAction::ApiKeyCreated)
        .target("api_key", id)
        .ip(ip.to_string())
        .details(serde_json::json!({
            "name": name,
            "scopes": scopes.to_text(),
            "expires_at": expires_at.as_ref().map(crate::clock::rfc3339),
        }));
    crate::audit::record_in(&mut tx, state.clock.as_ref(), entry)
        .await
        .map_err(AppError::internal)?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(key)
}

/// Revokes one of the caller's keys (another's is "not found").
#[server(endpoint = "account/api-keys/revoke")]
pub async fn revoke_api_key(id: String) -> Result<(), AppError> {
    let user = super::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let ip = crate::security::client_ip::client_ip().await?;
    ssr::revoke_audited(&state, &user, &id, Some(&user.id), ip).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{ApiKeyView, KEY_PREFIX};
    use crate::accounts::User;
    use crate::accounts::scopes::Scopes;
    use crate::accounts::store::UserRow;
    use crate::audit::{Actor, AuditAction, AuditEntry};
    use crate::clock::rfc3339;
    use crate::db::{Db, Tx};
    use crate::error::AppError;
    use crate::ids::UserId;
    use crate::security::client_ip::ClientIp;
    use crate::security::tokens::{digest, new_url_token};
    use crate::state::AppState;
    use crate::{on_db, on_tx};
    use chrono::{DateTime, Duration, Utc};

    /// `last_used_at` is written at most this often per key (not on every request), unless
    /// the key comes from a new address.
    const TOUCH_EVERY: Duration = Duration::minutes(1);

    const COLUMNS: &str = "k.id, k.user_id, u.email, k.name, k.prefix, k.scopes, k.created_at, k.expires_at, \
                           k.last_used_at, k.last_used_ip";

    #[derive(sqlx::FromRow)]
    pub struct KeyRow {
        pub id: String,
        pub user_id: UserId,
        /// The owner's address, for staff lists.
        pub email: String,
        pub name: String,
        pub prefix: String,
        pub scopes: String,
        pub created_at: DateTime<Utc>,
        pub expires_at: Option<DateTime<Utc>>,
        pub last_used_at: Option<DateTime<Utc>>,
        pub last_used_ip: Option<String>,
    }

    impl KeyRow {
        pub fn view(&self, now: DateTime<Utc>) -> ApiKeyView {
            ApiKeyView {
                id: self.id.clone(),
                name: self.name.clone(),
                prefix: self.prefix.clone(),
                scopes: Scopes::parse(&self.scopes)
                    .0
                    .iter()
                    .map(|scope| scope.code())
                    .collect(),
                created_at: rfc3339(&self.created_at),
                expires_at: self.expires_at.as_ref().map(rfc3339),
                expired: self.expires_at.is_some_and(|at| at <= now),
                last_used_at: self.last_used_at.as_ref().map(rfc3339),
                last_used_ip: self.last_used_ip.clone(),
            }
        }
    }

    pub async fn list(db: &Db, now: DateTime<Utc>, user_id: &UserId) -> Result<Vec<ApiKeyView>, sqlx::Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM api_keys k JOIN users u ON u.id = k.user_id \
             WHERE k.user_id = $1 AND k.revoked_at IS NULL ORDER BY k.created_at DESC, k.id DESC"
        );
        let rows: Vec<KeyRow> = on_db!(db, pool => sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await)?;
        Ok(rows.iter().map(|row| row.view(now)).collect())
    }

    /// Live keys of every user for staff, newest first: all, or those whose owner's address
    /// matches `search`, or the key itself or its prefix when `search` is one (a leaked key).
    pub async fn list_all(
        db: &Db,
        search: &str,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<KeyRow>, sqlx::Error> {
        let search = search.trim();
        let sql = format!(
            "SELECT {COLUMNS} FROM api_keys k JOIN users u ON u.id = k.user_id \
             WHERE k.revoked_at IS NULL AND ($1 = '' OR LOWER(u.email) LIKE $2 OR k.prefix = $3 OR k.digest = $4) \
             ORDER BY k.created_at DESC, k.id DESC LIMIT $5 OFFSET $6"
        );
        on_db!(db, pool => sqlx::query_as(&sql)
            .bind(search)
            .bind(crate::db::like_pattern(search))
            .bind(search.chars().take(KEY_PREFIX.len() + 4).collect::<String>())
            .bind(digest(search))
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await)
    }

    pub async fn count_live(db: &Db, user_id: &UserId) -> Result<i64, sqlx::Error> {
        on_db!(db, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM api_keys WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(pool)
        .await)
    }

    pub struct NewKey<'a> {
        pub name: &'a str,
        pub scopes: &'a Scopes,
        pub expires_at: Option<DateTime<Utc>>,
    }

    /// Stores a new key; returns its id and the key itself (never stored).
    pub async fn create_in(
        tx: &mut Tx,
        now: DateTime<Utc>,
        user_id: &UserId,
        new: &NewKey<'_>,
    ) -> Result<(String, String), sqlx::Error> {
        let key = format!("{KEY_PREFIX}{}", new_url_token());
        let id = uuid::Uuid::now_v7().to_string();
        on_tx!(tx, conn => sqlx::query(
            "INSERT INTO api_keys (id, user_id, name, prefix, digest, created_at, scopes, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(user_id)
        .bind(new.name)
        .bind(&key[..KEY_PREFIX.len() + 4])
        .bind(digest(&key))
        .bind(now)
        .bind(new.scopes.to_text())
        .bind(new.expires_at)
        .execute(&mut *conn)
        .await
        .map(|_| ()))?;
        Ok((id, key))
    }

    /// Revokes a live key and audits it: the owner's own (`owner` set: another's is "not
    /// found") or, for staff, anyone's.
    pub async fn revoke_audited(
        state: &AppState,
        actor: &User,
        id: &str,
        owner: Option<&UserId>,
        ip: ClientIp,
    ) -> Result<(), AppError> {
        let now = state.clock.now();
        let mut tx = state.db.begin().await.map_err(AppError::internal)?;
        let revoked: Option<(UserId, String)> = on_tx!(&mut tx, conn => sqlx::query_as(
            "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL \
             AND ($3 IS NULL OR user_id = $3) RETURNING user_id, name",
        )
        .bind(now)
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *conn)
        .await)
        .map_err(AppError::internal)?;
        let Some((owner, name)) = revoked else {
            return Err(AppError::NotFound.with_status());
        };
        let entry = AuditEntry::new(Actor::user(&actor.id, &actor.email), AuditAction::ApiKeyRevoked)
            .target("api_key", id)
            .ip(ip.to_string())
            .details(serde_json::json!({ "name": name, "owner": owner }));
        crate::audit::record_in(&mut tx, state.clock.as_ref(), entry)
            .await
            .map_err(AppError::internal)?;
        tx.commit().await.map_err(AppError::internal)
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
    pub async fn is_live(db: &Db, now: DateTime<Utc>, key_digest: &str) -> Result<bool, sqlx::Error> {
        let found: i64 = on_db!(db, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM api_keys WHERE digest = $1 AND revoked_at IS NULL \
             AND (expires_at IS NULL OR expires_at > $2)",
        )
        .bind(key_digest)
        .bind(now)
        .fetch_one(pool)
        .await)?;
        Ok(found > 0)
    }

    /// What a presented key grants: its active owner and its scopes.
    pub struct KeyGrant {
        pub user: UserRow,
        pub scopes: Scopes,
    }

    /// The grant of a live, unexpired key of an active user; records when and from where it
    /// was used.
    pub async fn authenticate(
        db: &Db,
        now: DateTime<Utc>,
        key: &str,
        ip: Option<&ClientIp>,
    ) -> Result<Option<KeyGrant>, sqlx::Error> {
        if !key.starts_with(KEY_PREFIX) {
            return Ok(None);
        }
        type Found = (String, UserId, String, Option<DateTime<Utc>>, Option<String>);
        let found: Option<Found> = on_db!(db, pool => sqlx::query_as(
            "SELECT id, user_id, scopes, last_used_at, last_used_ip FROM api_keys \
             WHERE digest = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
        )
        .bind(digest(key))
        .bind(now)
        .fetch_optional(pool)
        .await)?;
        let Some((id, user_id, scopes, last_used, last_ip)) = found else {
            return Ok(None);
        };
        let ip = ip.map(ToString::to_string);
        if last_used.is_none_or(|at| now - at > TOUCH_EVERY) || (ip.is_some() && ip != last_ip) {
            on_db!(db, pool => sqlx::query("UPDATE api_keys SET last_used_at = $1, last_used_ip = COALESCE($2, last_used_ip) WHERE id = $3")
                .bind(now)
                .bind(&ip)
                .bind(&id)
                .execute(pool)
                .await
                .map(|_| ()))?;
        }
        let user = crate::accounts::store::find_by_id(db, &user_id)
            .await?
            .filter(|user| user.status == crate::accounts::AccountStatus::Active);
        Ok(user.map(|user| KeyGrant {
            user,
            scopes: Scopes::parse(&scopes),
        }))
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
