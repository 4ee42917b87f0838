//! Server-side browser sessions: a `tower_sessions::SessionStore` on our own database, so
//! one implementation serves both engines, uses the injected clock, and lives in our
//! migrations (the `sessions` table). The cookie holds only the random session id.

use crate::clock::{Clock, SharedClock};
use crate::db::{Db, Tx, is_unique_violation};
use crate::ids::UserId;
use crate::{on_db, on_tx};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::{Duration as CookieDuration, OffsetDateTime};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result as StoreResult, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};

/// Session key holding [`SessionAuth`].
pub const SESSION_AUTH_KEY: &str = "auth";

/// Who is signed in to a session and since when; written at sign-in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SessionAuth {
    pub user_id: UserId,
    pub signed_in_at: DateTime<Utc>,
    /// Last request seen (refreshed every few minutes, see `auth.rs`).
    pub seen_at: DateTime<Utc>,
    pub remember: bool,
    pub ip: String,
    pub user_agent: String,
    /// This session passed the second factor (signed in with a code, or turned 2FA on in
    /// it). Staff pages and actions need it: an account's 2FA alone says nothing about how
    /// this session got in.
    #[serde(default)]
    pub second_factor: bool,
}

/// One of a user's sessions, for the sessions page.
#[derive(Debug, Clone)]
pub struct UserSession {
    pub id: String,
    pub auth: SessionAuth,
}

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "webrana_session";
/// A session unused for this long expires (sign-in policy may shorten it later).
pub const SESSION_IDLE_TIMEOUT_DAYS: i64 = 7;
/// Attempts to find an unused random id before giving up (collisions are astronomically rare).
const CREATE_ATTEMPTS: usize = 3;

#[derive(Clone)]
pub struct DbSessionStore {
    db: Db,
    clock: SharedClock,
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DbSessionStore")
            .field("engine", &self.db.engine())
            .finish()
    }
}

impl DbSessionStore {
    pub fn new(db: Db, clock: SharedClock) -> DbSessionStore {
        DbSessionStore { db, clock }
    }

    /// Deletes expired sessions; returns how many. Run by the maintenance job.
    pub async fn delete_expired(&self) -> Result<u64, sqlx::Error> {
        let now = self.clock.now();
        on_db!(&self.db, pool => {
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(now)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })
    }

    /// Writes a session. A new session must not take over an existing id (`create`), while
    /// saving an existing one replaces its data and expiry (`save`) only while it still
    /// exists: a request that loaded the session before a sign-out, a revocation or a
    /// password reset deleted it must not bring it back when it saves at its end.
    async fn write(&self, record: &Record, existing: bool) -> Result<(), sqlx::Error> {
        let (id, data, expires_at) = encode(record, self.clock.now())?;
        // The owner is copied into a column so a user's sessions can be listed and revoked.
        let user_id = record
            .data
            .get(SESSION_AUTH_KEY)
            .and_then(|auth| auth.get("user_id"))
            .and_then(|id| id.as_str())
            .map(str::to_string);
        let sql = if existing {
            "UPDATE sessions SET data = $2, expires_at = $3, user_id = $4 WHERE id = $1"
        } else {
            "INSERT INTO sessions (id, data, expires_at, user_id) VALUES ($1, $2, $3, $4)"
        };
        on_db!(&self.db, pool => {
            sqlx::query(sql).bind(&id).bind(&data).bind(expires_at).bind(&user_id).execute(pool).await.map(|_| ())
        })
    }
}

/// A user's unexpired sessions, most recently used first.
pub async fn list_for_user(
    db: &Db,
    clock: &dyn Clock,
    user_id: &UserId,
) -> Result<Vec<UserSession>, sqlx::Error> {
    let now = clock.now();
    let rows: Vec<(String, String)> = on_db!(db, pool => {
        sqlx::query_as("SELECT id, data FROM sessions WHERE user_id = $1 AND expires_at > $2")
            .bind(user_id)
            .bind(now)
            .fetch_all(pool)
            .await
    })?;
    let mut sessions: Vec<UserSession> = rows
        .into_iter()
        .filter_map(|(id, data)| {
            let mut data: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&data).ok()?;
            let auth = serde_json::from_value(data.remove(SESSION_AUTH_KEY)?).ok()?;
            Some(UserSession { id, auth })
        })
        .collect();
    sessions.sort_by_key(|session| std::cmp::Reverse(session.auth.seen_at));
    Ok(sessions)
}

/// Topic of the event saying some of a user's access (sessions, API keys) was revoked: the
/// user's open sockets check theirs at once (see `notifications/push.rs`).
pub const ACCESS_REVOKED_TOPIC: &str = "account:access-revoked";

/// Deletes a user's sessions, except `keep` (the caller's own); returns how many.
pub async fn revoke_for_user(tx: &mut Tx, user_id: &UserId, keep: Option<&str>) -> Result<u64, sqlx::Error> {
    let revoked = on_tx!(tx, conn => {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
            .bind(user_id)
            .bind(keep.unwrap_or(""))
            .execute(&mut *conn)
            .await
            .map(|done| done.rows_affected())
    })?;
    announce_revoked(tx, user_id).await?;
    Ok(revoked)
}

/// What "sign out everywhere else" ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revoked {
    pub sessions: u64,
    pub api_keys: u64,
}

/// The job kind that ends what other features hold open for a user whose access was
/// revoked (the notifications feature unlinks their Telegram chat). Queued in the
/// revocation's own transaction, so it cannot be lost; accounts does not know the features
/// that handle it.
pub const ACCESS_REVOKED_JOB: &str = "account.access_revoked";

/// The payload of [`ACCESS_REVOKED_JOB`].
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AccessRevokedJob {
    pub user_id: UserId,
}

/// Ends every way into the account but the session `keep`: other sessions, every API key and
/// the Telegram link (after a password change or reset, or "sign out everywhere"). Open
/// sockets of what ended close (they check on the announcement).
pub async fn end_other_access(
    tx: &mut Tx,
    clock: &dyn Clock,
    user_id: &UserId,
    keep: Option<&str>,
) -> Result<Revoked, sqlx::Error> {
    let api_keys = super::api_keys::ssr::revoke_all_in(tx, clock.now(), user_id).await?;
    let sessions = revoke_for_user(tx, user_id, keep).await?;
    let payload = AccessRevokedJob {
        user_id: user_id.clone(),
    };
    let job = crate::jobs::NewJob::new(ACCESS_REVOKED_JOB, payload)
        .map_err(|error| sqlx::Error::Protocol(error.to_string()))?;
    crate::jobs::enqueue_in(tx, clock, job).await?;
    Ok(Revoked { sessions, api_keys })
}

/// Deletes one session of a user (only theirs: the owner is part of the condition).
pub async fn revoke_one(db: &Db, user_id: &UserId, session_id: &str) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let revoked = on_tx!(&mut tx, conn => {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id = $2")
            .bind(user_id)
            .bind(session_id)
            .execute(&mut *conn)
            .await
            .map(|done| done.rows_affected() == 1)
    })?;
    announce_revoked(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(revoked)
}

/// Whether the session `id` still exists and has not expired (a socket's periodic check).
pub async fn is_live(db: &Db, clock: &dyn Clock, id: &str) -> Result<bool, sqlx::Error> {
    let now = clock.now();
    let found: i64 = on_db!(db, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE id = $1 AND expires_at > $2")
            .bind(id)
            .bind(now)
            .fetch_one(pool)
            .await
    })?;
    Ok(found > 0)
}

async fn announce_revoked(tx: &mut Tx, user_id: &UserId) -> Result<(), sqlx::Error> {
    let event = crate::events::Event::new(
        ACCESS_REVOKED_TOPIC,
        Some(user_id.clone()),
        serde_json::Value::Null,
    );
    crate::events::publish_in(tx, &event)
        .await
        .map_err(|error| sqlx::Error::Protocol(error.to_string()))
}

/// The session manager for the router: `HttpOnly`, `SameSite=Lax`, `Secure` when served
/// over HTTPS, expiring after a week of inactivity.
pub fn session_layer(store: DbSessionStore, secure: bool) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(CookieDuration::days(
            SESSION_IDLE_TIMEOUT_DAYS,
        )))
}

fn encode(record: &Record, now: DateTime<Utc>) -> Result<(String, String, DateTime<Utc>), sqlx::Error> {
    let data = serde_json::to_string(&record.data).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    Ok((record.id.to_string(), data, to_chrono(record.expiry_date, now)))
}

// tower-sessions computes expiry dates from the system clock; the table holds them on our
// clock (the same in production, a test's manual clock otherwise), so the conversions keep
// the remaining lifetime rather than the absolute instant.

fn to_chrono(at: OffsetDateTime, now: DateTime<Utc>) -> DateTime<Utc> {
    let remaining = at - OffsetDateTime::now_utc();
    let remaining =
        chrono::Duration::milliseconds(i64::try_from(remaining.whole_milliseconds()).unwrap_or(i64::MAX));
    now + remaining
}

/// Rounded to the nearest whole second (a cookie's expiry has no finer grain): the system
/// clock moves between storing and loading, and without rounding a session saved to expire
/// at 12:00:00 could load as 11:59:59.999 or 12:00:00.002 depending on that drift.
fn to_offset(at: DateTime<Utc>, now: DateTime<Utc>) -> OffsetDateTime {
    let instant = OffsetDateTime::now_utc() + CookieDuration::milliseconds((at - now).num_milliseconds());
    let rounded = instant + CookieDuration::milliseconds(500);
    rounded.replace_nanosecond(0).unwrap_or(rounded)
}

fn backend(error: sqlx::Error) -> Error {
    Error::Backend(error.to_string())
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> StoreResult<()> {
        for _ in 0..CREATE_ATTEMPTS {
            match self.write(record, false).await {
                Ok(()) => return Ok(()),
                Err(error) if is_unique_violation(&error) => record.id = Id::default(),
                Err(error) => return Err(backend(error)),
            }
        }
        Err(Error::Backend("could not allocate a unique session id".into()))
    }

    async fn save(&self, record: &Record) -> StoreResult<()> {
        self.write(record, true).await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> StoreResult<Option<Record>> {
        let now = self.clock.now();
        let row: Option<(String, DateTime<Utc>)> = on_db!(&self.db, pool => {
            sqlx::query_as("SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2")
                .bind(id.to_string())
                .bind(now)
                .fetch_optional(pool)
                .await
        })
        .map_err(backend)?;
        row.map(|(data, expires_at)| {
            Ok(Record {
                id: *id,
                data: serde_json::from_str(&data).map_err(|e| Error::Decode(e.to_string()))?,
                expiry_date: to_offset(expires_at, now),
            })
        })
        .transpose()
    }

    async fn delete(&self, id: &Id) -> StoreResult<()> {
        on_db!(&self.db, pool => {
            sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id.to_string()).execute(pool).await.map(|_| ())
        })
        .map_err(backend)
    }
}
