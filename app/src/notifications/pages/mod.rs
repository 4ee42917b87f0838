//! The notification UI: the bell in the header, the inbox page `/notifications`, the
//! settings page `/settings/notifications` and the unsubscribe page.

mod banner;
mod bell;
mod inbox;
mod settings;
mod unsubscribe;

pub use banner::{AnnouncementBanner, AnnouncementCard};
pub use bell::NotificationBell;
pub use inbox::NotificationsPage;
pub use settings::NotificationSettingsPage;
pub use unsubscribe::UnsubscribePage;

use super::live::LinkState;
use super::{NotificationText, NotificationView};
use crate::i18n::t;
use crate::ui::short_time;
use leptos::prelude::*;

/// One notification in a list (dropdown or page). Clicking it marks it read and follows
/// its link.
#[component]
fn NotificationItem(
    notification: NotificationView,
    /// Called with the id when the notification is opened.
    on_open: Callback<String>,
    #[prop(optional)] compact: bool,
) -> impl IntoView {
    let href = notification
        .action_url
        .clone()
        .unwrap_or_else(|| "/notifications".into());
    let id = notification.id.clone();
    let unread = !notification.is_read;
    view! {
        <a
            href=href
            data-testid="notification-item"
            data-read=(!unread).to_string()
            data-id=notification.id.clone()
            class=move || format!(
                "block rounded-lg px-3 py-2 hover:bg-slate-100 focus:bg-slate-100 focus:outline-none dark:hover:bg-slate-800 dark:focus:bg-slate-800 {}",
                if unread { "bg-sky-50 dark:bg-sky-950/40" } else { "" },
            )
            on:click=move |_| on_open.run(id.clone())
        >
            <p class="flex items-start gap-2 text-sm font-semibold">
                {unread.then(|| view! {
                    <span class="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-sky-700" aria-hidden="true"></span>
                    <span class="sr-only">{t(NotificationText::UnreadSuffix)}</span>
                })}
                <span>{notification.title.clone()}</span>
            </p>
            <p class=if compact { "line-clamp-2 text-sm text-slate-600 dark:text-slate-400" } else { "text-sm text-slate-600 dark:text-slate-400" }>
                {notification.message.clone()}
            </p>
            <p class="mt-1 text-xs text-slate-600 dark:text-slate-400">{format!("{} UTC", short_time(&notification.created_at))}</p>
        </a>
    }
    // Erased: lists of these nest deep enough to overflow the compiler's type queries.
    .into_any()
}

/// A small dot (and, unless `compact`, a label) saying whether the live line is up.
#[component]
fn LinkIndicator(link: RwSignal<LinkState>, #[prop(optional)] compact: bool) -> impl IntoView {
    let label = move || match link.get() {
        LinkState::Live => t(NotificationText::Live)(),
        LinkState::Offline => t(NotificationText::Offline)(),
        LinkState::Connecting | LinkState::Idle => t(NotificationText::Connecting)(),
    };
    let dot = move || match link.get() {
        LinkState::Live => "bg-emerald-500",
        LinkState::Offline => "bg-rose-500",
        LinkState::Connecting | LinkState::Idle => "bg-amber-400",
    };
    let state = move || match link.get() {
        LinkState::Live => "live",
        LinkState::Offline => "offline",
        LinkState::Connecting => "connecting",
        LinkState::Idle => "idle",
    };
    if compact {
        return view! {
            <span
                class=move || format!("absolute bottom-1 left-1 h-2 w-2 rounded-full ring-2 ring-white dark:ring-slate-950 {}", dot())
                data-testid="live-state"
                data-state=state
                title=label
            ></span>
        }
        .into_any();
    }
    view! {
        <span class="inline-flex items-center gap-1 text-xs text-slate-600 dark:text-slate-400" data-testid="live-state-label" data-state=state role="status">
            <span class=move || format!("h-2 w-2 rounded-full {}", dot()) aria-hidden="true"></span>
            {label}
        </span>
    }
    .into_any()
}
