//! Notifications: every event a user should hear about becomes a row in their in-app inbox
//! (bell, `/notifications`), pushed live to their open tabs over a WebSocket, and delivered
//! by e-mail and Telegram as they choose (`/settings/notifications`).
//!
//! - [`service::notify_in`] (ssr): the one entry point for domain code.
//! - `templates` (ssr): each event's data and its text in both languages.
//! - `delivery` (ssr): the job that sends one notification to one outside channel.
//! - `inbox` (ssr), [`server_fns`], `api` (ssr): reading and marking, for pages and REST.
//! - `push` (ssr): the WebSocket hub; [`live`]: its browser side (one socket per tab).

mod kinds;
pub mod live;
pub mod pages;
mod server_fns;
pub mod texts;

#[cfg(feature = "ssr")]
pub mod announcements;
#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod banners;
#[cfg(feature = "ssr")]
pub mod delivery;
#[cfg(feature = "ssr")]
pub mod inbox;
#[cfg(feature = "ssr")]
pub mod linking;
#[cfg(feature = "ssr")]
pub mod push;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod telegram;
#[cfg(feature = "ssr")]
pub mod templates;
#[cfg(feature = "ssr")]
pub mod unsubscribe;

pub use kinds::{Channel, DeliveryStatus, NotificationKind};
pub use server_fns::*;
pub use texts::NotificationText;

use serde::{Deserialize, Serialize};

/// How many notifications the bell's dropdown shows.
pub const DROPDOWN_SIZE: i64 = 10;
/// Where the browser opens its live line.
pub const SOCKET_PATH: &str = "/api/v1/notifications/socket";
/// How many the inbox page loads at a time.
pub const PAGE_SIZE: i64 = 20;

/// A notification as the browser gets it (pages, REST, WebSocket).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NotificationView {
    pub id: String,
    /// The type's code (`VPS_ACTIVE`).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub message: String,
    pub action_url: Option<String>,
    pub is_read: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// One page of the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InboxPage {
    pub items: Vec<NotificationView>,
    /// Pass as `before` for the next (older) page; `None` on the last page.
    pub next_cursor: Option<String>,
    pub unread: i64,
}

/// What the server pushes over the WebSocket (`{"event": "...", ...}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event")]
pub enum PushMessage {
    #[serde(rename = "notification:new")]
    New { notification: NotificationView },
    /// Read here or in another tab or device: `ids`, or every notification when `all`.
    #[serde(rename = "notification:read")]
    Read {
        #[serde(default)]
        ids: Vec<String>,
        #[serde(default)]
        all: bool,
    },
    #[serde(rename = "notification:deleted")]
    Deleted { id: String },
    #[serde(rename = "unread_count")]
    UnreadCount { count: i64 },
    /// The server is still there (sent when the line has been quiet).
    #[serde(rename = "ping")]
    Ping,
}

/// One row of the preferences table: a type and, per channel, whether it is on and
/// whether the user may change it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreferenceRow {
    pub kind: NotificationKind,
    /// In [`Channel::ALL`] order: (enabled, can change).
    pub channels: Vec<(bool, bool)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationSettings {
    pub rows: Vec<PreferenceRow>,
    /// `HH:MM` WIB, or empty.
    pub quiet_start: String,
    pub quiet_end: String,
    pub telegram: TelegramState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TelegramState {
    /// No bot configured on this server.
    Unavailable,
    NotLinked {
        bot_username: String,
    },
    Linked {
        chat_id: String,
    },
}

/// How loud an announcement is (the banner's colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Critical];

    pub fn code(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }

    pub fn from_code(code: &str) -> Option<Severity> {
        Self::ALL.into_iter().find(|severity| severity.code() == code)
    }
}

/// Who an announcement goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    /// Every active account.
    All,
    /// Customers with a running service.
    ActiveServices,
    /// Customers with a running service at this provider.
    Provider(String),
}

impl Audience {
    /// The stored form: (`all` | `active` | `provider`, provider slug).
    pub fn parts(&self) -> (&'static str, Option<&str>) {
        match self {
            Audience::All => ("all", None),
            Audience::ActiveServices => ("active", None),
            Audience::Provider(slug) => ("provider", Some(slug)),
        }
    }

    pub fn from_parts(kind: &str, provider: Option<&str>) -> Audience {
        match (kind, provider) {
            ("active", _) => Audience::ActiveServices,
            ("provider", Some(slug)) => Audience::Provider(slug.to_string()),
            _ => Audience::All,
        }
    }
}

/// An announcement as the site-wide banner shows it, in the viewer's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BannerView {
    pub id: String,
    pub title: String,
    pub body: String,
    pub severity: Severity,
    pub link: Option<String>,
}
