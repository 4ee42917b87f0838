//! Server-side browser sessions: a `tower_sessions::SessionStore` on our own database, so
//! one implementation serves both engines, uses the injected clock, and lives in our
//! migrations (the `sessions` table). The cookie holds only the random session id.

use crate::clock::SharedClock;
use crate::db::{Db, is_unique_violation};
use crate::on_db;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::{Duration as CookieDuration, OffsetDateTime};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result as StoreResult, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};

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
    /// saving an existing one replaces its data and expiry (`save`).
    async fn write(&self, record: &Record, replace_existing: bool) -> Result<(), sqlx::Error> {
        let (id, data, expires_at) = encode(record)?;
        let sql = if replace_existing {
            "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at"
        } else {
            "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3)"
        };
        on_db!(&self.db, pool => {
            sqlx::query(sql).bind(&id).bind(&data).bind(expires_at).execute(pool).await.map(|_| ())
        })
    }
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

fn encode(record: &Record) -> Result<(String, String, DateTime<Utc>), sqlx::Error> {
    let data = serde_json::to_string(&record.data).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    Ok((record.id.to_string(), data, to_chrono(record.expiry_date)))
}

fn to_chrono(at: OffsetDateTime) -> DateTime<Utc> {
    let nanos = at.unix_timestamp_nanos();
    DateTime::from_timestamp_nanos(i64::try_from(nanos).unwrap_or(i64::MAX))
}

fn to_offset(at: DateTime<Utc>) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(at.timestamp_nanos_opt().unwrap_or(i64::MAX)))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
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
                expiry_date: to_offset(expires_at),
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
