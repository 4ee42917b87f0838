//! The bell in the header: the live unread badge and a dropdown of the latest ten.

use super::{LinkIndicator, NotificationItem};
use crate::i18n::t;
use crate::notifications::live::use_live_inbox;
use crate::notifications::{NotificationText, mark_all_notifications_read, mark_notification_read};
use leptos::prelude::*;

#[component]
pub fn NotificationBell() -> impl IntoView {
    let inbox = use_live_inbox();
    let user = crate::accounts::pages::use_auth().user;
    let open = RwSignal::new(false);
    let badge = move || inbox.unread.get().filter(|count| *count > 0);
    let open_one = Callback::new(move |id: String| {
        inbox.mark_read_locally(&id);
        open.set(false);
        leptos::task::spawn_local(async move {
            let _ = mark_notification_read(id).await;
        });
    });
    let read_all = move |_| {
        inbox
            .latest
            .update(|latest| latest.iter_mut().for_each(|n| n.is_read = true));
        inbox.unread.set(Some(0));
        leptos::task::spawn_local(async move {
            let _ = mark_all_notifications_read().await;
        });
    };
    let bell = move || {
        view! {
            <div
                class="relative"
                on:keydown=move |event| {
                    if event.key() == "Escape" {
                        open.set(false);
                    }
                }
            >
                <button
                    type="button"
                    data-testid="notification-bell"
                    class="relative rounded p-2 hover:bg-slate-100 dark:hover:bg-slate-800"
                    aria-haspopup="true"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="notifikasi-terbaru"
                    on:click=move |_| open.update(|open| *open = !*open)
                >
                    // The name is the button's text ("Open notifications 3 unread"), so the
                    // count a sighted user sees is part of what a screen reader says.
                    <span class="sr-only">{t(NotificationText::OpenNotifications)}" "</span>
                    <svg viewBox="0 0 24 24" class="h-6 w-6" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
                        <path d="M15 17h5l-1.4-1.4A2 2 0 0 1 18 14.2V11a6 6 0 1 0-12 0v3.2a2 2 0 0 1-.6 1.4L4 17h5m6 0a3 3 0 1 1-6 0m6 0H9" />
                    </svg>
                    <LinkIndicator link=inbox.link compact=true />
                    <Show when=move || badge().is_some()>
                        <span
                            data-testid="notification-badge"
                            class="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-rose-700 px-1 text-center text-xs font-bold leading-5 text-white"
                        >
                            {move || badge().map(|count| if count > 99 { "99+".to_string() } else { count.to_string() })}
                        </span>
                        <span class="sr-only">" "{t(NotificationText::UnreadSuffix)}</span>
                    </Show>
                </button>
                <div
                    id="notifikasi-terbaru"
                    data-testid="notification-dropdown"
                    hidden=move || !open.get()
                    class="absolute right-0 z-40 mt-2 w-[min(24rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-800 dark:bg-slate-900"
                >
                    <div class="flex items-center justify-between gap-2 px-2 py-1">
                        <p class="font-semibold">{t(NotificationText::Notifications)}</p>
                        <LinkIndicator link=inbox.link />
                    </div>
                    <Show
                        when=move || !inbox.latest.with(Vec::is_empty)
                        fallback=move || view! {
                            <p class="px-3 py-6 text-center text-sm text-slate-600 dark:text-slate-400" data-testid="notifications-empty">
                                {move || if inbox.unread.get().is_none() { t(NotificationText::Loading)() } else { t(NotificationText::Empty)() }}
                            </p>
                        }
                    >
                        <ul class="max-h-96 space-y-1 overflow-y-auto">
                            <For
                                each=move || inbox.latest.get()
                                key=|n| (n.id.clone(), n.is_read)
                                children=move |notification| view! { <li><NotificationItem notification on_open=open_one compact=true /></li> }
                            />
                        </ul>
                    </Show>
                    <div class="mt-1 flex items-center justify-between border-t border-slate-200 px-2 pt-2 text-sm dark:border-slate-800">
                        <button
                            type="button"
                            data-testid="mark-all-read"
                            class="font-medium text-sky-700 hover:underline disabled:opacity-50 dark:text-sky-400"
                            disabled=move || badge().is_none()
                            on:click=read_all
                        >
                            {t(NotificationText::MarkAllRead)}
                        </button>
                        <a href="/notifications" class="font-medium text-sky-700 hover:underline dark:text-sky-400" on:click=move |_| open.set(false)>
                            {t(NotificationText::SeeAll)}
                        </a>
                    </div>
                </div>
            </div>
        }
    };
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                matches!(user.await, Ok(Some(_))).then(bell)
            })}
        </Transition>
    }
}
