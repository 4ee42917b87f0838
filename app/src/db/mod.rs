//! The database: SQLite (default, embedded) or PostgreSQL (production, many instances).
//!
//! Approach (DESIGN §2): one SQL dialect that both engines accept — `$1` placeholders,
//! `RETURNING`, `ON CONFLICT`, ids as UUID text, money as BIGINT rupiah, timestamps as UTC
//! (TIMESTAMPTZ on PostgreSQL, RFC 3339 text on SQLite, both read as `DateTime<Utc>`).
//! Each engine keeps its native sqlx pool; [`on_db!`] / [`on_tx!`] run the same query text
//! on whichever pool is live. The rare engine-specific statement (row locking, LISTEN)
//! matches on [`Db`] explicitly. Migrations live per engine in `migrations/<engine>/` with
//! identical file names (a test checks that).

mod text_code;
mod url;

pub use url::{DEFAULT_DATABASE_URL, DatabaseUrl, DatabaseUrlError};

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Postgres, Sqlite, Transaction};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// How long a SQLite writer waits for the lock before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a request waits for a free pooled connection.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A connection pool on one of the two engines. Cheap to clone.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool, OutboxSignal),
    Postgres(PgPool),
}

/// A transaction on one of the two engines.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>, AfterCommit),
    Postgres(Transaction<'static, Postgres>),
}

/// SQLite only: wakes this instance's event relay when a transaction that wrote to the
/// event outbox has committed (`crate::events`), so an event goes out at once rather than
/// at the relay's next poll. (PostgreSQL's `NOTIFY` is delivered on commit by itself.)
#[derive(Clone, Debug, Default)]
pub struct OutboxSignal(Arc<tokio::sync::Notify>);

impl OutboxSignal {
    /// Returns once a transaction with outbox rows committed since the last call (a commit
    /// while nobody waits is kept for the next call, so none is missed).
    pub async fn committed(&self) {
        self.0.notified().await
    }
}

/// What a SQLite transaction does once it has committed.
pub struct AfterCommit {
    signal: OutboxSignal,
    wrote_outbox: bool,
    /// Topics already published in this transaction that say the same thing every time.
    published_once: Vec<&'static str>,
}

impl AfterCommit {
    /// The transaction wrote to the event outbox: wake the relay when it commits.
    pub fn wake_event_relay(&mut self) {
        self.wrote_outbox = true;
    }
}

/// Runs `$body` with `$pool` bound to the live engine's pool (`&SqlitePool` or `&PgPool`).
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool, _) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` with `$conn` bound to the transaction's connection (`&mut SqliteConnection`
/// or `&mut PgConnection`).
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(tx, _) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::db::Tx::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

/// Connections of a pool at one moment (see [`Db::pool_usage`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUsage {
    pub busy: u32,
    pub idle: u32,
    pub max: u32,
}

#[derive(Debug, Clone, Copy)]
pub struct PoolSettings {
    pub max_connections: u32,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings { max_connections: 10 }
    }
}

impl Db {
    /// Opens a pool. A SQLite file (and its folder) is created on first use, in WAL mode with
    /// foreign keys enforced.
    pub async fn connect(url: &DatabaseUrl, settings: PoolSettings) -> Result<Db, sqlx::Error> {
        match url {
            DatabaseUrl::Sqlite(_) => {
                let options = SqliteConnectOptions::from_str(url.expose())?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT);
                if let Some(parent) = options.get_filename().parent()
                    && !parent.as_os_str().is_empty()
                {
                    tokio::fs::create_dir_all(parent).await?;
                }
                let pool = SqlitePoolOptions::new()
                    .max_connections(settings.max_connections)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .after_release(|conn, _| Box::pin(closes_if_still_in_transaction(conn)))
                    .connect_with(options)
                    .await?;
                Ok(Db::Sqlite(pool, OutboxSignal::default()))
            }
            DatabaseUrl::Postgres(_) => {
                let pool = PgPoolOptions::new()
                    .max_connections(settings.max_connections)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect(url.expose())
                    .await?;
                Ok(Db::Postgres(pool))
            }
        }
    }

    /// The pool's connections now, for `/metrics`: a pool that stays busy at its maximum
    /// makes requests queue for a connection (then `ACQUIRE_TIMEOUT` fails them).
    pub fn pool_usage(&self) -> PoolUsage {
        on_db!(self, pool => {
            let open = pool.size();
            let idle = u32::try_from(pool.num_idle()).unwrap_or(open);
            PoolUsage {
                busy: open.saturating_sub(idle),
                idle,
                max: pool.options().get_max_connections(),
            }
        })
    }

    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(..) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// Applies pending migrations of this engine. Safe to run from several instances at once
    /// (sqlx takes an advisory lock on PostgreSQL).
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite(pool, _) => sqlx::migrate!("../migrations/sqlite").run(pool).await,
            Db::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await,
        }
    }

    /// Starts a write transaction. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`) so two writers queue on the busy timeout instead of failing
    /// with a deadlock when both try to upgrade a read lock.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool, signal) => Tx::Sqlite(
                pool.begin_with("BEGIN IMMEDIATE").await?,
                AfterCommit::new(signal),
            ),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Starts a transaction that only reads: one consistent view of several tables, for the
    /// queries that take a `Tx` because writers call them too. On SQLite it is deferred, so
    /// it takes no write lock and never makes a writer wait; nothing may be written through it.
    pub async fn begin_read(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(pool, signal) => Tx::Sqlite(pool.begin().await?, AfterCommit::new(signal)),
            Db::Postgres(pool) => Tx::Postgres(pool.begin_with("BEGIN READ ONLY").await?),
        })
    }

    /// A trivial round trip, for readiness checks.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_db!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}

/// The pool's check on every SQLite connection given back: one still inside a transaction
/// is closed, which rolls the transaction back and frees the write lock. sqlx's SQLite
/// `BEGIN` is not cancel-safe: a caller dropped just after its `BEGIN IMMEDIATE` went
/// through (a request whose browser went away) gives the connection back inside it, and in
/// the pool it would hold the write lock for good (every other writer failing with
/// "database is locked") and swallow the writes of whoever used it next. A dropped
/// transaction's rollback is queued on the connection, so one that looks inside a
/// transaction is pinged first: the ping runs after the rollback.
async fn closes_if_still_in_transaction(conn: &mut sqlx::SqliteConnection) -> Result<bool, sqlx::Error> {
    use sqlx::Connection;
    if !conn.is_in_transaction() {
        return Ok(true);
    }
    conn.ping().await?;
    if conn.is_in_transaction() {
        tracing::warn!("closing a database connection given back inside a transaction");
        return Ok(false);
    }
    Ok(true)
}

impl AfterCommit {
    fn new(signal: &OutboxSignal) -> AfterCommit {
        AfterCommit {
            signal: signal.clone(),
            wrote_outbox: false,
            published_once: Vec::new(),
        }
    }
}

impl Tx {
    /// Whether an event with a payload that never varies (e.g. "a job is due") still needs
    /// publishing in this transaction: true the first time per topic. SQLite would store one
    /// outbox row per publication; PostgreSQL delivers identical notifications of one
    /// transaction once by itself, so there it is always true.
    pub fn first_publication(&mut self, topic: &'static str) -> bool {
        match self {
            Tx::Sqlite(_, after) if after.published_once.contains(&topic) => false,
            Tx::Sqlite(_, after) => {
                after.published_once.push(topic);
                true
            }
            Tx::Postgres(_) => true,
        }
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx, after) => {
                tx.commit().await?;
                if after.wrote_outbox {
                    after.signal.0.notify_one();
                }
                Ok(())
            }
            Tx::Postgres(tx) => tx.commit().await,
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx, _) => tx.rollback().await,
            Tx::Postgres(tx) => tx.rollback().await,
        }
    }
}

/// The highest page number a list accepts: far beyond any real list, and it keeps the
/// offset far from overflowing (a huge `?page=` must not panic or wrap around).
pub const MAX_PAGE: i64 = 100_000;

/// The row offset of 0-based `page` of a list with `page_size` rows per page, the page
/// clamped to `0..=MAX_PAGE`.
pub fn page_offset(page: i64, page_size: i64) -> i64 {
    page.clamp(0, MAX_PAGE) * page_size
}

/// A row's place in a list ordered by creation, newest first (`ORDER BY created_at DESC,
/// id DESC`): the next page (keyset pagination) holds what comes after it — created before
/// it, or at the same instant with a smaller id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct After {
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub id: String,
}

/// A `LIKE` pattern matching `text` anywhere in a lowercased column; `%` and `_` typed by
/// the user are dropped, not taken as wildcards.
pub fn like_pattern(text: &str) -> String {
    format!("%{}%", text.to_lowercase().replace(['%', '_'], ""))
}

/// Whether a database error is a unique-constraint violation (same meaning on both engines).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_engines_have_the_same_migrations() {
        let names = |engine: &str| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../migrations")
                .join(engine);
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .expect("migrations folder exists")
                .map(|entry| {
                    entry
                        .expect("readable entry")
                        .file_name()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect();
            names.sort();
            names
        };
        assert!(!names("sqlite").is_empty());
        assert_eq!(names("sqlite"), names("postgres"));
    }
}
