//! The event bus: tells every app instance that something happened (a notification was
//! written, an order changed), so open browsers can be updated.
//!
//! On SQLite (one instance) it is an in-process broadcast channel. On PostgreSQL every
//! publish goes through `NOTIFY` and every instance `LISTEN`s, so instances behind a load
//! balancer see each other's events. Events are hints, not the record: the database is the
//! truth, and subscribers catch up from it after a [`Event::RESYNC`].

use crate::db::{Db, OutboxSignal, Tx};
use crate::ids::UserId;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use sqlx::postgres::{PgListener, PgPool, PgPoolOptions};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

/// PostgreSQL channel name.
const CHANNEL: &str = "webrana_events";
/// Events buffered per subscriber before a slow one starts losing them (and must resync).
const BUFFER: usize = 1024;
/// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; events carry ids, not documents.
const MAX_PAYLOAD_BYTES: usize = 7900;
/// How often the SQLite relay looks for events without being woken: our own commits wake
/// it at once (`OutboxSignal`); this only bounds the wait for events another process wrote
/// to the same file (a `webrana` command).
const OUTBOX_POLL: Duration = Duration::from_millis(500);
/// Outbox rows read per query.
const OUTBOX_READ: usize = 500;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// What happened, e.g. `notification:new`.
    pub topic: String,
    /// The user it concerns, if any (used to route it to that user's sockets).
    pub user_id: Option<UserId>,
    pub payload: serde_json::Value,
}

impl Event {
    /// Sent locally when events may have been missed (listener reconnected): reload state.
    pub const RESYNC: &'static str = "bus:resync";

    pub fn new(topic: impl Into<String>, user_id: Option<UserId>, payload: serde_json::Value) -> Event {
        Event {
            topic: topic.into(),
            user_id,
            payload,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("event payload too large ({0} bytes)")]
    TooLarge(usize),
    #[error(transparent)]
    Encode(#[from] serde_json::Error),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

#[derive(Clone)]
enum Backend {
    Local,
    Postgres(PgPool),
}

#[derive(Clone)]
pub struct EventBus {
    sender: broadcast::Sender<Event>,
    backend: Backend,
}

impl EventBus {
    /// In-process only.
    pub fn local() -> EventBus {
        EventBus {
            sender: broadcast::channel(BUFFER).0,
            backend: Backend::Local,
        }
    }

    /// The right bus for the engine: local for SQLite, LISTEN/NOTIFY for PostgreSQL.
    pub async fn for_database(db: &Db, shutdown: CancellationToken) -> Result<EventBus, sqlx::Error> {
        match db {
            Db::Sqlite(pool, committed) => {
                let bus = EventBus::local();
                tokio::spawn(relay_outbox(
                    pool.clone(),
                    committed.clone(),
                    bus.sender.clone(),
                    shutdown,
                ));
                Ok(bus)
            }
            Db::Postgres(pool) => {
                // The listener keeps its connection for its whole life: it gets a pool of its
                // own, so closing the app's pool never waits on it.
                let listener_pool = PgPoolOptions::new()
                    .max_connections(1)
                    .connect_with(pool.connect_options().as_ref().clone())
                    .await?;
                let mut listener = PgListener::connect_with(&listener_pool).await?;
                listener.listen(CHANNEL).await?;
                let sender = broadcast::channel(BUFFER).0;
                tokio::spawn(relay_notifications(listener, sender.clone(), shutdown));
                Ok(EventBus {
                    sender,
                    backend: Backend::Postgres(pool.clone()),
                })
            }
        }
    }

    /// Publishes to every subscriber of every instance (including this one).
    pub async fn publish(&self, event: &Event) -> Result<(), PublishError> {
        match &self.backend {
            Backend::Local => {
                // No subscriber is not an error: nobody is watching right now.
                let _ = self.sender.send(event.clone());
                Ok(())
            }
            Backend::Postgres(pool) => {
                let payload = serde_json::to_string(event)?;
                if payload.len() > MAX_PAYLOAD_BYTES {
                    return Err(PublishError::TooLarge(payload.len()));
                }
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(payload)
                    .execute(pool)
                    .await?;
                Ok(())
            }
        }
    }

    /// Subscribers on this instance right now (for the metrics and the tests).
    pub fn receiver_count(&self) -> usize {
        self.sender.receiver_count()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.sender.subscribe()
    }
}

/// Publishes `event` when — and only if — `tx` commits, to every instance: the domain code
/// that changes something announces it in the same transaction, so no event is ever sent
/// for a change that rolled back, and none is lost between commit and publish.
///
/// PostgreSQL: `NOTIFY` is transactional by itself. SQLite: the event is written to the
/// `event_outbox` table, which this instance's relay reads as soon as `tx` commits.
pub async fn publish_in(tx: &mut Tx, event: &Event) -> Result<(), PublishError> {
    let payload = serde_json::to_string(event)?;
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(PublishError::TooLarge(payload.len()));
    }
    match tx {
        Tx::Postgres(tx) => {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(payload)
                .execute(&mut **tx)
                .await?;
        }
        Tx::Sqlite(tx, after_commit) => {
            sqlx::query("INSERT INTO event_outbox (payload) VALUES ($1)")
                .bind(payload)
                .execute(&mut **tx)
                .await?;
            after_commit.wake_event_relay();
        }
    }
    Ok(())
}

/// Relays committed outbox events to local subscribers, oldest first, then deletes them.
async fn relay_outbox(
    pool: SqlitePool,
    committed: OutboxSignal,
    sender: broadcast::Sender<Event>,
    shutdown: CancellationToken,
) {
    // The newest event sent: the next read starts after it, whether or not its row is
    // deleted yet.
    let mut sent = 0;
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = committed.committed() => {}
            _ = tokio::time::sleep(OUTBOX_POLL) => {}
        }
        // Until the outbox is empty: a burst may hold more than one read's worth.
        loop {
            match relay_outbox_once(&pool, &sender, &mut sent).await {
                Ok(relayed) if relayed == OUTBOX_READ => continue,
                Ok(_) => break,
                Err(error) => {
                    if !pool.is_closed() {
                        tracing::warn!(%error, "event outbox relay failed; retrying");
                    }
                    break;
                }
            }
        }
        if pool.is_closed() {
            break;
        }
    }
}

/// Relays up to [`OUTBOX_READ`] events newer than `sent`; returns how many. They are sent
/// before their rows are deleted: the delete is a write, which waits while another
/// transaction writes (an announcement's next batch), and the events must not wait with it.
async fn relay_outbox_once(
    pool: &SqlitePool,
    sender: &broadcast::Sender<Event>,
    sent: &mut i64,
) -> Result<usize, sqlx::Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, payload FROM event_outbox WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(*sent)
            .bind(OUTBOX_READ as i64)
            .fetch_all(pool)
            .await?;
    let Some(&(last, _)) = rows.last() else {
        return Ok(0);
    };
    for (_, payload) in &rows {
        match serde_json::from_str::<Event>(payload) {
            Ok(event) => {
                let _ = sender.send(event);
            }
            Err(error) => tracing::warn!(%error, "ignoring malformed outbox event"),
        }
    }
    *sent = last;
    sqlx::query("DELETE FROM event_outbox WHERE id <= $1")
        .bind(last)
        .execute(pool)
        .await?;
    Ok(rows.len())
}

/// Forwards NOTIFY messages to local subscribers until shutdown. The listener reconnects by
/// itself after a lost connection; notifications sent meanwhile are gone, so subscribers are
/// told to resync.
async fn relay_notifications(
    mut listener: PgListener,
    sender: broadcast::Sender<Event>,
    shutdown: CancellationToken,
) {
    loop {
        let received = tokio::select! {
            _ = shutdown.cancelled() => break,
            received = listener.try_recv() => received,
        };
        match received {
            Ok(Some(notification)) => match serde_json::from_str::<Event>(notification.payload()) {
                Ok(event) => {
                    let _ = sender.send(event);
                }
                Err(error) => tracing::warn!(%error, "ignoring malformed event notification"),
            },
            Ok(None) => {
                tracing::warn!("event listener lost its connection; reconnecting");
                let _ = sender.send(Event::new(Event::RESYNC, None, serde_json::Value::Null));
            }
            Err(error) => {
                tracing::warn!(%error, "event listener failed; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}
