//! The event bus: tells every app instance that something happened (a notification was
//! written, an order changed), so open browsers can be updated.
//!
//! On SQLite (one instance) it is an in-process broadcast channel. On PostgreSQL every
//! publish goes through `NOTIFY` and every instance `LISTEN`s, so instances behind a load
//! balancer see each other's events. Events are hints, not the record: the database is the
//! truth, and subscribers catch up from it after a [`Event::RESYNC`].

use crate::db::Db;
use serde::{Deserialize, Serialize};
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// What happened, e.g. `notification:new`.
    pub topic: String,
    /// The user it concerns, if any (used to route it to that user's sockets).
    pub user_id: Option<String>,
    pub payload: serde_json::Value,
}

impl Event {
    /// Sent locally when events may have been missed (listener reconnected): reload state.
    pub const RESYNC: &'static str = "bus:resync";

    pub fn new(topic: impl Into<String>, user_id: Option<String>, payload: serde_json::Value) -> Event {
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
            Db::Sqlite(_) => Ok(EventBus::local()),
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

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.sender.subscribe()
    }
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
