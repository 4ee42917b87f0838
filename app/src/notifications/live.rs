//! The browser side of real-time push: one WebSocket per tab, opened while someone is
//! signed in, shared by the bell and the inbox page through context.
//!
//! It reconnects by itself with exponential backoff and jitter, tells the server the
//! newest notification it holds so it is sent what it missed, drops duplicates by id, and
//! closes a line that has gone quiet (the server pings every 25 s).

use super::{NotificationView, PushMessage};
use leptos::prelude::*;

/// Whether the live line is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// Not signed in, or the page is not running in a browser (server rendering).
    Idle,
    Connecting,
    Live,
    /// Lost; a reconnect is scheduled.
    Offline,
}

/// The signed-in user's inbox as this tab knows it.
#[derive(Clone, Copy)]
pub struct LiveInbox {
    /// Unread count; `None` until the first answer.
    pub unread: RwSignal<Option<i64>>,
    pub link: RwSignal<LinkState>,
    /// The latest notifications (newest first) — the bell's dropdown.
    pub latest: RwSignal<Vec<NotificationView>>,
    /// The last message pushed, for pages that keep their own lists (the inbox page).
    pub last_push: RwSignal<Option<PushMessage>>,
}

pub fn use_live_inbox() -> LiveInbox {
    expect_context::<LiveInbox>()
}

impl LiveInbox {
    /// Applies a pushed message to the shared state.
    pub fn apply(&self, message: PushMessage) {
        match &message {
            PushMessage::New { notification } => self.latest.update(|latest| {
                if !latest.iter().any(|known| known.id == notification.id) {
                    latest.push(notification.clone());
                    latest.sort_by(|a, b| b.id.cmp(&a.id));
                    latest.truncate(super::DROPDOWN_SIZE as usize);
                }
            }),
            PushMessage::Read { ids, all } => self.latest.update(|latest| {
                for known in latest.iter_mut() {
                    if *all || ids.contains(&known.id) {
                        known.is_read = true;
                    }
                }
            }),
            PushMessage::Deleted { id } => self
                .latest
                .update(|latest| latest.retain(|known| &known.id != id)),
            PushMessage::UnreadCount { count } => self.unread.set(Some(*count)),
            PushMessage::Ping => return,
        }
        self.last_push.set(Some(message));
    }

    /// Marks one read here at once (the server confirms it to the other tabs).
    pub fn mark_read_locally(&self, id: &str) {
        let mut was_unread = false;
        self.latest.update(|latest| {
            for known in latest.iter_mut().filter(|known| known.id == id) {
                was_unread = !known.is_read;
                known.is_read = true;
            }
        });
        if was_unread {
            self.unread.update(|count| {
                if let Some(count) = count {
                    *count = (*count - 1).max(0);
                }
            });
        }
    }
}

/// Provides the [`LiveInbox`] and, in the browser, keeps its socket open while a user is
/// signed in.
#[component]
pub fn LiveInboxProvider(children: Children) -> impl IntoView {
    let inbox = LiveInbox {
        unread: RwSignal::new(None),
        link: RwSignal::new(LinkState::Idle),
        latest: RwSignal::new(Vec::new()),
        last_push: RwSignal::new(None),
    };
    provide_context(inbox);
    #[cfg(feature = "hydrate")]
    browser::run(inbox);
    children()
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{LinkState, LiveInbox};
    use crate::notifications::PushMessage;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use leptos::wasm_bindgen::closure::Closure;
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::time::Duration;
    use web_sys::{CloseEvent, MessageEvent, WebSocket};

    const FIRST_RETRY_MS: f64 = 500.0;
    const MAX_RETRY_MS: f64 = 30_000.0;
    /// No message for this long (the server pings every 25 s): the line is dead.
    const SILENCE_LIMIT_MS: f64 = 60_000.0;

    #[derive(Default)]
    struct Line {
        socket: Option<WebSocket>,
        attempt: u32,
        last_heard: f64,
        signed_in: bool,
        /// Bumped on every (re)connect so a stale timer or handler does nothing.
        generation: u64,
        /// A socket has been open before: the next one is a reconnect and asks to catch up.
        was_open: bool,
    }

    pub fn run(inbox: LiveInbox) {
        let line = Rc::new(RefCell::new(Line::default()));
        let user = crate::accounts::pages::use_auth().user;
        // Signed in or out: open or close the line, and load the latest list.
        Effect::new({
            let line = line.clone();
            move |_| {
                let signed_in = matches!(user.get(), Some(Ok(Some(_))));
                let was = line.borrow().signed_in;
                if signed_in == was {
                    return;
                }
                line.borrow_mut().signed_in = signed_in;
                if signed_in {
                    load_latest(inbox);
                    connect(&line, inbox);
                } else {
                    close(&line, inbox);
                }
            }
        });
        // The watchdog: a line that went silent is closed and reopened.
        let watchdog = line.clone();
        let _ = set_interval_with_handle(
            move || {
                let stale = {
                    let line = watchdog.borrow();
                    line.socket.is_some() && now() - line.last_heard > SILENCE_LIMIT_MS
                };
                if stale && let Some(socket) = watchdog.borrow_mut().socket.take() {
                    let _ = socket.close();
                    inbox.link.set(LinkState::Offline);
                    schedule(&watchdog, inbox);
                }
            },
            Duration::from_secs(10),
        );
    }

    fn now() -> f64 {
        js_sys::Date::now()
    }

    fn load_latest(inbox: LiveInbox) {
        leptos::task::spawn_local(async move {
            let page = crate::notifications::list_notifications(
                false,
                String::new(),
                String::new(),
                super::super::DROPDOWN_SIZE,
            )
            .await;
            if let Ok(page) = page {
                inbox.unread.set(Some(page.unread));
                inbox.latest.update(|latest| {
                    for item in page.items {
                        if !latest.iter().any(|known| known.id == item.id) {
                            latest.push(item);
                        }
                    }
                    latest.sort_by(|a, b| b.id.cmp(&a.id));
                    latest.truncate(super::super::DROPDOWN_SIZE as usize);
                });
            }
        });
    }

    /// The socket's address; a reconnect names the newest notification held (or none).
    fn socket_url(catch_up: Option<Option<String>>) -> Option<String> {
        let location = window().location();
        let scheme = if location.protocol().ok()? == "https:" {
            "wss"
        } else {
            "ws"
        };
        let host = location.host().ok()?;
        let mut url = format!("{scheme}://{host}{}", crate::notifications::SOCKET_PATH);
        if let Some(after) = catch_up {
            url.push_str("?after=");
            url.push_str(&crate::url::percent_encode(&after.unwrap_or_default()));
        }
        Some(url)
    }

    fn connect(line: &Rc<RefCell<Line>>, inbox: LiveInbox) {
        let newest = inbox
            .latest
            .with_untracked(|latest| latest.first().map(|n| n.id.clone()));
        let catch_up = line.borrow().was_open.then_some(newest);
        let Some(url) = socket_url(catch_up) else { return };
        let Ok(socket) = WebSocket::new(&url) else {
            schedule(line, inbox);
            return;
        };
        inbox.link.set(LinkState::Connecting);
        let generation = {
            let mut state = line.borrow_mut();
            state.generation += 1;
            state.last_heard = now();
            state.socket = Some(socket.clone());
            state.generation
        };
        let on_message = {
            let line = line.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                if line.borrow().generation != generation {
                    return;
                }
                {
                    let mut state = line.borrow_mut();
                    state.last_heard = now();
                    state.attempt = 0;
                    state.was_open = true;
                }
                inbox.link.set(LinkState::Live);
                if let Some(text) = event.data().as_string()
                    && let Ok(message) = serde_json::from_str::<PushMessage>(&text)
                {
                    inbox.apply(message);
                }
            })
        };
        let on_close = {
            let line = line.clone();
            Closure::<dyn FnMut(CloseEvent)>::new(move |_: CloseEvent| {
                let current = {
                    let mut state = line.borrow_mut();
                    let current = state.generation == generation;
                    if current {
                        state.socket = None;
                    }
                    current && state.signed_in
                };
                if current {
                    inbox.link.set(LinkState::Offline);
                    schedule(&line, inbox);
                }
            })
        };
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        // The handlers live as long as the socket (a handful per page life).
        on_message.forget();
        on_close.forget();
    }

    /// Reconnects after `min(30 s, 0.5 s · 2^attempt)`, with full jitter over its upper half.
    fn schedule(line: &Rc<RefCell<Line>>, inbox: LiveInbox) {
        let (attempt, generation) = {
            let mut state = line.borrow_mut();
            state.attempt += 1;
            state.generation += 1;
            (state.attempt, state.generation)
        };
        let ceiling = (FIRST_RETRY_MS * 2f64.powi(attempt.min(16) as i32 - 1)).min(MAX_RETRY_MS);
        let delay = ceiling * (0.5 + js_sys::Math::random() / 2.0);
        let line = line.clone();
        set_timeout(
            move || {
                let go = {
                    let state = line.borrow();
                    state.generation == generation && state.signed_in && state.socket.is_none()
                };
                if go {
                    connect(&line, inbox);
                }
            },
            Duration::from_millis(delay as u64),
        );
    }

    fn close(line: &Rc<RefCell<Line>>, inbox: LiveInbox) {
        let mut state = line.borrow_mut();
        state.generation += 1;
        if let Some(socket) = state.socket.take() {
            let _ = socket.close();
        }
        inbox.link.set(LinkState::Idle);
        inbox.unread.set(None);
        inbox.latest.set(Vec::new());
    }
}
