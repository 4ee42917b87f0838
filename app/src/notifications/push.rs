//! Real-time push: a WebSocket per browser tab (`/api/v1/notifications/socket`),
//! authenticated by the session cookie. The hub listens on the [`EventBus`] — fed by every
//! instance through PostgreSQL `LISTEN/NOTIFY` — and forwards each user's events to that
//! user's sockets on this instance.
//!
//! - A client connects with `?after=<newest id it holds>` and first gets what it missed
//!   (it drops any it has), so a reconnect loses nothing.
//! - The server pings every [`HEARTBEAT`]; a socket silent for [`IDLE_LIMIT`] is closed.
//! - At most [`MAX_SOCKETS_PER_USER`] sockets per user; each socket's queue is bounded, so
//!   memory stays bounded with many sockets (see `bench/`).

use super::service::{TOPIC_BATCH, TOPIC_DELETED, TOPIC_NEW, TOPIC_READ};
use super::store;
use super::{NotificationView, PushMessage};
use crate::accounts::caller::{Caller, Credential};
use crate::accounts::scopes::{Access, Area, Scope};

/// A key needs this to open the socket.
const NOTIFICATIONS_READ: Scope = Scope::new(Area::Notifications, Access::Read);
use crate::accounts::sessions::ACCESS_REVOKED_TOPIC;
use crate::api::ApiError;
use crate::db::Db;
use crate::events::{Event, EventBus};
use crate::ids::UserId;
use crate::state::AppState;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::SinkExt;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};
use tokio_util::sync::CancellationToken;

pub use super::SOCKET_PATH;
pub const HEARTBEAT: Duration = Duration::from_secs(25);
pub const IDLE_LIMIT: Duration = Duration::from_secs(70);
pub const MAX_SOCKETS_PER_USER: usize = 8;
/// Messages queued for one socket before it counts as stuck and is closed (it reconnects
/// and catches up from the database).
const QUEUE: usize = 64;
/// The largest frame a client may send, and the socket's read buffer.
const SOCKET_READ_BUFFER: usize = 4096;
/// How many missed notifications a reconnecting socket is sent at most.
const CATCH_UP_LIMIT: i64 = 100;
/// Notifications this recent are resent on reconnect even if older by id than the client's
/// newest (a transaction may commit after a later one).
const CATCH_UP_WINDOW: chrono::Duration = chrono::Duration::minutes(2);
/// Close code telling the client the server is restarting (reconnect soon).
const CLOSE_RESTART: u16 = 1012;
/// Close code telling the client its session or key has ended (sign in again).
pub const CLOSE_SIGNED_OUT: u16 = 4401;
/// Queued for a user's sockets when some of the user's access was revoked: each checks
/// that its own session or key is still live.
const RECHECK: Utf8Bytes = Utf8Bytes::from_static("");

type Outbox = mpsc::Sender<Utf8Bytes>;

/// The sockets open on this instance, by user. Cheap to clone.
#[derive(Clone)]
pub struct PushHub {
    inner: Arc<HubInner>,
}

struct HubInner {
    sockets: Mutex<HashMap<UserId, Vec<(u64, Outbox)>>>,
    next_id: AtomicU64,
    shutdown: CancellationToken,
}

impl PushHub {
    /// Starts the hub's relay from the bus to the sockets; it ends with `shutdown`, which
    /// also closes every socket (clients reconnect to another instance or after restart).
    pub fn start(db: Db, events: &EventBus, shutdown: CancellationToken) -> PushHub {
        let hub = PushHub {
            inner: Arc::new(HubInner {
                sockets: Mutex::new(HashMap::new()),
                next_id: AtomicU64::new(1),
                shutdown: shutdown.clone(),
            }),
        };
        tokio::spawn(relay(hub.clone(), db, events.subscribe(), shutdown));
        hub
    }

    /// Open sockets on this instance.
    pub fn socket_count(&self) -> usize {
        self.lock().values().map(Vec::len).sum()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<UserId, Vec<(u64, Outbox)>>> {
        self.inner
            .sockets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn register(&self, user_id: &UserId, outbox: Outbox) -> Option<u64> {
        let mut sockets = self.lock();
        let mine = sockets.entry(user_id.clone()).or_default();
        mine.retain(|(_, outbox)| !outbox.is_closed());
        if mine.len() >= MAX_SOCKETS_PER_USER {
            return None;
        }
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        mine.push((id, outbox));
        Some(id)
    }

    fn unregister(&self, user_id: &UserId, id: u64) {
        let mut sockets = self.lock();
        if let Some(mine) = sockets.get_mut(user_id) {
            mine.retain(|(other, _)| *other != id);
            if mine.is_empty() {
                sockets.remove(user_id);
            }
        }
    }

    fn has(&self, user_id: &UserId) -> bool {
        self.lock().contains_key(user_id)
    }

    fn users(&self) -> Vec<UserId> {
        self.lock().keys().cloned().collect()
    }

    /// Whether any user with sockets here passes `wanted` (one lock, nothing cloned).
    fn any_user(&self, wanted: impl Fn(&UserId) -> bool) -> bool {
        self.lock().keys().any(wanted)
    }

    /// Queues messages for every socket of a user (see [`queue`]).
    fn send(&self, user_id: &UserId, messages: &[Utf8Bytes]) {
        queue(&mut self.lock(), user_id, messages);
    }

    /// [`PushHub::send`] for many users under one lock (an announcement batch: up to 500).
    /// Messages are encoded only for users with sockets here.
    fn send_each<'a>(&self, batch: impl IntoIterator<Item = (&'a UserId, impl FnOnce() -> Vec<Utf8Bytes>)>) {
        let mut sockets = self.lock();
        for (user_id, messages) in batch {
            if sockets.contains_key(user_id) {
                queue(&mut sockets, user_id, &messages());
            }
        }
    }
}

/// Queues messages for every socket of a user; a socket whose queue is full is dropped.
fn queue(sockets: &mut HashMap<UserId, Vec<(u64, Outbox)>>, user_id: &UserId, messages: &[Utf8Bytes]) {
    let Some(mine) = sockets.get_mut(user_id) else {
        return;
    };
    mine.retain(|(_, outbox)| {
        messages
            .iter()
            .all(|message| outbox.try_send(message.clone()).is_ok())
    });
}

fn encode(message: &PushMessage) -> Utf8Bytes {
    serde_json::to_string(message)
        .expect("push messages always encode")
        .into()
}

/// Forwards bus events to local sockets. Each event costs at most one query per user
/// with sockets here; users without sockets cost nothing.
async fn relay(hub: PushHub, db: Db, mut events: broadcast::Receiver<Event>, shutdown: CancellationToken) {
    loop {
        let event = tokio::select! {
            _ = shutdown.cancelled() => break,
            event = events.recv() => event,
        };
        let event = match event {
            Ok(event) => event,
            Err(broadcast::error::RecvError::Lagged(missed)) => {
                tracing::warn!(missed, "push hub fell behind the event bus; resyncing sockets");
                Event::new(Event::RESYNC, None, serde_json::Value::Null)
            }
            Err(broadcast::error::RecvError::Closed) => break,
        };
        if let Err(error) = forward(&hub, &db, &event).await {
            tracing::warn!(%error, topic = %event.topic, "could not forward an event to sockets");
        }
    }
}

async fn forward(hub: &PushHub, db: &Db, event: &Event) -> Result<(), sqlx::Error> {
    match (event.topic.as_str(), &event.user_id) {
        (TOPIC_NEW, Some(user)) if hub.has(user) => {
            let Some(id) = event.payload["id"].as_str() else {
                return Ok(());
            };
            if let Some(row) = store::find(db, user, id).await? {
                push_new(hub, db, user, &[row.view()]).await?;
            }
        }
        (TOPIC_READ, Some(user)) if hub.has(user) => {
            let ids = event.payload["ids"]
                .as_array()
                .map(|ids| {
                    ids.iter()
                        .filter_map(|id| id.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            let all = event.payload["all"].as_bool().unwrap_or(false);
            let count = store::unread_count(db, user).await?;
            hub.send(
                user,
                &[
                    encode(&PushMessage::Read { ids, all }),
                    encode(&PushMessage::UnreadCount { count }),
                ],
            );
        }
        (TOPIC_DELETED, Some(user)) if hub.has(user) => {
            let id = event.payload["id"].as_str().unwrap_or_default().to_string();
            let count = store::unread_count(db, user).await?;
            hub.send(
                user,
                &[
                    encode(&PushMessage::Deleted { id }),
                    encode(&PushMessage::UnreadCount { count }),
                ],
            );
        }
        (TOPIC_BATCH, None) => {
            let (Some(key), Some(last)) = (event.payload["key"].as_str(), event.payload["last"].as_str())
            else {
                return Ok(());
            };
            let after = event.payload["after"].as_str().unwrap_or("");
            let in_batch = |user: &UserId| user.as_str() > after && user.as_str() <= last;
            if !hub.any_user(in_batch) {
                return Ok(());
            }
            // One query for the whole batch (up to 500 users), not two per user: this is
            // what keeps an announcement's push to 1000 sockets fast (bench/push.sh).
            let started = std::time::Instant::now();
            let rows = store::find_batch_with_unread(db, key, after, last).await?;
            let found = started.elapsed();
            let users = rows.len();
            hub.send_each(rows.iter().map(|store::BatchRow { row, unread }| {
                (&row.user_id, || new_messages(&[row.view()], *unread))
            }));
            tracing::debug!(users, ?found, queued = ?started.elapsed(), "announcement batch queued for sockets");
        }
        (ACCESS_REVOKED_TOPIC, Some(user)) if hub.has(user) => hub.send(user, &[RECHECK]),
        (Event::RESYNC, None) => {
            // Events may be lost: tell every socket its unread count (the client reloads
            // its list when the count disagrees with what it shows).
            for user in hub.users() {
                let count = store::unread_count(db, &user).await?;
                hub.send(&user, &[encode(&PushMessage::UnreadCount { count })]);
            }
        }
        _ => {}
    }
    Ok(())
}

async fn push_new(
    hub: &PushHub,
    db: &Db,
    user: &UserId,
    views: &[NotificationView],
) -> Result<(), sqlx::Error> {
    let count = store::unread_count(db, user).await?;
    hub.send(user, &new_messages(views, count));
    Ok(())
}

/// New notifications for one user's sockets, then the user's unread count.
fn new_messages(views: &[NotificationView], unread: i64) -> Vec<Utf8Bytes> {
    let mut messages: Vec<Utf8Bytes> = views
        .iter()
        .map(|view| {
            encode(&PushMessage::New {
                notification: view.clone(),
            })
        })
        .collect();
    messages.push(encode(&PushMessage::UnreadCount { count: unread }));
    messages
}

#[derive(serde::Deserialize)]
pub struct SocketQuery {
    /// The newest notification id the client holds (empty: none; absent: first connection).
    after: Option<String>,
}

/// `GET /api/v1/notifications/socket`: upgrades a signed-in user's request. Browsers send
/// cookies with cross-site WebSocket requests too, so the origin must be ours.
pub async fn upgrade(
    State(state): State<AppState>,
    State(hub): State<PushHub>,
    caller: Result<Caller, ApiError>,
    session: tower_sessions::Session,
    headers: HeaderMap,
    Query(query): Query<SocketQuery>,
    socket: WebSocketUpgrade,
) -> Response {
    if !same_origin(&headers, &state.settings.public_url) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let user = match caller.and_then(|caller| caller.acting_for(NOTIFICATIONS_READ).cloned()) {
        Ok(user) => user,
        Err(error) => return error.into_response(),
    };
    let Some(credential) = Credential::of(&headers, &session) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let (outbox, inbox) = mpsc::channel(QUEUE);
    let Some(id) = hub.register(&user.id, outbox) else {
        return StatusCode::TOO_MANY_REQUESTS.into_response();
    };
    // Clients only send pongs and tiny frames: a 4 KiB read buffer instead of tungstenite's
    // 128 KiB default (zeroed in full on the first read) keeps a thousand idle sockets small.
    socket
        .read_buffer_size(SOCKET_READ_BUFFER)
        .max_message_size(SOCKET_READ_BUFFER)
        .max_frame_size(SOCKET_READ_BUFFER)
        .on_failed_upgrade({
            let (hub, user) = (hub.clone(), user.id.clone());
            move |_| hub.unregister(&user, id)
        })
        .on_upgrade(move |socket| async move {
            let user_id = user.id.clone();
            serve(socket, &state, &hub, &user_id, &credential, query.after, inbox).await;
            hub.unregister(&user_id, id);
        })
}

fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|value| value.to_str().ok()) else {
        return true; // not a browser page: no ambient cookie to abuse
    };
    let host = headers.get(header::HOST).and_then(|value| value.to_str().ok());
    origin == public_url.trim_end_matches('/')
        || origin
            .split_once("://")
            .is_some_and(|(_, origin_host)| Some(origin_host) == host)
}

/// One socket's life: catch up, then forward queued messages and keep the line alive. With
/// every heartbeat, and when told some of the user's access was revoked, it checks that its
/// session or key is still live, and closes with [`CLOSE_SIGNED_OUT`] when not.
async fn serve(
    mut socket: WebSocket,
    state: &AppState,
    hub: &PushHub,
    user_id: &UserId,
    credential: &Credential,
    after: Option<String>,
    mut queued: mpsc::Receiver<Utf8Bytes>,
) {
    let signed_out = || async {
        // A database hiccup keeps the socket: the next check decides.
        !credential.is_live(state).await.unwrap_or(true)
    };
    let close_signed_out = || CloseFrame {
        code: CLOSE_SIGNED_OUT,
        reason: "signed out".into(),
    };
    let shutdown = hub.inner.shutdown.clone();
    if catch_up(&mut socket, state, user_id, after).await.is_err() {
        return;
    }
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.tick().await;
    let mut last_heard = tokio::time::Instant::now();
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => {
                let frame = CloseFrame { code: CLOSE_RESTART, reason: "restarting".into() };
                let _ = socket.send(Message::Close(Some(frame))).await;
                return;
            }
            message = queued.recv() => {
                // The hub dropped this socket (its queue was full): the client reconnects.
                let Some(first) = message else { return };
                // What is queued already leaves in one write: a notification and its unread
                // count are one flush, not one each (an announcement to a thousand sockets
                // is a thousand writes instead of two thousand; bench/push.sh).
                let mut batch = vec![first];
                while let Ok(more) = queued.try_recv() {
                    batch.push(more);
                }
                for text in batch {
                    if text == RECHECK {
                        if socket.flush().await.is_err() {
                            return;
                        }
                        if signed_out().await {
                            let _ = socket.send(Message::Close(Some(close_signed_out()))).await;
                            return;
                        }
                    } else if socket.feed(Message::Text(text)).await.is_err() {
                        return;
                    }
                }
                if socket.flush().await.is_err() {
                    return;
                }
            }
            received = socket.recv() => match received {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => last_heard = tokio::time::Instant::now(),
            },
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > IDLE_LIMIT {
                    return;
                }
                if signed_out().await {
                    let _ = socket.send(Message::Close(Some(close_signed_out()))).await;
                    return;
                }
                // A ping frame for proxies and the browser; the text for the client's own
                // liveness check (pages cannot see ping frames).
                if socket.send(Message::Ping(Default::default())).await.is_err()
                    || socket.send(Message::Text(encode(&PushMessage::Ping))).await.is_err()
                {
                    return;
                }
            }
        }
    }
}

async fn catch_up(
    socket: &mut WebSocket,
    state: &AppState,
    user_id: &UserId,
    after: Option<String>,
) -> Result<(), ()> {
    let recent_from = state.clock.now() - CATCH_UP_WINDOW;
    // A first connection (no `after`) loads its list over HTTP: only the count here. A
    // reconnect sends `after` (empty when it held nothing) and gets what it missed.
    let missed = match after.as_deref() {
        Some(after) => {
            let after = (!after.is_empty()).then_some(after);
            store::since(&state.db, user_id, after, recent_from, CATCH_UP_LIMIT)
                .await
                .map_err(|_| ())?
        }
        None => Vec::new(),
    };
    let count = store::unread_count(&state.db, user_id).await.map_err(|_| ())?;
    for row in missed {
        let message = encode(&PushMessage::New {
            notification: row.view(),
        });
        socket.send(Message::Text(message)).await.map_err(|_| ())?;
    }
    socket
        .send(Message::Text(encode(&PushMessage::UnreadCount { count })))
        .await
        .map_err(|_| ())
}
